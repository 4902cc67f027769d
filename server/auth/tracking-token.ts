// Tracking links: a JWT (HS256 only) naming the appointment, hospital and doctor, with a token
// version so staff can revoke a link by reissuing it. No name, phone or other personal data.
import { z } from "zod";
import { Lru } from "../cache/lru.ts";
import { now as clockNow } from "../clock.ts";
import { DomainError } from "../domain/errors.ts";
import { dayBoundsUtc, localDateOf } from "../domain/time.ts";
import { ZId } from "../trpc/schemas/primitives.ts";
import { signHs256, type TokenKind, verifyHs256 } from "./hs256.ts";

const TRACKING: TokenKind = { audience: "patient-queue:tracking", issuer: "patient-queue" };
/** Callers pass the exact expiry (trackingLinkExpiry); this is for links made without one. */
const DEFAULT_LIFETIME_MS = 36 * 60 * 60 * 1000;

/** Hours a link lives after its appointment's local day begins, unless the hospital sets its own. */
export const DEFAULT_TRACKING_LINK_HOURS = 36;
const HOUR_MS = 3_600_000;

/**
 * When a link issued `now` for an appointment at `scheduledAt` expires: `hours` (the hospital's
 * lifetime, else DEFAULT_TRACKING_LINK_HOURS) after the appointment's local day begins, and in any
 * case at least 12 hours after the appointment and 12 hours after it is issued.
 */
export function trackingLinkExpiry(
  scheduledAt: Date,
  now = clockNow(),
  policy: { timeZone: string; hours?: number | null } = { timeZone: "UTC" },
): Date {
  const dayStart = dayBoundsUtc(localDateOf(scheduledAt, policy.timeZone), policy.timeZone).start;
  const hours = policy.hours ?? DEFAULT_TRACKING_LINK_HOURS;
  return new Date(
    Math.max(
      dayStart.getTime() + hours * HOUR_MS,
      scheduledAt.getTime() + 12 * HOUR_MS,
      now.getTime() + 12 * HOUR_MS,
    ),
  );
}

export type TrackingClaims = {
  appointmentId: string;
  hospitalId: string;
  doctorId: string;
  tokenVersion: number;
};

const claimsSchema = z.object({ sub: ZId, hid: ZId, did: ZId, tv: z.number().int().positive() });

export async function signTrackingToken(
  claims: TrackingClaims,
  expiresAt: Date = new Date(clockNow().getTime() + DEFAULT_LIFETIME_MS),
  secret?: string,
): Promise<string> {
  return signHs256(
    TRACKING,
    { hid: claims.hospitalId, did: claims.doctorId, tv: claims.tokenVersion },
    { subject: claims.appointmentId, expiresAt, secret },
  );
}

export type VerifiedTracking = TrackingClaims & { expiresAt: Date };

/** Verifies a link. Every failure is a BAD_REQUEST with a message a patient can act on. */
export async function verifyTrackingToken(token: string, secret?: string): Promise<VerifiedTracking> {
  const verified = await verifyHs256(token, TRACKING, claimsSchema, secret);
  if (!verified.ok) {
    if (verified.expired) {
      throw new DomainError(
        "LINK_EXPIRED",
        "This tracking link has expired. Please ask reception for a new one.",
      );
    }
    throw new DomainError(
      "LINK_INVALID",
      "This tracking link is not valid. Please check the link or ask reception for a new one.",
    );
  }
  const c = verified.claims;
  return {
    appointmentId: c.sub,
    hospitalId: c.hid,
    doctorId: c.did,
    tokenVersion: c.tv,
    expiresAt: verified.expiresAt,
  };
}

/**
 * Links verified lately, by token string: a phone polls the same link every few seconds, and an
 * HS256 check per read is most of a hot read's cost. Only good links are kept, each until its own
 * expiry; whether the link was since replaced (token version) is checked on every read by the
 * caller, against the appointment's current version.
 */
const verified = new Lru<string, VerifiedTracking>(20_000);

/** The claims of a link verified lately and not yet expired, without checking it again. */
export function recentlyVerifiedTracking(
  token: string,
  now = clockNow().getTime(),
): VerifiedTracking | undefined {
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
