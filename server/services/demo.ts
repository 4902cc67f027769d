// The demo hospital's tracking links for today (used by `npm run demo:links`).

import { signTrackingToken } from "../auth/tracking-token.ts";
import { now as clockNow } from "../clock.ts";
import { findHospitalBySlug, listOpenAppointments } from "../db/queue-repo.ts";
import { localDateOf } from "../domain/time.ts";
import { env } from "../env.ts";

export type DemoLink = {
  url: string;
  appointmentId: string;
  doctorName: string;
  ticket: number;
  status: string;
  /** The appointment time (ISO). */
  scheduledAt: string;
};

export async function demoTrackingLinks(now = clockNow()): Promise<DemoLink[]> {
  const hospital = await findHospitalBySlug("demo");
  if (!hospital) return [];
  const appointments = await listOpenAppointments(hospital.id, localDateOf(now, hospital.timeZone));
  const base = env().PUBLIC_URL.replace(/\/$/, "");
  return Promise.all(
    appointments.map(async (a) => {
      const token = await signTrackingToken({
        appointmentId: a.id,
        hospitalId: a.hospitalId,
        doctorId: a.doctorId,
        tokenVersion: a.tokenVersion,
      });
      return {
        url: `${base}/track/${token}`,
        appointmentId: a.id,
        doctorName: a.doctor.name,
        ticket: a.ticket,
        status: a.status,
        scheduledAt: a.scheduledAt.toISOString(),
      };
    }),
  );
}
