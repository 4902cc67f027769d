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
  /** The doctor when the link was issued (a reschedule to another doctor keeps the link). */
  doctorId: string;
  tokenVersion: number;
  /**
   * The appointment's time when the link was issued (`sa`, seconds): when the appointment has moved
   * since, the link's expiry moves with it (linkExpiresAt). Links without it keep their own expiry.
   */
  scheduledAt?: Date;
};

const claimsSchema = z.object({
  sub: ZId,
  hid: ZId,
  did: ZId,
  tv: z.number().int().positive(),
  sa: z.number().int().nonnegative().optional(),
});

export async function signTrackingToken(
  claims: TrackingClaims,
  expiresAt: Date = new Date(clockNow().getTime() + DEFAULT_LIFETIME_MS),
  secret?: string,
): Promise<string> {
  return signHs256(
    TRACKING,
    {
      hid: claims.hospitalId,
      did: claims.doctorId,
      tv: claims.tokenVersion,
      ...(claims.scheduledAt ? { sa: Math.floor(claims.scheduledAt.getTime() / 1000) } : {}),
    },
    { subject: claims.appointmentId, expiresAt, secret },
  );
}

/** `expiresAt` is the expiry signed into the link; it may be past for a link naming its appointment's time. */
export type VerifiedTracking = TrackingClaims & { expiresAt: Date; issuedAt: Date };

const linkExpired = () =>
  new DomainError("LINK_EXPIRED", "This tracking link has expired. Please ask reception for a new one.");

/**
 * Verifies a link. Every failure is a BAD_REQUEST with a message a patient can act on. A link that
 * names its appointment's time is answered even past its signed expiry: whether it still holds
 * depends on where the appointment is now, and the caller decides that with linkExpiresAt (through
 * linkRefusal, server/services/tracking.ts).
 */
export async function verifyTrackingToken(token: string, secret?: string): Promise<VerifiedTracking> {
  const verified = await verifyHs256(token, TRACKING, claimsSchema, secret, { keepExpired: true });
  if (!verified.ok) {
    if (verified.expired) throw linkExpired();
    throw new DomainError(
      "LINK_INVALID",
      "This tracking link is not valid. Please check the link or ask reception for a new one.",
    );
  }
  const c = verified.claims;
  if (verified.expired && c.sa === undefined) throw linkExpired();
  return {
    appointmentId: c.sub,
    hospitalId: c.hid,
    doctorId: c.did,
    tokenVersion: c.tv,
    ...(c.sa === undefined ? {} : { scheduledAt: new Date(c.sa * 1000) }),
    expiresAt: verified.expiresAt,
    issuedAt: verified.issuedAt,
  };
}

/**
 * When a verified link stops holding, given its appointment as it is now: its signed expiry while
 * the appointment is where the link was issued for; after a reschedule, the expiry linkFor would give
 * a link issued at the same moment for the new time (so it moves to a later day with it, or back).
 */
export function linkExpiresAt(
  claims: Pick<VerifiedTracking, "scheduledAt" | "expiresAt" | "issuedAt">,
  appointment: { scheduledAt: Date; hospital: { timeZone: string; trackingLinkHours?: number | null } },
): Date {
  if (!claims.scheduledAt) return claims.expiresAt;
  const now = Math.floor(appointment.scheduledAt.getTime() / 1000) * 1000;
  if (now === claims.scheduledAt.getTime()) return claims.expiresAt;
  return trackingLinkExpiry(appointment.scheduledAt, claims.issuedAt, {
    timeZone: appointment.hospital.timeZone,
    hours: appointment.hospital.trackingLinkHours,
  });
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
