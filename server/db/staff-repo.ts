// Staff accounts: the only code that reads StaffUser rows.
import { getDb } from "./client.ts";
import { endUnusedResetLinks } from "./reset-link-repo.ts";

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
  doctor: { select: { id: true, name: true } },
} as const;

export function listStaff(hospitalId: string) {
  return getDb().staffUser.findMany({
    where: { hospitalId },
    select: listSelect,
    orderBy: [{ role: "asc" }, { name: "asc" }],
  });
}

export type NewResetLink = { tokenHash: string; createdBy: string; createdAt: Date; expiresAt: Date };

/** A new account; with `resetLink`, its one-time set-password link is created with it (one statement). */
export async function createStaff(data: {
  hospitalId: string;
  email: string;
  name: string;
  role: "ADMIN" | "RECEPTIONIST" | "DOCTOR";
  passwordHash: string;
  doctorId: string | null;
  resetLink?: NewResetLink;
}) {
  const { resetLink, ...account } = data;
  try {
    return await getDb().staffUser.create({
      data: {
        ...account,
        email: data.email.trim().toLowerCase(),
        ...(resetLink ? { resetLinks: { create: resetLink } } : {}),
      },
      select: listSelect,
    });
  } catch (err) {
    if ((err as { code?: string }).code === "P2002") return null; // email (in this hospital) or doctor link taken
    throw err;
  }
}

type Role = "ADMIN" | "RECEPTIONIST" | "DOCTOR";

export type StaffChange = { name?: string; role?: Role; doctorId?: string | null; active?: boolean };
export type StaffChangeResult =
  | { ok: true; member: StaffListRow; endedSessions: boolean }
  | { ok: false; why: "NOT_FOUND" | "LAST_ADMIN" | "DOCTOR_TAKEN" };
export type StaffListRow = Awaited<ReturnType<typeof listStaff>>[number];

/**
 * Changes an account in one transaction. Admin changes of a hospital run one at a time (a row lock on
 * the hospital), so the count of active admins read here already includes every committed change:
 * two admins demoting each other at once cannot leave the hospital without one. Deactivation, a new
 * role or a new doctor link ends the person's sessions (session version); deactivation also revokes
 * their API tokens.
 */
export async function updateStaffAccount(
  hospitalId: string,
  id: string,
  change: StaffChange,
  now: Date,
): Promise<StaffChangeResult> {
  try {
    return await getDb().$transaction(async (tx) => {
      await tx.$queryRaw`SELECT "id" FROM "Hospital" WHERE "id" = ${hospitalId} FOR UPDATE`;
      const current = await tx.staffUser.findFirst({
        where: { id, hospitalId },
        select: { role: true, active: true, doctorId: true },
      });
      if (!current) return { ok: false, why: "NOT_FOUND" } as const;
      const role = change.role ?? current.role;
      const active = change.active ?? current.active;
      const doctorId = change.doctorId === undefined ? current.doctorId : change.doctorId;
      const wasAdmin = current.role === "ADMIN" && current.active;
      if (wasAdmin && (role !== "ADMIN" || !active)) {
        const admins = await tx.staffUser.count({ where: { hospitalId, role: "ADMIN", active: true } });
        if (admins <= 1) return { ok: false, why: "LAST_ADMIN" } as const;
      }
      const deactivated = current.active && !active;
      const endedSessions = deactivated || role !== current.role || doctorId !== current.doctorId;
      const member = await tx.staffUser.update({
        where: { id },
        data: {
          ...(change.name === undefined ? {} : { name: change.name }),
          role,
          doctorId,
          active,
          ...(endedSessions ? { sessionVersion: { increment: 1 } } : {}),
        },
        select: listSelect,
      });
      if (endedSessions)
        await tx.staffSession.updateMany({
          where: { staffId: id, revokedAt: null },
          data: { revokedAt: now },
        });
      if (deactivated) {
        await tx.apiToken.updateMany({ where: { staffId: id, revokedAt: null }, data: { revokedAt: now } });
        await endUnusedResetLinks(tx, id);
      }
      return { ok: true, member, endedSessions } as const;
    });
  } catch (err) {
    if ((err as { code?: string }).code === "P2002") return { ok: false, why: "DOCTOR_TAKEN" };
    throw err;
  }
}

/** The account (in this hospital) already linked to a doctor, other than `exceptId`. */
export function staffLinkedToDoctor(hospitalId: string, doctorId: string, exceptId: string | null) {
  return getDb().staffUser.findFirst({
    where: { hospitalId, doctorId, ...(exceptId ? { NOT: { id: exceptId } } : {}) },
    select: { id: true, name: true },
  });
}

export function doctorInHospital(hospitalId: string, doctorId: string) {
  return getDb().doctor.findFirst({ where: { id: doctorId, hospitalId }, select: { id: true, name: true } });
}

/** What checking a person's own password needs. */
export function findStaffPassword(id: string) {
  return getDb().staffUser.findUnique({
    where: { id },
    select: { id: true, email: true, name: true, passwordHash: true },
  });
}

/**
 * A person's own new password: their OTHER sessions end (the one they changed it from stays).
 * Returns the ids of the sessions it ended, so their open sockets can be closed.
 */
export async function changeOwnPassword(
  id: string,
  passwordHash: string,
  keepSessionId: string | null,
  now: Date,
) {
  return getDb().$transaction(async (tx) => {
    await tx.staffUser.update({ where: { id }, data: { passwordHash }, select: { id: true } });
    await endUnusedResetLinks(tx, id);
    const others = { staffId: id, revokedAt: null, ...(keepSessionId ? { NOT: { id: keepSessionId } } : {}) };
    const ended = await tx.staffSession.findMany({ where: others, select: { id: true } });
    await tx.staffSession.updateMany({
      where: { id: { in: ended.map((s) => s.id) } },
      data: { revokedAt: now },
    });
    return ended.map((s) => s.id);
  });
}
