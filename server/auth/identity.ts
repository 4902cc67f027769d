// Who is asking: a staff member's browser session (cookie) or an integration's API token (bearer).
// One type for both, re-checkable at any time, so an open WebSocket is held to the same rules as a
// request: every call over it re-checks, and a revocation closes it (server/realtime/identity-sockets.ts).
import { bearerOf, recheckToken, type TokenIdentity, tokenFromSecret } from "./api-token.ts";
import { readCookie } from "./cookies.ts";
import { loadSession, SESSION_COOKIE, type SessionIdentity, sessionFromToken } from "./session.ts";

export type Identity = SessionIdentity | TokenIdentity;

/**
 * The identity a request's headers carry. A bearer token wins over a cookie; the cookie is read only
 * when `cookieAllowed` (a request from a foreign origin does not get to use it).
 */
export async function identityFromHeaders(
  headers: { authorization?: string; cookie?: string | string[] },
  opts: { cookieAllowed: boolean },
): Promise<Identity | null> {
  const bearer = bearerOf(headers.authorization);
  if (bearer) return tokenFromSecret(bearer);
  if (!opts.cookieAllowed) return null;
  return sessionFromToken(readCookie(headers.cookie, SESSION_COOKIE));
}

/**
 * The identity as it stands now, or null when it has ended. `touch`: this is a use by the person
 * (a call over their socket), which keeps a session from going idle.
 */
export async function recheckIdentity(
  identity: Identity,
  opts: { touch: boolean },
): Promise<Identity | null> {
  if (identity.kind === "token") return recheckToken(identity.tokenId);
  const fresh = await loadSession(identity.sessionId, opts);
  if (!fresh || fresh.staff.sessionVersion !== identity.staff.sessionVersion) return null;
  return fresh;
}

/** What a revocation can name to end this identity: its staff member, or its session or token. */
export function identityKeys(identity: Identity): string[] {
  const own = identity.kind === "session" ? `session:${identity.sessionId}` : `token:${identity.tokenId}`;
  return [`staff:${identity.staff.id}`, own];
}

export type RevocationTarget = { staffId: string } | { sessionId: string } | { tokenId: string };

export function revocationKey(target: RevocationTarget): string {
  if ("staffId" in target) return `staff:${target.staffId}`;
  if ("sessionId" in target) return `session:${target.sessionId}`;
  return `token:${target.tokenId}`;
}
