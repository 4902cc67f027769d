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

const sessionSelect = {
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

export function findStaffForLogin(email: string) {
  return getDb().staffUser.findUnique({
    where: { email: email.trim().toLowerCase() },
    select: { ...sessionSelect, passwordHash: true },
  });
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
    if ((err as { code?: string }).code === "P2002") return null; // email or doctor link already taken
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
    if (!active)
      await tx.apiToken.updateMany({ where: { staffId: id, revokedAt: null }, data: { revokedAt: now } });
    return true;
  });
}

/** A new password ends the account's existing sessions. */
export async function resetStaffPassword(hospitalId: string, id: string, passwordHash: string) {
  const { count } = await getDb().staffUser.updateMany({
    where: { id, hospitalId },
    data: { passwordHash, sessionVersion: { increment: 1 } },
  });
  return count === 1;
}

export function doctorInHospital(hospitalId: string, doctorId: string) {
  return getDb().doctor.findFirst({ where: { id: doctorId, hospitalId }, select: { id: true } });
}
