// Reads outside a change: bookings by key, doctors, tracking references, queue days and their
// versions, the demo's open appointments and the sweeper's no-show candidates.
import { OPEN_STATUSES } from "../../domain/types.ts";
import { getDb } from "../client.ts";

/** A booking already made with this idempotency key (a repeated walk-in form), if any. */
export function findAppointmentByIdempotencyKey(hospitalId: string, idempotencyKey: string) {
  return getDb().appointment.findUnique({
    where: { hospitalId_idempotencyKey: { hospitalId, idempotencyKey } },
    select: {
      id: true,
      hospitalId: true,
      doctorId: true,
      ticket: true,
      status: true,
      scheduledAt: true,
      tokenVersion: true,
    },
  });
}

/** A doctor of this hospital, with what booking needs (hours, days, time zone). */
export function findDoctorForBooking(hospitalId: string, doctorId: string) {
  return getDb().doctor.findFirst({
    where: { id: doctorId, hospitalId },
    select: {
      id: true,
      hospitalId: true,
      name: true,
      active: true,
      periods: { select: { weekday: true, start: true, end: true } },
      daysOff: { select: { date: true } },
      hospital: { select: { timeZone: true } },
    },
  });
}

/** What a tracking link needs to find its queue; cached by the tracking service. */
export function findAppointmentRef(id: string) {
  return getDb().appointment.findUnique({
    where: { id },
    select: {
      id: true,
      hospitalId: true,
      doctorId: true,
      queueDayId: true,
      tokenVersion: true,
      ticket: true,
      scheduledAt: true,
      hospital: { select: { name: true, timeZone: true, languages: true, trackingLinkHours: true } },
      doctor: { select: { name: true, room: true } },
    },
  });
}
export type AppointmentRef = NonNullable<Awaited<ReturnType<typeof findAppointmentRef>>>;

export function findQueueDay(doctorId: string, date: string) {
  return getDb().queueDay.findUnique({
    where: { doctorId_date: { doctorId, date } },
    select: { id: true, hospitalId: true },
  });
}

/**
 * The versions of the queue days named, and of those of `hospitalIds` changed since `since`: one
 * query for the hub's periodic comparison (server/realtime/hub.ts).
 */
export function findQueueDayVersions(ids: string[], hospitalIds: string[], since: Date) {
  return getDb().queueDay.findMany({
    where: {
      OR: [
        ...(ids.length > 0 ? [{ id: { in: ids } }] : []),
        ...(hospitalIds.length > 0 ? [{ hospitalId: { in: hospitalIds }, updatedAt: { gte: since } }] : []),
      ],
    },
    select: { id: true, hospitalId: true, version: true },
  });
}

/** A queue day's version as committed (null: no such queue day). */
export async function findQueueDayVersion(id: string): Promise<number | null> {
  const day = await getDb().queueDay.findUnique({ where: { id }, select: { version: true } });
  return day?.version ?? null;
}

export function listDoctors(hospitalId: string) {
  return getDb().doctor.findMany({
    where: { hospitalId, active: true },
    select: {
      id: true,
      name: true,
      room: true,
      specialty: true,
      periods: { select: { weekday: true, start: true, end: true } },
      daysOff: { select: { date: true } },
    },
    orderBy: { name: "asc" },
  });
}

export function findAppointmentQueueDay(appointmentId: string) {
  return getDb().appointment.findUnique({
    where: { id: appointmentId },
    select: { id: true, hospitalId: true, doctorId: true, queueDayId: true },
  });
}

/** What a reschedule checks of an appointment before it makes the target day: its status and day. */
export function findAppointmentToMove(appointmentId: string) {
  return getDb().appointment.findUnique({
    where: { id: appointmentId },
    select: { status: true, queueDay: { select: { date: true } } },
  });
}

/** Open appointments of a hospital on a local date, for the demo's tracking links. */
export function listOpenAppointments(hospitalId: string, date: string) {
  return getDb().appointment.findMany({
    where: {
      hospitalId,
      queueDay: { date },
      status: { in: [...OPEN_STATUSES] },
    },
    select: {
      id: true,
      hospitalId: true,
      doctorId: true,
      tokenVersion: true,
      ticket: true,
      status: true,
      scheduledAt: true,
      doctor: { select: { name: true } },
    },
    orderBy: [{ doctor: { name: "asc" } }, { ticket: "asc" }],
  });
}

export function findHospitalBySlug(slug: string) {
  return getDb().hospital.findUnique({ where: { slug }, select: { id: true, timeZone: true } });
}

/**
 * No-show candidates at `now`: BOOKED appointments whose slot started within the last day, or whose
 * staff-scheduled no-show (noShowDueAt) has come. The caller decides who is due.
 */
export function findNoShowCandidates(now: Date) {
  return getDb().appointment.findMany({
    where: {
      status: "BOOKED",
      OR: [
        { scheduledAt: { lt: now, gt: new Date(now.getTime() - 24 * 3_600_000) } },
        { noShowDueAt: { lte: now } },
      ],
    },
    select: {
      id: true,
      hospitalId: true,
      queueDayId: true,
      scheduledAt: true,
      noShowDueAt: true,
      lateMinutes: true,
      hospital: { select: { noShowGraceMinutes: true } },
    },
    orderBy: { scheduledAt: "asc" },
    take: 500,
  });
}
