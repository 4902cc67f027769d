// The one way the server signs and checks its own tokens (staff sessions, tracking links, waiting-room
// display links): HS256 only (the algorithm is allowlisted, so "none", RS256 or HS512 are refused),
// the token's audience (and issuer) checked, an expiry and an issue time required (one without an
// expiry would never end), an issue time in the future refused, and time read from the server's clock.
import { errors, type JWTPayload, jwtVerify, SignJWT } from "jose";
import type { z } from "zod";
import { now as clockNow } from "../clock.ts";
import { env } from "../env.ts";

/** What a kind of token is for: its audience, and the issuer it names when it names one. */
export type TokenKind = { audience: string; issuer?: string };

/** Clock skew allowed between instances for a token's issue time. */
const IAT_TOLERANCE_S = 60;
/** Longer than any token we sign; checked before any work is spent on it. */
const MAX_TOKEN_LENGTH = 2048;
const COMPACT_JWS = /^[\w-]+\.[\w-]+\.[\w-]+$/;

const keyOf = (secret = env().JWT_SECRET) => new TextEncoder().encode(secret);
const seconds = (at: Date) => Math.floor(at.getTime() / 1000);

/** Signs `claims` for `subject`, issued now (the server's clock) and ending at `expiresAt`. */
export function signHs256(
  kind: TokenKind,
  claims: Record<string, unknown>,
  opts: { subject: string; expiresAt: Date; secret?: string },
): Promise<string> {
  const jwt = new SignJWT(claims)
    .setProtectedHeader({ alg: "HS256" })
    .setSubject(opts.subject)
    .setAudience(kind.audience)
    .setIssuedAt(seconds(clockNow()))
    .setExpirationTime(seconds(opts.expiresAt));
  return (kind.issuer ? jwt.setIssuer(kind.issuer) : jwt).sign(keyOf(opts.secret));
}

export type Verified<T> =
  | { ok: true; claims: T; expiresAt: Date; issuedAt: Date; expired?: true }
  | { ok: false; expired: boolean };

/**
 * Checks a token of `kind` and parses its claims with `schema`. Never throws for a bad token: the
 * answer says whether it was good, and a bad one whether it had merely expired (so a caller can say
 * "ask for a new link" rather than "this is not a link"). With `keepExpired`, a token that is good
 * but past its expiry comes back with its claims, marked `expired`: for a caller that decides the
 * expiry itself (a tracking link whose appointment moved to a later day lives longer).
 */
export async function verifyHs256<S extends z.ZodType>(
  token: string,
  kind: TokenKind,
  schema: S,
  secret?: string,
  opts: { keepExpired?: boolean } = {},
): Promise<Verified<z.infer<S>>> {
  if (token.length > MAX_TOKEN_LENGTH || !COMPACT_JWS.test(token) || !canonical(token))
    return { ok: false, expired: false };
  const now = clockNow();
  try {
    const { payload } = await jwtVerify(token, keyOf(secret), {
      algorithms: ["HS256"],
      audience: kind.audience,
      ...(kind.issuer ? { issuer: kind.issuer } : {}),
      requiredClaims: ["exp", "iat"],
      currentDate: now,
    });
    return checkedClaims(payload, schema, now);
  } catch (err) {
    // jose checks the signature and algorithm before any claim: an expired token's payload is
    // authentic. Its audience and issuer are checked here again, whatever order jose takes.
    if (
      err instanceof errors.JWTExpired &&
      opts.keepExpired &&
      err.claim === "exp" &&
      isFor(err.payload, kind)
    ) {
      const kept = checkedClaims(err.payload, schema, now);
      return kept.ok ? { ...kept, expired: true } : kept;
    }
    return { ok: false, expired: err instanceof errors.JWTExpired };
  }
}

/**
 * Every segment spelt the one way base64url spells its bytes. The last character of a segment can
 * carry spare bits jose ignores, so each signed token had four spellings that verified, and a limit
 * kept per token (hashKey(token): a link's check-in attempts, tracking reads) counted each apart:
 * four times the attempts (an attacker's probe, 2026-12-07). Only the spelling we signed verifies.
 */
function canonical(token: string): boolean {
  return token.split(".").every((part) => Buffer.from(part, "base64url").toString("base64url") === part);
}

function isFor(payload: JWTPayload, kind: TokenKind): boolean {
  const audiences = Array.isArray(payload.aud) ? payload.aud : [payload.aud];
  return audiences.includes(kind.audience) && (kind.issuer === undefined || payload.iss === kind.issuer);
}

function checkedClaims<S extends z.ZodType>(payload: JWTPayload, schema: S, now: Date): Verified<z.infer<S>> {
  // jose checks nbf and exp but not an iat in the future (a token not issued yet).
  if ((payload.iat ?? 0) > now.getTime() / 1000 + IAT_TOLERANCE_S) return { ok: false, expired: false };
  const parsed = schema.safeParse(payload);
  if (!parsed.success) return { ok: false, expired: false };
  return {
    ok: true,
    claims: parsed.data,
    expiresAt: new Date((payload.exp ?? 0) * 1000),
    issuedAt: new Date((payload.iat ?? 0) * 1000),
  };
}
