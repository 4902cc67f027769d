// What tracking links need of an appointment: ids and the token version.
import { getDb } from "./client.ts";

const linkSelect = {
  id: true,
  hospitalId: true,
  doctorId: true,
  tokenVersion: true,
  scheduledAt: true,
} as const;

export function findAppointmentForLink(hospitalId: string, appointmentId: string) {
  return getDb().appointment.findFirst({ where: { id: appointmentId, hospitalId }, select: linkSelect });
}

/** Revokes every link issued so far for this appointment by moving to the next token version. */
export async function bumpTokenVersion(hospitalId: string, appointmentId: string) {
  const { count } = await getDb().appointment.updateMany({
    where: { id: appointmentId, hospitalId },
    data: { tokenVersion: { increment: 1 } },
  });
  return count === 1 ? findAppointmentForLink(hospitalId, appointmentId) : null;
}
