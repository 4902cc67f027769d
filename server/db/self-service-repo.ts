// What a patient's own actions from their tracking link read: the appointment as it is now, its
// day, doctor and clinic (where it is, how to call it). Changes go through the queue's one path
// (services/queue-change.ts), never from here.
import { getDb } from "./client.ts";

export function findAppointmentForPatient(id: string) {
  return getDb().appointment.findUnique({
    where: { id },
    select: {
      id: true,
      hospitalId: true,
      doctorId: true,
      tokenVersion: true,
      status: true,
      scheduledAt: true,
      lateMinutes: true,
      lateReports: true,
      queueDay: { select: { date: true } },
      doctor: { select: { name: true, room: true, consultationMinutes: true } },
      hospital: {
        select: {
          name: true,
          timeZone: true,
          address: true,
          phone: true,
          mapUrl: true,
          maxEarlyArrivalMinutes: true,
          defaultConsultationMinutes: true,
          trackingLinkHours: true,
        },
      },
    },
  });
}
export type PatientAppointment = NonNullable<Awaited<ReturnType<typeof findAppointmentForPatient>>>;
