// Tracking links for staff: get an appointment's current link, or reissue it (revoking the old one).
import { signTrackingToken, trackingLinkExpiry } from "../auth/tracking-token.ts";
import { now as clockNow } from "../clock.ts";
import { findHospitalLinkPolicy } from "../db/hospital-repo.ts";
import { bumpTokenVersion, findAppointmentForLink } from "../db/link-repo.ts";
import { deletePushSubscriptionsOf } from "../db/push-repo.ts";
import { DomainError } from "../domain/errors.ts";
import { env } from "../env.ts";
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

export async function trackingLink(hospitalId: string, appointmentId: string) {
  const a = await findAppointmentForLink(hospitalId, appointmentId);
  if (!a) throw new DomainError("APPOINTMENT_NOT_FOUND", "Appointment not found.");
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
