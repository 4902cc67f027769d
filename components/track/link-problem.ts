// Why a tracking link cannot show a place in line, from the server's error: the patient page
// words each reason in the patient's language (the server's messages are English).
export type LinkProblem = "invalid" | "expired" | "replaced" | "moved" | "notFound" | "unavailable";

export function linkProblemOf(message: string, code?: string): LinkProblem {
  if (code === "NOT_FOUND" || /could not find/i.test(message)) return "notFound";
  if (code !== undefined && code !== "BAD_REQUEST") return "unavailable";
  if (/expired/i.test(message)) return "expired";
  if (/replaced/i.test(message)) return "replaced";
  if (/moved/i.test(message)) return "moved";
  return code === "BAD_REQUEST" || /not valid|link/i.test(message) ? "invalid" : "unavailable";
}
