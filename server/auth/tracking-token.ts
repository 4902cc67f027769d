// Tracking links: a JWT (HS256 only) naming the appointment, hospital and doctor, with a token
// version so staff can revoke a link by reissuing it. No name, phone or other personal data.
import { errors, jwtVerify, SignJWT } from "jose";
import { z } from "zod";
import { DomainError } from "../domain/errors.ts";
import { env } from "../env.ts";

const AUDIENCE = "patient-queue:tracking";
const ISSUER = "patient-queue";
/** A link lives until the end of the next day at the latest; callers pass the exact expiry. */
const DEFAULT_LIFETIME_MS = 36 * 60 * 60 * 1000;

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
    });
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
