// A queue day as changes and snapshots read it: the day, its appointments and the doctor's recent
// consultation lengths, with the selects and types every other queue-repo part shares.
import { getDb } from "../client.ts";
import type { Prisma, PrismaClient } from "../generated/client.ts";

export type Tx = Prisma.TransactionClient;
type Reader = Tx | PrismaClient;

export const appointmentSelect = {
  id: true,
  ticket: true,
  status: true,
  priority: true,
  source: true,
  scheduledAt: true,
  bookedAt: true,
  paidAt: true,
  orderRank: true,
  checkedInAt: true,
  calledAt: true,
  startedAt: true,
  endedAt: true,
  noShowAt: true,
  cancelledAt: true,
  noShowDueAt: true,
  quotedStartAt: true,
  quotedEarliestAt: true,
  quotedLatestAt: true,
  lateMinutes: true,
  lateReportedAt: true,
  lateReports: true,
  checkedInBy: true,
  note: true,
  patient: { select: { name: true } },
} as const;

const queueDaySelect = {
  id: true,
  hospitalId: true,
  doctorId: true,
  date: true,
  version: true,
  delayMinutes: true,
  delayMessage: true,
  delayPriority: true,
  delaySetAt: true,
  delayUntil: true,
  paused: true,
  pausedReason: true,
  doctor: {
    select: {
      id: true,
      name: true,
      room: true,
      consultationMinutes: true,
      learnsPace: true,
      placesPerHour: true,
    },
  },
  hospital: {
    select: {
      id: true,
      name: true,
      timeZone: true,
      languages: true,
      defaultConsultationMinutes: true,
      maxEarlyArrivalMinutes: true,
      noShowGraceMinutes: true,
    },
  },
} as const;

const doctorCalendarSelect = {
  periods: { select: { weekday: true, start: true, end: true } },
  daysOff: { select: { date: true } },
} as const;
type DoctorCalendar = Prisma.DoctorGetPayload<{ select: typeof doctorCalendarSelect }>;

/** A queue day with its doctor's working hours and days off. */
export type StoredQueueDay = Omit<Prisma.QueueDayGetPayload<{ select: typeof queueDaySelect }>, "doctor"> & {
  doctor: Prisma.QueueDayGetPayload<{ select: typeof queueDaySelect }>["doctor"] & DoctorCalendar;
};
export type StoredAppointment = Prisma.AppointmentGetPayload<{ select: typeof appointmentSelect }>;
/** The fields a queue change may set on an appointment (also what an undo puts back). */
export type AppointmentChange = Partial<
  Pick<
    StoredAppointment,
    | "status"
    | "priority"
    | "orderRank"
    | "checkedInAt"
    | "calledAt"
    | "startedAt"
    | "endedAt"
    | "noShowAt"
    | "cancelledAt"
    | "noShowDueAt"
    | "quotedStartAt"
    | "quotedEarliestAt"
    | "quotedLatestAt"
    | "paidAt"
    | "scheduledAt"
    | "lateMinutes"
    | "lateReportedAt"
    | "lateReports"
    | "checkedInBy"
    | "note"
  >
>;
/** The fields a queue change may set on its QueueDay (notices and pause). */
export type QueueDayChange = Partial<
  Pick<
    StoredQueueDay,
    | "delayMinutes"
    | "delayMessage"
    | "delayPriority"
    | "delaySetAt"
    | "delayUntil"
    | "paused"
    | "pausedReason"
  > & { pausedAt: Date | null }
>;
export type QueueState = {
  queueDay: StoredQueueDay;
  appointments: StoredAppointment[];
  /** The doctor's latest completed consultation lengths in minutes, newest first. */
  recentDurations: number[];
};

