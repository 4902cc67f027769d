// Tracking links: a JWT (HS256 only) naming the appointment, hospital and doctor, with a token
// version so staff can revoke a link by reissuing it. No name, phone or other personal data.
import { errors, jwtVerify, SignJWT } from "jose";
import { z } from "zod";
import { Lru } from "../cache/lru.ts";
import { DomainError } from "../domain/errors.ts";
import { env } from "../env.ts";

const AUDIENCE = "patient-queue:tracking";
const ISSUER = "patient-queue";
/** A link lives until the end of the next day at the latest; callers pass the exact expiry. */
const DEFAULT_LIFETIME_MS = 36 * 60 * 60 * 1000;
/** Clock skew allowed between instances for a link's issue time. */
const IAT_TOLERANCE_S = 60;

/** A link lasts until a day after the appointment, and at least 12 hours from when it is issued. */
export function trackingLinkExpiry(scheduledAt: Date, now = new Date()): Date {
  return new Date(Math.max(scheduledAt.getTime() + 24 * 3_600_000, now.getTime() + 12 * 3_600_000));
}

export type TrackingClaims = {
  appointmentId: string;
  hospitalId: string;
  doctorId: string;
  tokenVersion: number;
};

const claimsSchema = z.object({
  sub: z.string().min(1).max(64),
  hid: z.string().min(1).max(64),
  did: z.string().min(1).max(64),
  tv: z.number().int().positive(),
});

function key(secret = env().JWT_SECRET): Uint8Array {
  return new TextEncoder().encode(secret);
}

export async function signTrackingToken(
  claims: TrackingClaims,
  expiresAt: Date = new Date(Date.now() + DEFAULT_LIFETIME_MS),
  secret?: string,
): Promise<string> {
  return new SignJWT({ hid: claims.hospitalId, did: claims.doctorId, tv: claims.tokenVersion })
    .setProtectedHeader({ alg: "HS256" })
    .setSubject(claims.appointmentId)
    .setAudience(AUDIENCE)
    .setIssuer(ISSUER)
    .setIssuedAt()
    .setExpirationTime(Math.floor(expiresAt.getTime() / 1000))
    .sign(key(secret));
}

export type VerifiedTracking = TrackingClaims & { expiresAt: Date };

/** Verifies a link. Every failure is a BAD_REQUEST with a message a patient can act on. */
export async function verifyTrackingToken(token: string, secret?: string): Promise<VerifiedTracking> {
  if (token.length > 2048 || !/^[\w-]+\.[\w-]+\.[\w-]+$/.test(token)) {
    throw new DomainError(
      "BAD_REQUEST",
      "This tracking link is not valid. Please check the link or ask reception for a new one.",
    );
  }
  try {
    const { payload } = await jwtVerify(token, key(secret), {
      algorithms: ["HS256"],
      audience: AUDIENCE,
      issuer: ISSUER,
      // Every link we sign has both: one without an expiry would never end.
      requiredClaims: ["exp", "iat"],
    });
    // jose checks nbf and exp but not an iat in the future (a link not issued yet).
    if ((payload.iat ?? 0) > Date.now() / 1000 + IAT_TOLERANCE_S) throw new Error("iat in the future");
    const c = claimsSchema.parse(payload);
    return {
      appointmentId: c.sub,
      hospitalId: c.hid,
      doctorId: c.did,
      tokenVersion: c.tv,
      expiresAt: new Date((payload.exp ?? 0) * 1000),
    };
  } catch (e) {
    if (e instanceof errors.JWTExpired) {
      throw new DomainError(
        "BAD_REQUEST",
        "This tracking link has expired. Please ask reception for a new one.",
      );
    }
    throw new DomainError(
      "BAD_REQUEST",
      "This tracking link is not valid. Please check the link or ask reception for a new one.",
    );
  }
}

/**
 * Links verified lately, by token string: a phone polls the same link every few seconds, and an
 * HS256 check per read is most of a hot read's cost. Only good links are kept, each until its own
 * expiry; whether the link was since replaced (token version) is checked on every read by the
 * caller, against the appointment's current version.
 */
const verified = new Lru<string, VerifiedTracking>(20_000);

/** The claims of a link verified lately and not yet expired, without checking it again. */
export function recentlyVerifiedTracking(token: string, now = Date.now()): VerifiedTracking | undefined {
  const claims = verified.get(token);
  if (!claims) return undefined;
  if (now < claims.expiresAt.getTime()) return claims;
  verified.delete(token);
  return undefined;
}

/** Checks in progress, so a burst of reads of one new link checks it once. */
const verifying = new Map<string, Promise<VerifiedTracking>>();

/** verifyTrackingToken, answered from the recent links when it can be (same errors otherwise). */
export function verifyTrackingTokenCached(token: string): Promise<VerifiedTracking> {
  const known = recentlyVerifiedTracking(token);
  if (known) return Promise.resolve(known);
  let check = verifying.get(token);
  if (!check) {
    check = verifyTrackingToken(token)
      .then((claims) => {
        verified.set(token, claims);
        return claims;
      })
      .finally(() => verifying.delete(token));
    verifying.set(token, check);
  }
  return check;
}
