// A person sets their own password: with the one-time link an admin handed them (signed out), or
// from the header while signed in (knowing the current one).
import { hashPassword, verifyPassword } from "../auth/password.ts";
import { passwordProblem } from "../auth/password-policy.ts";
import { now } from "../clock.ts";
import { consumeResetLink, findResetLink } from "../db/reset-link-repo.ts";
import { changeOwnPassword, findStaffPassword } from "../db/staff-repo.ts";
import { DomainError } from "../domain/errors.ts";
import { announceRevoked } from "../realtime/identity-sockets.ts";
import { resetLinkHash } from "./staff.ts";

const linkInvalid = () =>
  new DomainError(
    "RESET_LINK_INVALID",
    "This link does not work (it may have been used already). Please ask your admin for a new one.",
  );

/**
 * Whether a set-password link can still be used, for its page to say so before anyone types a new
 * password twice: "usable", "expired", or "invalid" (unknown, used, or its account deactivated).
 * Tells nothing of the account.
 */
export async function resetLinkState(secret: string): Promise<"usable" | "expired" | "invalid"> {
  const link = secret ? await findResetLink(resetLinkHash(secret)) : null;
  if (!link || link.usedAt || !link.staff.active) return "invalid";
  return link.expiresAt.getTime() <= now().getTime() ? "expired" : "usable";
}

/**
 * Sets the password of the link's account, once: the link is then used, and every session of the
 * account (its open sockets included) ends. Unknown or used: RESET_LINK_INVALID; past its day:
 * RESET_LINK_EXPIRED.
 */
export async function resetWithLink(secret: string, password: string) {
  const link = await findResetLink(resetLinkHash(secret));
  if (!link || link.usedAt) throw linkInvalid();
  if (link.expiresAt.getTime() <= now().getTime())
    throw new DomainError(
      "RESET_LINK_EXPIRED",
      "This link has expired (links work for 24 hours). Please ask your admin for a new one.",
    );
  const problem = passwordProblem(password, link.staff);
  if (problem) throw new DomainError("PASSWORD_REJECTED", problem, "password");
  if (!(await consumeResetLink(link, await hashPassword(password), now()))) throw linkInvalid();
  await announceRevoked({ staffId: link.staffId });
  return { ok: true as const };
}

/**
 * A signed-in person's new password. The current one must be right; their other sessions end (and
 * their sockets close), the one they changed it from stays signed in.
 */
export async function changePassword(
  staffId: string,
  keepSessionId: string | null,
  input: { currentPassword: string; newPassword: string },
) {
  const account = await findStaffPassword(staffId);
  if (!(await verifyPassword(input.currentPassword, account?.passwordHash ?? null)) || !account)
    throw new DomainError("CURRENT_PASSWORD_WRONG", "Your current password is not right.", "currentPassword");
  const problem = passwordProblem(input.newPassword, account);
  if (problem) throw new DomainError("PASSWORD_REJECTED", problem, "newPassword");
  const ended = await changeOwnPassword(staffId, await hashPassword(input.newPassword), keepSessionId, now());
  await Promise.all(ended.map((sessionId) => announceRevoked({ sessionId })));
  return { ok: true as const, endedSessions: ended.length };
}
