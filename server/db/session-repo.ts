// Staff sessions: the only code that reads or writes StaffSession rows.
import { getDb } from "./client.ts";
import { type SessionStaff, sessionSelect } from "./staff-repo.ts";

export type SessionRecord = {
  id: string;
  staffId: string;
  lastSeenAt: Date;
  expiresAt: Date;
  revokedAt: Date | null;
  staff: SessionStaff;
};

export function createSession(data: { id: string; staffId: string; now: Date; expiresAt: Date }) {
  return getDb().staffSession.create({
    data: {
      id: data.id,
      staffId: data.staffId,
      createdAt: data.now,
      lastSeenAt: data.now,
      expiresAt: data.expiresAt,
    },
    select: { id: true },
  });
}

export function findSession(id: string): Promise<SessionRecord | null> {
  return getDb().staffSession.findUnique({
    where: { id },
    select: {
      id: true,
      staffId: true,
      lastSeenAt: true,
      expiresAt: true,
      revokedAt: true,
      staff: { select: sessionSelect },
    },
  });
}

/** The sessions among `ids` that are still open (not revoked, not past their end), with their last use. */
export function findOpenSessions(ids: string[], now: Date) {
  if (ids.length === 0) return Promise.resolve([]);
  return getDb().staffSession.findMany({
    where: { id: { in: ids }, revokedAt: null, expiresAt: { gt: now } },
    select: {
      id: true,
      lastSeenAt: true,
      expiresAt: true,
      staff: { select: { active: true, sessionVersion: true } },
    },
  });
}

/** Records use at most once every `everyMs`, so a busy board does not write on every request. */
export function touchSession(id: string, now: Date, everyMs: number) {
  return getDb().staffSession.updateMany({
    where: { id, revokedAt: null, lastSeenAt: { lt: new Date(now.getTime() - everyMs) } },
    data: { lastSeenAt: now },
  });
}

export async function revokeSession(id: string, now: Date): Promise<boolean> {
  const { count } = await getDb().staffSession.updateMany({
    where: { id, revokedAt: null },
    data: { revokedAt: now },
  });
  return count === 1;
}

/** Ends every open session of a staff member (deactivation, a new password). */
export function revokeStaffSessions(staffId: string, now: Date) {
  return getDb().staffSession.updateMany({ where: { staffId, revokedAt: null }, data: { revokedAt: now } });
}

/** Forgets sessions that ended long ago (kept a while for the audit of who was signed in). */
export function deleteSessionsEndedBefore(before: Date) {
  return getDb().staffSession.deleteMany({ where: { expiresAt: { lt: before } } });
}
