// Tracking links for staff: get an appointment's current link, or reissue it (revoking the old one).
import { signTrackingToken, trackingLinkExpiry } from "../auth/tracking-token.ts";
import { now as clockNow } from "../clock.ts";
import { findHospitalLinkPolicy } from "../db/hospital-repo.ts";
import { bumpTokenVersion, findAppointmentForLink } from "../db/link-repo.ts";
import { deletePushSubscriptionsOf } from "../db/push-repo.ts";
import { DomainError } from "../domain/errors.ts";
import { env } from "../env.ts";
import { assertInScope, type QueueScope } from "./queue-scope.ts";
import { forgetTrackingRef } from "./tracking.ts";

type LinkRow = NonNullable<Awaited<ReturnType<typeof findAppointmentForLink>>>;

/** The link of an appointment, living as long as its hospital's settings say (trackingLinkHours). */
export async function linkFor(a: LinkRow, now = clockNow()) {
  const policy = await findHospitalLinkPolicy(a.hospitalId);
  const expiresAt = trackingLinkExpiry(a.scheduledAt, now, {
    timeZone: policy?.timeZone ?? "UTC",
    hours: policy?.trackingLinkHours,
  });
  // The appointment's time goes into the link, so its expiry can move with a reschedule.
  const token = await signTrackingToken(
    {
      appointmentId: a.id,
      hospitalId: a.hospitalId,
      doctorId: a.doctorId,
      tokenVersion: a.tokenVersion,
      scheduledAt: a.scheduledAt,
    },
    expiresAt,
  );
  return {
    appointmentId: a.id,
    token,
    url: `${env().PUBLIC_URL.replace(/\/$/, "")}/track/${token}`,
    expiresAt,
  };
}

/**
 * An appointment's tracking link, for staff. A doctor gets their own patients' links only: a link
 * checks in and cancels, which a doctor may not do on another doctor's queue (an attacker's probe,
 * 2026-12-07, cancelled a colleague's patient with one).
 */
export async function trackingLink(scope: QueueScope, appointmentId: string) {
  const a = await findAppointmentForLink(scope.hospitalId, appointmentId);
  if (!a) throw new DomainError("APPOINTMENT_NOT_FOUND", "Appointment not found.");
  assertInScope(scope, a.doctorId, "Doctors can only hand out their own patients' links.");
  return linkFor(a);
}

export async function reissueTrackingLink(hospitalId: string, appointmentId: string) {
  const a = await bumpTokenVersion(hospitalId, appointmentId);
  if (!a) throw new DomainError("APPOINTMENT_NOT_FOUND", "Appointment not found.");
  await forgetTrackingRef(appointmentId);
  // The old link's browsers stop getting pushes too: the new link's page subscribes anew.
  await deletePushSubscriptionsOf([appointmentId]);
  return linkFor(a);
}
