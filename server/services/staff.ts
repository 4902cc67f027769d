// Staff management and API tokens: admins run their hospital's accounts (and see and revoke every
// token of it); everyone runs their own tokens.
import { createHash, randomBytes } from "node:crypto";
import { newApiTokenSecret } from "../auth/api-token.ts";
import { hashPassword, unusablePasswordHash } from "../auth/password.ts";
import { passwordProblem } from "../auth/password-policy.ts";
import { type Scope, scopesForRole } from "../auth/scopes.ts";
import { now } from "../clock.ts";
import { replaceResetLink } from "../db/reset-link-repo.ts";
import { revokeSession } from "../db/session-repo.ts";
import {
  createStaff,
  doctorInHospital,
  findStaffForSession,
  listStaff,
  type NewResetLink,
  type StaffChange,
  staffEmailInHospital,
  staffLinkedToDoctor,
  updateStaffAccount,
} from "../db/staff-repo.ts";
import {
  createApiToken,
  listApiTokens,
  listHospitalApiTokens,
  revokeApiToken,
  revokeHospitalApiToken,
} from "../db/token-repo.ts";
import { DomainError } from "../domain/errors.ts";
import { env } from "../env.ts";
import { announceRevoked } from "../realtime/identity-sockets.ts";

type Role = "ADMIN" | "RECEPTIONIST" | "DOCTOR";

export { listStaff };

/** A set-password link lives this long. */
export const RESET_LINK_HOURS = 24;

/** sha256 (base64url) of a set-password link's secret: all that is stored of it. */
export const resetLinkHash = (secret: string) => createHash("sha256").update(secret).digest("base64url");

/** A new one-time link: the secret goes into the URL (shown once), only its hash into the database. */
function newResetLink(createdBy: string): { url: string; row: NewResetLink } {
  const secret = randomBytes(32).toString("base64url");
  const createdAt = now();
  const expiresAt = new Date(createdAt.getTime() + RESET_LINK_HOURS * 3_600_000);
  return {
    url: `${env().PUBLIC_URL.replace(/\/$/, "")}/reset/${secret}`,
    row: { tokenHash: resetLinkHash(secret), createdBy, createdAt, expiresAt },
  };
}

/** The doctor a new or changed account is linked to: required for a doctor, none for other roles. */
async function doctorLinkFor(
  hospitalId: string,
  staffId: string | null,
  role: Role,
  doctorId: string | null,
) {
  if (role !== "DOCTOR") return null;
  if (!doctorId)
    throw new DomainError(
      "DOCTOR_LINK_REQUIRED",
      "A doctor's account must be linked to a doctor.",
      "doctorId",
    );
  const doctor = await doctorInHospital(hospitalId, doctorId);
  if (!doctor) throw new DomainError("DOCTOR_NOT_FOUND", "Doctor not found.");
  const taken = await staffLinkedToDoctor(hospitalId, doctorId, staffId);
  if (taken) throw doctorTaken(doctor.name, taken.name);
  return doctorId;
}

const doctorTaken = (doctor?: string, account?: string) =>
  new DomainError(
    "ACCOUNT_EXISTS",
    doctor && account
      ? `${doctor} is already linked to the account of ${account}. Unlink it there first.`
      : "That doctor is already linked to another account.",
    "doctorId",
  );

/**
 * A new account. Without a password it gets a one-time set-password link (returned once, as
 * `resetLink`, for the admin to hand over); `createdBy` is the admin adding it.
 */
export async function addStaff(
  hospitalId: string,
  input: { email: string; name: string; role: Role; password?: string | null; doctorId?: string | null },
  createdBy: string | null = null,
) {
  if (input.password) {
    const problem = passwordProblem(input.password, { email: input.email, name: input.name });
    if (problem) throw new DomainError("PASSWORD_REJECTED", problem, "password");
  }
  const doctorId = await doctorLinkFor(hospitalId, null, input.role, input.doctorId ?? null);
  const link = input.password ? null : newResetLink(createdBy ?? "unknown");
  const created = await createStaff({
    hospitalId,
    email: input.email,
    name: input.name,
    role: input.role,
    doctorId,
    passwordHash: input.password ? await hashPassword(input.password) : unusablePasswordHash(),
    ...(link ? { resetLink: link.row } : {}),
  });
  // Emails are unique per hospital: another hospital's account with this email is no conflict (and
  // nothing here tells whether one exists); a duplicate in this hospital may say so.
  if (!created) {
    if (await staffEmailInHospital(hospitalId, input.email))
      throw new DomainError("ACCOUNT_EXISTS", "That email already has an account in this hospital.", "email");
    throw doctorTaken();
  }
  return { ...created, resetLink: link ? { url: link.url, expiresAt: link.row.expiresAt } : null };
}

/**
 * Changes a colleague's name, role, doctor link or whether they are active. The last active admin
 * stays one; nobody deactivates themselves. A new role, doctor link or a deactivation ends their
 * sessions and open sockets at once, on every instance.
 */
export async function updateStaff(
  hospitalId: string,
  actorId: string,
  staffId: string,
  input: { name?: string; role?: Role; doctorId?: string | null; active?: boolean },
) {
  if (input.active === false && staffId === actorId)
    throw new DomainError("CANNOT_DEACTIVATE_SELF", "You cannot deactivate your own account.", "active");
  const change: StaffChange = { name: input.name, active: input.active };
  if (input.role !== undefined || input.doctorId !== undefined) {
    const current = await findStaffForSession(staffId);
    if (!current || current.hospitalId !== hospitalId)
      throw new DomainError("STAFF_NOT_FOUND", "Staff member not found.");
    const role = input.role ?? current.role;
    const wanted = input.doctorId === undefined ? current.doctorId : input.doctorId;
    change.role = role;
    change.doctorId = await doctorLinkFor(hospitalId, staffId, role, wanted);
  }
  const result = await updateStaffAccount(hospitalId, staffId, change, now());
  if (!result.ok) {
    if (result.why === "LAST_ADMIN")
      throw new DomainError(
        "LAST_ADMIN",
        "This is the hospital's last active admin: make someone else an admin first.",
        input.active === false ? "active" : "role",
      );
    if (result.why === "DOCTOR_TAKEN") throw doctorTaken();
    throw new DomainError("STAFF_NOT_FOUND", "Staff member not found.");
  }
  if (result.endedSessions) await announceRevoked({ staffId });
  return result.member;
}

/**
 * A one-time link for a colleague to set a new password (there is no email: the admin hands it
 * over). It works once, for 24 hours; their earlier unused links stop working.
 */
export async function createResetLink(hospitalId: string, createdBy: string, staffId: string) {
  const link = newResetLink(createdBy);
  if (!(await replaceResetLink(hospitalId, staffId, link.row)))
    throw new DomainError("STAFF_NOT_FOUND", "Staff member not found.");
  return { url: link.url, expiresAt: link.row.expiresAt };
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

/** Every API token of the hospital, with its owner's name (never a secret or a hash). */
export const listHospitalTokens = listHospitalApiTokens;

/** An admin revokes any token of their hospital; its open sockets close at once. */
export async function revokeHospitalToken(hospitalId: string, tokenId: string) {
  if (!(await revokeHospitalApiToken(hospitalId, tokenId, now())))
    throw new DomainError("API_TOKEN_NOT_FOUND", "Token not found or already revoked.");
  await announceRevoked({ tokenId });
  return { tokenId };
}

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
