// Waiting-room screens: the only code that reads or writes DisplayScreen rows.
import { getDb } from "./client.ts";

export function createScreen(data: { hospitalId: string; doctorId: string; name: string; createdAt: Date }) {
  return getDb().displayScreen.create({ data, select: { id: true } });
}

/** Removes a screen no link was ever made for (the loser of two first creations at once). */
export function deleteUnusedScreen(id: string) {
  return getDb().displayScreen.deleteMany({ where: { id, lastSeenAt: null } });
}

export function listScreens(hospitalId: string) {
  return getDb().displayScreen.findMany({
    where: { hospitalId },
    select: {
      id: true,
      name: true,
      doctorId: true,
      doctor: { select: { name: true } },
      createdAt: true,
      lastSeenAt: true,
      revokedAt: true,
    },
    orderBy: [{ createdAt: "desc" }, { id: "asc" }],
  });
}

/** The hospital's unrevoked screen of this doctor with this name, the oldest one. */
export function findReusableScreen(hospitalId: string, doctorId: string, name: string) {
  return getDb().displayScreen.findFirst({
    where: { hospitalId, doctorId, name, revokedAt: null },
    select: { id: true },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
  });
}

/** What a screen's link is checked against. */
export function findScreen(id: string) {
  return getDb().displayScreen.findUnique({
    where: { id },
    select: { id: true, hospitalId: true, doctorId: true, revokedAt: true, lastSeenAt: true },
  });
}

/**
 * Revokes a screen of this hospital (revoking one already revoked changes nothing). Null when the
 * hospital has no such screen; else when it was revoked.
 */
export async function revokeScreen(hospitalId: string, id: string, now: Date): Promise<Date | null> {
  const screen = await getDb().displayScreen.findFirst({
    where: { id, hospitalId },
    select: { revokedAt: true },
  });
  if (!screen) return null;
  if (screen.revokedAt) return screen.revokedAt;
  await getDb().displayScreen.updateMany({ where: { id, revokedAt: null }, data: { revokedAt: now } });
  return now;
}

/** Records that the screen read the queue, at most once a minute. */
export function touchScreen(id: string, now: Date) {
  return getDb().displayScreen.updateMany({
    where: { id, OR: [{ lastSeenAt: null }, { lastSeenAt: { lt: new Date(now.getTime() - 60_000) } }] },
    data: { lastSeenAt: now },
  });
}
