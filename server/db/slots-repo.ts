// Reads behind the slot views: a hospital's doctor or appointment (scoped to that hospital), the
// doctor's recent consultation lengths and the clinic's attendance history.
import { getDb } from "./client.ts";

/** A doctor of this hospital, with what slots need: working periods and days off, consultation length, time zone. */
export function findDoctorInHospital(hospitalId: string, doctorId: string) {
  return getDb().doctor.findFirst({
    where: { id: doctorId, hospitalId },
    select: {
      id: true,
      name: true,
      room: true,
      active: true,
      placesPerHour: true,
      periods: { select: { weekday: true, start: true, end: true } },
      daysOff: { select: { date: true } },
      consultationMinutes: true,
      learnsPace: true,
      hospital: {
        select: { timeZone: true, defaultConsultationMinutes: true, maxEarlyArrivalMinutes: true },
      },
    },
  });
}
export type SlotDoctor = NonNullable<Awaited<ReturnType<typeof findDoctorInHospital>>>;

/** An appointment of this hospital: which doctor and queue day it belongs to. */
export function findAppointmentInHospital(hospitalId: string, appointmentId: string) {
  return getDb().appointment.findFirst({
    where: { id: appointmentId, hospitalId },
    select: { id: true, doctorId: true, queueDayId: true, queueDay: { select: { date: true } } },
  });
}

/** The doctor's latest completed consultation lengths in minutes, newest first (as the snapshot reads them). */
export async function recentConsultationMinutes(doctorId: string, take = 30): Promise<number[]> {
  const rows = await getDb().appointment.findMany({
    where: { doctorId, status: "COMPLETED", startedAt: { not: null }, endedAt: { not: null } },
    select: { startedAt: true, endedAt: true },
    orderBy: { endedAt: "desc" },
    take,
  });
  return rows.map((r) => (r.endedAt!.getTime() - r.startedAt!.getTime()) / 60_000);
}

/**
 * How the hospital's patients turned up for appointments scheduled in [since, until): completed and
 * no-show visits, check-ins, and check-ins before the scheduled time (with how early, on average).
 */
export async function attendanceCounts(hospitalId: string, since: Date, until: Date) {
  const [row] = await getDb().$queryRaw<
    {
      completed: number;
      noShows: number;
      checkedIn: number;
      earlyArrivals: number;
      meanEarlyMinutes: number | null;
    }[]
  >`
    SELECT
      COUNT(*) FILTER (WHERE "status" = 'COMPLETED')::int AS "completed",
      COUNT(*) FILTER (WHERE "status" = 'NO_SHOW')::int AS "noShows",
      COUNT(*) FILTER (WHERE "checkedInAt" IS NOT NULL)::int AS "checkedIn",
      COUNT(*) FILTER (WHERE "checkedInAt" < "scheduledAt")::int AS "earlyArrivals",
      (AVG(EXTRACT(EPOCH FROM ("scheduledAt" - "checkedInAt")) / 60)
        FILTER (WHERE "checkedInAt" < "scheduledAt"))::float8 AS "meanEarlyMinutes"
    FROM "Appointment"
    WHERE "hospitalId" = ${hospitalId} AND "scheduledAt" >= ${since} AND "scheduledAt" < ${until}`;
  return {
    completed: Number(row?.completed ?? 0),
    noShows: Number(row?.noShows ?? 0),
    checkedIn: Number(row?.checkedIn ?? 0),
    earlyArrivals: Number(row?.earlyArrivals ?? 0),
    meanEarlyMinutes: Number(row?.meanEarlyMinutes ?? 0),
  };
}
