// API tokens for integrators: `Authorization: Bearer pq_...`. The secret is shown once; only its
// sha256 is stored. A token acts as its staff member, and stops working when the account does.
import { createHash, randomBytes } from "node:crypto";
import { findStaffForSession, type SessionStaff } from "../db/staff-repo.ts";
import { findApiTokenByHash, touchApiToken } from "../db/token-repo.ts";

export const TOKEN_PREFIX = "pq_";

export function hashApiToken(secret: string): string {
  return createHash("sha256").update(secret).digest("base64url");
}

export function newApiTokenSecret(): { secret: string; hash: string; prefix: string } {
  const secret = `${TOKEN_PREFIX}${randomBytes(32).toString("base64url")}`;
  return { secret, hash: hashApiToken(secret), prefix: secret.slice(0, 10) };
}

/** The staff member behind a bearer token, or null (unknown, revoked, expired, or account inactive). */
export async function staffFromApiToken(secret: string, now = new Date()): Promise<SessionStaff | null> {
  if (!secret.startsWith(TOKEN_PREFIX) || secret.length > 200) return null;
  const token = await findApiTokenByHash(hashApiToken(secret));
  if (!token || token.revokedAt || (token.expiresAt && token.expiresAt <= now)) return null;
  const staff = await findStaffForSession(token.staffId);
  if (!staff?.active) return null;
  void touchApiToken(token.id, now).catch(() => {});
  return staff;
}

export function bearerOf(header: string | undefined): string | undefined {
  const m = header ? /^Bearer\s+(\S+)$/i.exec(header) : null;
  return m?.[1];
}
