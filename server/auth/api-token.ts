// API tokens for integrators: `Authorization: Bearer pq_...`. The secret is shown once; only its
// sha256 is stored. A token acts as its staff member within its scopes, until it expires or is
// revoked, and stops working when the account does.
import { createHash, randomBytes } from "node:crypto";
import { now } from "../clock.ts";
import { findStaffForSession, type SessionStaff } from "../db/staff-repo.ts";
import { findApiTokenByHash, findApiTokenById, touchApiToken } from "../db/token-repo.ts";
import { knownScopes, type Scope, scopesForRole } from "./scopes.ts";

export const TOKEN_PREFIX = "pq_";

export function hashApiToken(secret: string): string {
  return createHash("sha256").update(secret).digest("base64url");
}

export function newApiTokenSecret(): { secret: string; hash: string; prefix: string } {
  const secret = `${TOKEN_PREFIX}${randomBytes(32).toString("base64url")}`;
  return { secret, hash: hashApiToken(secret), prefix: secret.slice(0, 10) };
}

export type TokenIdentity = {
  kind: "token";
  staff: SessionStaff;
  tokenId: string;
  /** What it may do: its own scopes, narrowed to what its staff member's role allows today. */
  scopes: Scope[];
  /** When it expires (ms since the epoch). */
  deadline: number;
};

/** The identity behind a bearer token, or null (unknown, revoked, expired, or account inactive). */
export async function tokenFromSecret(secret: string): Promise<TokenIdentity | null> {
  if (!secret.startsWith(TOKEN_PREFIX) || secret.length > 200) return null;
  const token = await findApiTokenByHash(hashApiToken(secret));
  return token ? checkToken(token, true) : null;
}

/** Re-checks a token already in use (an open socket's). */
export async function recheckToken(tokenId: string): Promise<TokenIdentity | null> {
  const token = await findApiTokenById(tokenId);
  return token ? checkToken(token, false) : null;
}

async function checkToken(
  token: { id: string; staffId: string; revokedAt: Date | null; expiresAt: Date | null; scopes: string[] },
  touch: boolean,
): Promise<TokenIdentity | null> {
  const at = now();
  if (token.revokedAt || !token.expiresAt || token.expiresAt <= at) return null;
  const staff = await findStaffForSession(token.staffId);
  if (!staff?.active) return null;
  if (touch) void touchApiToken(token.id, at).catch(() => {});
  const allowed = scopesForRole(staff.role);
  return {
    kind: "token",
    staff,
    tokenId: token.id,
    scopes: knownScopes(token.scopes).filter((s) => allowed.includes(s)),
    deadline: token.expiresAt.getTime(),
  };
}

/** The staff member behind a bearer token, or null. */
export async function staffFromApiToken(secret: string): Promise<SessionStaff | null> {
  return (await tokenFromSecret(secret))?.staff ?? null;
}

export function bearerOf(header: string | undefined): string | undefined {
  const m = header ? /^Bearer\s+(\S+)$/i.exec(header) : null;
  return m?.[1];
}
