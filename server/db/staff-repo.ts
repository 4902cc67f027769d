// Staff accounts: the only code that reads StaffUser rows.
import { getDb } from "./client.ts";

export type SessionStaff = {
  id: string;
  hospitalId: string;
  email: string;
  name: string;
  role: "ADMIN" | "RECEPTIONIST" | "DOCTOR";
  doctorId: string | null;
  active: boolean;
  sessionVersion: number;
  hospital: { name: string; timeZone: string };
};

export const sessionSelect = {
  id: true,
  hospitalId: true,
  email: true,
  name: true,
  role: true,
  doctorId: true,
  active: true,
  sessionVersion: true,
  hospital: { select: { name: true, timeZone: true } },
} as const;

export function findStaffForSession(id: string): Promise<SessionStaff | null> {
  return getDb().staffUser.findUnique({ where: { id }, select: sessionSelect });
}

/**
 * Every account with this email (one per hospital at most), oldest first, at most `limit` of them:
 * sign-in checks the password against each (server/services/sign-in.ts).
 */
export function findStaffForLogin(email: string, limit: number) {
  return getDb().staffUser.findMany({
    where: { email: email.trim().toLowerCase() },
    select: { ...sessionSelect, passwordHash: true },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    take: limit,
  });
}

/** Whether this hospital already has an account with this email. */
export async function staffEmailInHospital(hospitalId: string, email: string) {
  const row = await getDb().staffUser.findUnique({
    where: { hospitalId_email: { hospitalId, email: email.trim().toLowerCase() } },
    select: { id: true },
  });
  return row !== null;
}

const listSelect = {
  id: true,
  email: true,
  name: true,
  role: true,
  doctorId: true,
  active: true,
  createdAt: true,
  doctor: { select: { name: true } },
} as const;

export function listStaff(hospitalId: string) {
  return getDb().staffUser.findMany({
    where: { hospitalId },
    select: listSelect,
    orderBy: [{ role: "asc" }, { name: "asc" }],
  });
}

export async function createStaff(data: {
  hospitalId: string;
  email: string;
  name: string;
  role: "ADMIN" | "RECEPTIONIST" | "DOCTOR";
  passwordHash: string;
  doctorId: string | null;
}) {
  try {
    return await getDb().staffUser.create({
      data: { ...data, email: data.email.trim().toLowerCase() },
      select: listSelect,
    });
  } catch (err) {
    if ((err as { code?: string }).code === "P2002") return null; // email (in this hospital) or doctor link taken
    throw err;
  }
}

/** Deactivates or reactivates; deactivation ends every session and revokes every API token at once. */
export async function setStaffActive(hospitalId: string, id: string, active: boolean, now: Date) {
  return getDb().$transaction(async (tx) => {
    const { count } = await tx.staffUser.updateMany({
      where: { id, hospitalId },
      data: active ? { active: true } : { active: false, sessionVersion: { increment: 1 } },
    });
    if (count === 0) return false;
    if (!active) {
      await tx.apiToken.updateMany({ where: { staffId: id, revokedAt: null }, data: { revokedAt: now } });
      await tx.staffSession.updateMany({ where: { staffId: id, revokedAt: null }, data: { revokedAt: now } });
    }
    return true;
  });
}

/** A new password ends the account's existing sessions (its API tokens are separate credentials and stay). */
export async function resetStaffPassword(hospitalId: string, id: string, passwordHash: string, now: Date) {
  return getDb().$transaction(async (tx) => {
    const { count } = await tx.staffUser.updateMany({
      where: { id, hospitalId },
      data: { passwordHash, sessionVersion: { increment: 1 } },
    });
    if (count === 0) return false;
    await tx.staffSession.updateMany({ where: { staffId: id, revokedAt: null }, data: { revokedAt: now } });
    return true;
  });
}

export function doctorInHospital(hospitalId: string, doctorId: string) {
  return getDb().doctor.findFirst({ where: { id: doctorId, hospitalId }, select: { id: true } });
}
