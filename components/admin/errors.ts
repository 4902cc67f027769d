// A tRPC error as a form shows it: messages by field path (the formatter in server/trpc/init.ts
// joins zod issues as "weekly.2.end: message; ..."), the domain reason, and one line for people.

type WireError = {
  message: string;
  data?: { reason?: string; zodError?: { fieldErrors?: Record<string, string[] | undefined> } | null } | null;
};

export type FormErrors = { fields: Record<string, string>; reason: string | null; message: string | null };

export const NO_ERRORS: FormErrors = { fields: {}, reason: null, message: null };

export function formErrorsOf(error: unknown): FormErrors {
  if (!error || typeof error !== "object" || !("message" in error)) return NO_ERRORS;
  const e = error as WireError;
  const reason = e.data?.reason ?? null;
  const zod = e.data?.zodError;
  if (!zod) return { fields: {}, reason, message: e.message };
  const fields: Record<string, string> = {};
  // Full paths from the message first ("weekly.2.end"), then the first-level ones zod flattened.
  for (const part of e.message.split("; ")) {
    const match = /^([\w.]+): (.+)$/s.exec(part);
    const path = match?.[1];
    // Only paths zod named: a domain message may hold a colon too ("Note: ...").
    if (path && match[2] && zod.fieldErrors?.[path.split(".")[0] ?? ""]) fields[path] ??= match[2];
  }
  for (const [key, messages] of Object.entries(zod.fieldErrors ?? {})) {
    if (messages?.[0] && !Object.keys(fields).some((k) => k === key || k.startsWith(`${key}.`)))
      fields[key] = messages[0];
  }
  const unplaced = Object.keys(fields).length === 0;
  return { fields, reason, message: unplaced ? e.message : "Some fields need a change." };
}
