// Staff management and API tokens: admins run their hospital's accounts; everyone runs their own tokens.
import { newApiTokenSecret } from "../auth/api-token.ts";
import { hashPassword } from "../auth/password.ts";
import { passwordProblem } from "../auth/password-policy.ts";
import { type Scope, scopesForRole } from "../auth/scopes.ts";
import { now } from "../clock.ts";
import { revokeSession } from "../db/session-repo.ts";
import {
  createStaff,
  doctorInHospital,
  findStaffForSession,
  listStaff,
  resetStaffPassword,
  setStaffActive,
  staffEmailInHospital,
} from "../db/staff-repo.ts";
import { createApiToken, listApiTokens, revokeApiToken } from "../db/token-repo.ts";
import { DomainError } from "../domain/errors.ts";
import { announceRevoked } from "../realtime/identity-sockets.ts";

type Role = "ADMIN" | "RECEPTIONIST" | "DOCTOR";

export { listStaff };

export async function addStaff(
  hospitalId: string,
  input: { email: string; name: string; role: Role; password: string; doctorId?: string | null },
) {
  const problem = passwordProblem(input.password, { email: input.email, name: input.name });
  if (problem) throw new DomainError("PASSWORD_REJECTED", problem);
  const doctorId = input.role === "DOCTOR" ? (input.doctorId ?? null) : null;
  if (input.role === "DOCTOR" && !doctorId)
    throw new DomainError("DOCTOR_LINK_REQUIRED", "A doctor's account must be linked to a doctor.");
  if (doctorId && !(await doctorInHospital(hospitalId, doctorId)))
    throw new DomainError("DOCTOR_NOT_FOUND", "Doctor not found.");
  const created = await createStaff({
    hospitalId,
    email: input.email,
    name: input.name,
    role: input.role,
    doctorId,
    passwordHash: await hashPassword(input.password),
  });
  // Emails are unique per hospital: another hospital's account with this email is no conflict (and
  // nothing here tells whether one exists); a duplicate in this hospital may say so.
  if (!created)
    throw new DomainError(
      "ACCOUNT_EXISTS",
      (await staffEmailInHospital(hospitalId, input.email))
        ? "That email already has an account in this hospital."
        : "That doctor already has an account.",
    );
  return created;
}

/**
 * Refuses a new password that is the account's own email or name (the rest of the policy is in the
 * input schema, ZNewPassword). An account not in this hospital is left to the change to refuse.
 */
export async function assertPasswordFitsAccount(hospitalId: string, staffId: string, password: string) {
  const staff = await findStaffForSession(staffId);
  if (!staff || staff.hospitalId !== hospitalId) return;
  const problem = passwordProblem(password, { email: staff.email, name: staff.name });
  if (problem) throw new DomainError("PASSWORD_REJECTED", problem);
}

export async function changeStaffActive(
  hospitalId: string,
  actorId: string,
  staffId: string,
  active: boolean,
) {
  if (!active && staffId === actorId)
    throw new DomainError("CANNOT_DEACTIVATE_SELF", "You cannot deactivate your own account.");
  if (!(await setStaffActive(hospitalId, staffId, active, now())))
    throw new DomainError("STAFF_NOT_FOUND", "Staff member not found.");
  if (!active) await announceRevoked({ staffId });
  return { staffId, active };
}

export async function resetPassword(hospitalId: string, staffId: string, password: string) {
  if (!(await resetStaffPassword(hospitalId, staffId, await hashPassword(password), now()))) {
    throw new DomainError("STAFF_NOT_FOUND", "Staff member not found.");
  }
  await announceRevoked({ staffId });
  return { staffId };
}

export const DEFAULT_TOKEN_DAYS = 90;

/**
 * A new API token for the signed-in staff member, with scopes their role allows (never more) and an
 * expiry (90 days unless asked otherwise).
 */
export async function issueApiToken(
  staff: { id: string; role: Role },
  input: { name: string; scopes: Scope[]; expiresInDays?: number | null },
) {
  const allowed = scopesForRole(staff.role);
  const refused = input.scopes.filter((s) => !allowed.includes(s));
  if (refused.length > 0)
    throw new DomainError(
      "SCOPE_NOT_GRANTABLE",
      `Your role (${staff.role}) cannot grant the scope ${refused.join(", ")}.`,
    );
  const { secret, hash, prefix } = newApiTokenSecret();
  const days = input.expiresInDays ?? DEFAULT_TOKEN_DAYS;
  const createdAt = now();
  const expiresAt = new Date(createdAt.getTime() + days * 86_400_000);
  const token = await createApiToken({
    staffId: staff.id,
    name: input.name,
    tokenHash: hash,
    prefix,
    expiresAt,
    createdAt,
    scopes: [...new Set(input.scopes)],
  });
  return { ...token, secret };
}

export { listApiTokens };

export async function revokeToken(staffId: string, tokenId: string) {
  if (!(await revokeApiToken(staffId, tokenId, now())))
    throw new DomainError("API_TOKEN_NOT_FOUND", "Token not found or already revoked.");
  await announceRevoked({ tokenId });
  return { tokenId };
}

/** Signs a browser out on the server: its cookie stops working and its open sockets close. */
export async function endSession(sessionId: string) {
  await revokeSession(sessionId, now());
  await announceRevoked({ sessionId });
}
