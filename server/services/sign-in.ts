// Staff sign-in by email and password. An email is unique within a hospital, not across hospitals
// (several hospitals may each have an account with it), so every account with the email is a
// candidate and the password is checked against each of them the same way.
// - Same work whether or not the email exists: no candidate is checked against a dummy hash of the
//   same cost (server/auth/password.ts), so the answer's timing does not list the accounts.
// - Candidates are checked together (the hashes run in parallel on libuv's pool) and at most
//   MAX_ACCOUNTS_PER_EMAIL of them (the oldest), so an email used in many hospitals cannot make one
//   attempt cost more than that.
// - The account whose password matches signs in. When the same email AND password open active
//   accounts in more than one hospital, nobody can tell which one was meant: the answer is CONFLICT
//   with a plain message (only someone who knows that password learns it), and an admin of either
//   hospital resets that account's password so the two differ. A deactivated account never signs in
//   and never makes the choice ambiguous.
import { verifyPassword } from "../auth/password.ts";
import { findStaffForLogin } from "../db/staff-repo.ts";
import { DomainError } from "../domain/errors.ts";

export const MAX_ACCOUNTS_PER_EMAIL = 5;

/** The account these credentials open, or null (unknown email, wrong password, deactivated). */
export async function accountForCredentials(email: string, password: string) {
  const candidates = await findStaffForLogin(email.trim().toLowerCase(), MAX_ACCOUNTS_PER_EMAIL);
  if (candidates.length === 0) {
    await verifyPassword(password, null);
    return null;
  }
  const checks = await Promise.all(candidates.map((c) => verifyPassword(password, c.passwordHash)));
  const opened = candidates.filter((c, i) => checks[i] && c.active);
  if (opened.length > 1)
    throw new DomainError(
      "ACCOUNT_AMBIGUOUS",
      "This email and password open accounts in more than one hospital. Ask an admin of one of them to reset that account's password, then sign in again.",
    );
  const staff = opened[0];
  if (!staff) return null;
  const { passwordHash: _, ...account } = staff;
  return account;
}
