// Why a tracking link cannot show a place in line, from the server's error reason
// (server/domain/errors.ts): the patient page words each one in the patient's language (the
// server's messages are English).
import type { ErrorReason } from "../../server/trpc/errors";

export type LinkProblem = "invalid" | "expired" | "replaced" | "moved" | "notFound" | "unavailable";

const PROBLEMS = new Map<string, LinkProblem>([
  ["LINK_INVALID", "invalid"],
  // A link the input schema refused (empty, too long).
  ["BAD_REQUEST", "invalid"],
  ["LINK_EXPIRED", "expired"],
  ["LINK_REPLACED", "replaced"],
  ["APPOINTMENT_MOVED", "moved"],
  ["APPOINTMENT_NOT_FOUND", "notFound"],
  ["NOT_FOUND", "notFound"],
] satisfies [ErrorReason, LinkProblem][]);

/** The problem a reason means; anything else (a limit, a fault) is "unavailable": try again later. */
export function linkProblemOf(reason: string): LinkProblem {
  return PROBLEMS.get(reason) ?? "unavailable";
}
