// The rules for a new staff password (NIST SP 800-63B, 5.1.1.2), applied wherever a password is set
// (adminStaff.create, setup's first admin, auth.resetWithLink, auth.changePassword) through ONE zod schema,
// `ZNewPassword`. Existing passwords are not re-checked: they still sign in.
// - at least 10 characters (Unicode code points, after NFKC as stored), at most 200;
// - not one of the common passwords (server/auth/common-passwords.ts) or a word of this service,
//   compared case-insensitively;
// - not a single character repeated;
// - not the account's own email, the part before its @, or its name (`passwordProblem` with the
//   account; the schema alone cannot know them: `checkAccountPassword` adds it to an input
//   that carries them, and services check it against the stored account otherwise).
// No composition rules (NIST advises against them) and no expiry.
import { z } from "zod";
import { COMMON_PASSWORDS_TEXT } from "./common-passwords.ts";

export const PASSWORD_MIN_LENGTH = 10;
export const PASSWORD_MAX_LENGTH = 200;

/** Words of this service and its demo, refused like the common passwords. */
const CONTEXT_WORDS = [
  "patientqueue",
  "patient-queue",
  "patient queue",
  "patientqueue1",
  "harbourview",
  "harbourview hospital",
  "harbourviewhospital",
  "hospital123",
  "hospital1234",
  "clinic12345",
  "changeme123",
  "admin12345",
  "reception123",
];

let common: Set<string> | null = null;

function commonPasswords(): Set<string> {
  common ??= new Set(
    [...COMMON_PASSWORDS_TEXT.split("\n"), ...CONTEXT_WORDS].map((p) => p.trim()).filter((p) => p !== ""),
  );
  return common;
}

const fold = (s: string) => s.normalize("NFKC").toLowerCase();

/** Whether `password` is on the common-password list (case-insensitively). */
export function isCommonPassword(password: string): boolean {
  return commonPasswords().has(fold(password).trim());
}

/** Why `password` may not be set (a plain sentence for the form), or null when it may. */
export function passwordProblem(
  password: string,
  account: { email?: string; name?: string } = {},
): string | null {
  const folded = fold(password);
  const length = [...folded].length;
  if (length < PASSWORD_MIN_LENGTH) return `Use at least ${PASSWORD_MIN_LENGTH} characters.`;
  if (length > PASSWORD_MAX_LENGTH) return `Use at most ${PASSWORD_MAX_LENGTH} characters.`;
  if (/^(.)\1*$/su.test(folded)) return "One character repeated is too easy to guess.";
  if (isCommonPassword(password))
    return "That password is one of the most common ones: choose something less guessable.";
  const own = [account.email, account.email?.split("@")[0], account.name]
    .filter((v): v is string => typeof v === "string" && v.trim() !== "")
    .map((v) => fold(v).trim());
  if (own.includes(folded.trim())) return "Do not use the account's email or name as its password.";
  return null;
}

/** A new password (any input that sets one uses this schema). */
export const ZNewPassword = z.string().superRefine((password, ctx) => {
  const problem = passwordProblem(password);
  if (problem) ctx.addIssue({ code: "custom", message: problem });
});

/**
 * Adds the email/name rule to an object input carrying the new password with the account's email
 * and name (adding a staff member): the issue is reported on `password`.
 */
export function checkAccountPassword(
  value: { password: string; email?: string; name?: string },
  ctx: z.RefinementCtx,
) {
  if (passwordProblem(value.password) !== null) return; // already reported by ZNewPassword
  const problem = passwordProblem(value.password, { email: value.email, name: value.name });
  if (problem) ctx.addIssue({ code: "custom", path: ["password"], message: problem });
}
