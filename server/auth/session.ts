// Staff sessions: a signed cookie (HS256 JWT) naming a server-side session record. Every request
// (and every call over an open WebSocket) checks the record: signed out, idle past
// SESSION_IDLE_MINUTES, past SESSION_MAX_HOURS, the account deactivated or its password reset
// (session version) all end it, on every instance at once.
import { randomBytes } from "node:crypto";
import { z } from "zod";
import { now } from "../clock.ts";
import { createSession, findSession, touchSession } from "../db/session-repo.ts";
import type { SessionStaff } from "../db/staff-repo.ts";
import { env } from "../env.ts";
import { ZId } from "../trpc/schemas/primitives.ts";
import { readCookie } from "./cookies.ts";
import { signHs256, type TokenKind, verifyHs256 } from "./hs256.ts";

export const SESSION_COOKIE = "pq_session";
const SESSION: TokenKind = { audience: "patient-queue:staff" };
/** A session's last use is written at most this often (its idle timeout is that much less precise). */
const TOUCH_EVERY_MS = 30_000;

const claimsSchema = z.object({ sub: ZId, sv: z.number().int(), sid: z.string().min(16).max(64) });

export type { SessionStaff };
export { readCookie };

export type SessionIdentity = {
  kind: "session";
  staff: SessionStaff;
  sessionId: string;
  /** When it ends unless used again (ms since the epoch): the idle deadline or the absolute end. */
  deadline: number;
};

const maxMs = () => env().SESSION_MAX_HOURS * 3_600_000;
const idleMs = () => env().SESSION_IDLE_MINUTES * 60_000;

/** Opens a session for a staff member who just proved who they are; returns the cookie's value. */
export async function signSession(staff: { id: string; sessionVersion: number }): Promise<string> {
  const at = now();
  const sessionId = randomBytes(18).toString("base64url");
  const expiresAt = new Date(at.getTime() + maxMs());
  await createSession({ id: sessionId, staffId: staff.id, now: at, expiresAt });
  return signHs256(SESSION, { sv: staff.sessionVersion, sid: sessionId }, { subject: staff.id, expiresAt });
}

export function sessionCookie(token: string): string {
  const secure = env().PUBLIC_URL.startsWith("https:") ? "; Secure" : "";
  return `${SESSION_COOKIE}=${token}; Path=/; HttpOnly; SameSite=Lax; Max-Age=${env().SESSION_MAX_HOURS * 3600}${secure}`;
}

export function clearedSessionCookie(): string {
  return `${SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0`;
}

/**
 * The live session `sessionId` names, or null. `touch` records the use (a request by the person);
 * a background re-check passes false so that it does not keep an idle session alive.
 */
export async function loadSession(
  sessionId: string,
  opts: { touch: boolean },
): Promise<SessionIdentity | null> {
  const record = await findSession(sessionId);
  if (!record || record.revokedAt) return null;
  const at = now().getTime();
  const idleDeadline = record.lastSeenAt.getTime() + idleMs();
  if (at >= record.expiresAt.getTime() || at >= idleDeadline) return null;
  if (!record.staff.active) return null;
  let lastSeen = record.lastSeenAt.getTime();
  if (opts.touch && at - lastSeen >= TOUCH_EVERY_MS) {
    await touchSession(sessionId, new Date(at), TOUCH_EVERY_MS);
    lastSeen = at;
  }
  return {
    kind: "session",
    staff: record.staff,
    sessionId,
    deadline: Math.min(record.expiresAt.getTime(), lastSeen + idleMs()),
  };
}

/** The live session behind a cookie value, checked against its record and its account. */
export async function sessionFromToken(
  token: string | undefined,
  opts: { touch: boolean } = { touch: true },
): Promise<SessionIdentity | null> {
  if (!token) return null;
  const verified = await verifyHs256(token, SESSION, claimsSchema);
  if (!verified.ok) return null;
  const claims = verified.claims;
  const session = await loadSession(claims.sid, opts);
  if (!session || session.staff.id !== claims.sub || session.staff.sessionVersion !== claims.sv) return null;
  return session;
}

/** The signed-in staff member for a session token, or null (bad, expired, revoked, idle or inactive). */
export async function staffFromSessionToken(token: string | undefined): Promise<SessionStaff | null> {
  return (await sessionFromToken(token))?.staff ?? null;
}

export function staffFromCookieHeader(header: string | undefined | null): Promise<SessionStaff | null> {
  return staffFromSessionToken(readCookie(header, SESSION_COOKIE));
}
