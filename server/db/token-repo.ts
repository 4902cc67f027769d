// API tokens: the only code that reads or writes ApiToken rows.
import { getDb } from "./client.ts";

const listSelect = {
  id: true,
  name: true,
  prefix: true,
  createdAt: true,
  lastUsedAt: true,
  expiresAt: true,
  revokedAt: true,
  scopes: true,
} as const;

const checkSelect = { id: true, staffId: true, revokedAt: true, expiresAt: true, scopes: true } as const;

export function findApiTokenByHash(tokenHash: string) {
  return getDb().apiToken.findUnique({ where: { tokenHash }, select: checkSelect });
}

export function findApiTokenById(id: string) {
  return getDb().apiToken.findUnique({ where: { id }, select: checkSelect });
}

/** Records use at most once a minute per token, so a busy integration does not write on every call. */
export function touchApiToken(id: string, now: Date) {
  return getDb().apiToken.updateMany({
    where: { id, OR: [{ lastUsedAt: null }, { lastUsedAt: { lt: new Date(now.getTime() - 60_000) } }] },
    data: { lastUsedAt: now },
  });
}

export function createApiToken(data: {
  staffId: string;
  name: string;
  tokenHash: string;
  prefix: string;
  expiresAt: Date;
  scopes: string[];
  /** Business time of the minting (server/clock.ts), like its expiry. */
  createdAt: Date;
}) {
  return getDb().apiToken.create({ data, select: listSelect });
}

export function listApiTokens(staffId: string) {
  return getDb().apiToken.findMany({
    where: { staffId },
    select: listSelect,
    orderBy: { createdAt: "desc" },
  });
}

export async function revokeApiToken(staffId: string, id: string, now: Date): Promise<boolean> {
  const { count } = await getDb().apiToken.updateMany({
    where: { id, staffId, revokedAt: null },
    data: { revokedAt: now },
  });
  return count === 1;
}

/** Every API token of a hospital's staff, with its owner (the admin's overview). */
export function listHospitalApiTokens(hospitalId: string) {
  return getDb().apiToken.findMany({
    where: { staff: { hospitalId } },
    select: { ...listSelect, staff: { select: { id: true, name: true } } },
    orderBy: [{ createdAt: "desc" }, { id: "asc" }],
  });
}

/** Revokes any token of the hospital's staff; returns its owner, or null (not there, or already revoked). */
export async function revokeHospitalApiToken(hospitalId: string, id: string, now: Date) {
  const token = await getDb().apiToken.findFirst({
    where: { id, revokedAt: null, staff: { hospitalId } },
    select: { staffId: true },
  });
  if (!token) return null;
  return (await revokeApiToken(token.staffId, id, now)) ? token.staffId : null;
}
