// Staff sessions: a signed cookie (HS256 JWT) naming the staff member and their session version.
// Every request re-checks the account, so deactivation or a password reset ends sessions at once.
import { jwtVerify, SignJWT } from "jose";
import { z } from "zod";
import { findStaffForSession, type SessionStaff } from "../db/staff-repo.ts";
import { env } from "../env.ts";

export const SESSION_COOKIE = "pq_session";
export const SESSION_HOURS = 12;
const AUDIENCE = "patient-queue:staff";

const claimsSchema = z.object({ sub: z.string().min(1).max(64), sv: z.number().int() });

const key = () => new TextEncoder().encode(env().JWT_SECRET);

export type { SessionStaff };

export async function signSession(staff: { id: string; sessionVersion: number }): Promise<string> {
  return new SignJWT({ sv: staff.sessionVersion })
    .setProtectedHeader({ alg: "HS256" })
    .setSubject(staff.id)
    .setAudience(AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(`${SESSION_HOURS}h`)
    .sign(key());
}

export function sessionCookie(token: string): string {
  const secure = env().NODE_ENV === "production" && env().PUBLIC_URL.startsWith("https:") ? "; Secure" : "";
  return `${SESSION_COOKIE}=${token}; Path=/; HttpOnly; SameSite=Lax; Max-Age=${SESSION_HOURS * 3600}${secure}`;
}

export function clearedSessionCookie(): string {
  return `${SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0`;
}

export function readCookie(header: string | undefined | null, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(";")) {
    const i = part.indexOf("=");
    if (i > 0 && part.slice(0, i).trim() === name) return decodeURIComponent(part.slice(i + 1).trim());
  }
  return undefined;
}

/** The signed-in staff member for a session token, or null (bad, expired, revoked or inactive). */
export async function staffFromSessionToken(token: string | undefined): Promise<SessionStaff | null> {
  if (!token || token.length > 2048) return null;
  try {
    const { payload } = await jwtVerify(token, key(), {
      algorithms: ["HS256"],
      audience: AUDIENCE,
      // Every session we sign carries both: one without could never expire.
      requiredClaims: ["exp", "iat"],
    });
    const claims = claimsSchema.parse(payload);
    const staff = await findStaffForSession(claims.sub);
    if (!staff?.active || staff.sessionVersion !== claims.sv) return null;
    return staff;
  } catch {
    return null;
  }
}

export function staffFromCookieHeader(header: string | undefined | null): Promise<SessionStaff | null> {
  return staffFromSessionToken(readCookie(header, SESSION_COOKIE));
}
