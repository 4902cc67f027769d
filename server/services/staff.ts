// Staff management and API tokens: admins run their hospital's accounts; everyone runs their own tokens.
import { newApiTokenSecret } from "../auth/api-token.ts";
import { hashPassword } from "../auth/password.ts";
import {
  createStaff,
  doctorInHospital,
  listStaff,
  resetStaffPassword,
  setStaffActive,
} from "../db/staff-repo.ts";
import { createApiToken, listApiTokens, revokeApiToken } from "../db/token-repo.ts";
import { DomainError } from "../domain/errors.ts";

type Role = "ADMIN" | "RECEPTIONIST" | "DOCTOR";

export { listStaff };

export async function addStaff(
  hospitalId: string,
  input: { email: string; name: string; role: Role; password: string; doctorId?: string | null },
) {
  const doctorId = input.role === "DOCTOR" ? (input.doctorId ?? null) : null;
  if (input.role === "DOCTOR" && !doctorId)
    throw new DomainError("BAD_REQUEST", "A doctor's account must be linked to a doctor.");
  if (doctorId && !(await doctorInHospital(hospitalId, doctorId)))
    throw new DomainError("NOT_FOUND", "Doctor not found.");
  const created = await createStaff({
    hospitalId,
    email: input.email,
    name: input.name,
    role: input.role,
    doctorId,
    passwordHash: await hashPassword(input.password),
  });
  if (!created) throw new DomainError("CONFLICT", "That email (or that doctor) already has an account.");
  return created;
}

export async function changeStaffActive(
  hospitalId: string,
  actorId: string,
  staffId: string,
  active: boolean,
) {
  if (!active && staffId === actorId)
    throw new DomainError("BAD_REQUEST", "You cannot deactivate your own account.");
  if (!(await setStaffActive(hospitalId, staffId, active, new Date())))
    throw new DomainError("NOT_FOUND", "Staff member not found.");
  return { staffId, active };
}

export async function resetPassword(hospitalId: string, staffId: string, password: string) {
  if (!(await resetStaffPassword(hospitalId, staffId, await hashPassword(password)))) {
    throw new DomainError("NOT_FOUND", "Staff member not found.");
  }
  return { staffId };
}

export async function issueApiToken(
  staffId: string,
  name: string,
  expiresInDays: number | null,
  now = new Date(),
) {
  const { secret, hash, prefix } = newApiTokenSecret();
  const expiresAt = expiresInDays ? new Date(now.getTime() + expiresInDays * 86_400_000) : null;
  const token = await createApiToken({ staffId, name, tokenHash: hash, prefix, expiresAt });
  return { ...token, secret };
}

export { listApiTokens };

export async function revokeToken(staffId: string, tokenId: string) {
  if (!(await revokeApiToken(staffId, tokenId, new Date())))
    throw new DomainError("NOT_FOUND", "Token not found or already revoked.");
  return { tokenId };
}