export async function readState(db: Reader, queueDayId: string): Promise<QueueState | null> {
  // Version first, rows after: a snapshot may hold newer rows than its version, never older ones.
  const day = await db.queueDay.findUnique({ where: { id: queueDayId }, select: queueDaySelect });
  if (!day) return null;
  // The doctor's hours and days off in queries of their own, one after the other: as a nested
  // select, Prisma sends its relations' queries at once, which on a transaction's one connection pg
  // queues (deprecated; it stops in pg 9).
  const periods = await db.workingPeriod.findMany({
    where: { doctorId: day.doctorId },
    select: doctorCalendarSelect.periods.select,
  });
  const daysOff = await db.dayOff.findMany({
    where: { doctorId: day.doctorId },
    select: doctorCalendarSelect.daysOff.select,
  });
  const queueDay: StoredQueueDay = { ...day, doctor: { ...day.doctor, periods, daysOff } };
  // One after the other: `db` is often a transaction (one connection, one query at a time in pg).
  const appointments = await readAppointments(db, queueDayId);
  const recentDurations = await readRecentDurations(db, queueDay.doctorId);
  return { queueDay, appointments, recentDurations };
}

type AppointmentRow = Omit<StoredAppointment, "patient"> & { patientName: string };

const when = (v: Date | string | null): Date | null => (v === null || v instanceof Date ? v : new Date(v));

/**
 * A day's appointments by ticket, as `appointmentSelect` reads them, in one query: Prisma's nested
 * select is two (appointments, then their patients by id), about twice as slow for a long queue.
 */
async function readAppointments(db: Reader, queueDayId: string): Promise<StoredAppointment[]> {
  const rows = await db.$queryRaw<AppointmentRow[]>`
    SELECT a."id", a."ticket", a."status"::text AS "status", a."priority"::text AS "priority",
      a."source"::text AS "source", a."scheduledAt", a."bookedAt", a."paidAt", a."orderRank",
      a."checkedInAt", a."calledAt", a."startedAt", a."endedAt", a."noShowAt", a."cancelledAt",
      a."noShowDueAt", a."quotedStartAt", a."quotedEarliestAt", a."quotedLatestAt",
      a."lateMinutes", a."lateReportedAt", a."lateReports", a."checkedInBy", a."note",
      p."name" AS "patientName"
    FROM "Appointment" a JOIN "Patient" p ON p."id" = a."patientId"
    WHERE a."queueDayId" = ${queueDayId}
    ORDER BY a."ticket"`;
  return rows.map(
    (r): StoredAppointment => ({
      id: r.id,
      ticket: Number(r.ticket),
      status: r.status,
      priority: r.priority,
      source: r.source,
      scheduledAt: when(r.scheduledAt)!,
      bookedAt: when(r.bookedAt)!,
      paidAt: when(r.paidAt),
      orderRank: r.orderRank === null ? null : Number(r.orderRank),
      checkedInAt: when(r.checkedInAt),
      calledAt: when(r.calledAt),
      startedAt: when(r.startedAt),
      endedAt: when(r.endedAt),
      noShowAt: when(r.noShowAt),
      cancelledAt: when(r.cancelledAt),
      noShowDueAt: when(r.noShowDueAt),
      quotedStartAt: when(r.quotedStartAt),
      quotedEarliestAt: when(r.quotedEarliestAt),
      quotedLatestAt: when(r.quotedLatestAt),
      lateMinutes: r.lateMinutes === null ? null : Number(r.lateMinutes),
      lateReportedAt: when(r.lateReportedAt),
      lateReports: Number(r.lateReports),
      checkedInBy: r.checkedInBy,
      note: r.note,
      patient: { name: r.patientName },
    }),
  );
}

/** The doctor's latest completed consultation lengths in minutes, newest first (QueueState's). */
export async function readRecentDurations(db: Reader, doctorId: string): Promise<number[]> {
  const recent = await db.appointment.findMany({
    where: { doctorId, status: "COMPLETED", startedAt: { not: null }, endedAt: { not: null } },
    select: { startedAt: true, endedAt: true },
    orderBy: { endedAt: "desc" },
    take: 30,
  });
  return recent.map((r) => (r.endedAt!.getTime() - r.startedAt!.getTime()) / 60_000);
}

export function loadQueueState(queueDayId: string): Promise<QueueState | null> {
  return readState(getDb(), queueDayId);
}
