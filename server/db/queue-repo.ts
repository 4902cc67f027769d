// Queue reads and writes: the only code that knows how queues are stored.
import { getDb } from "./client.ts";
import type { Prisma, PrismaClient } from "./generated/client.ts";

export type Tx = Prisma.TransactionClient;
type Reader = Tx | PrismaClient;

const appointmentSelect = {
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
  quotedStartAt: true,
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
    select: { id: true, name: true, room: true, consultationMinutes: true, workStart: true, workEnd: true },
  },
  hospital: {
    select: {
      id: true,
      name: true,
      timeZone: true,
      defaultConsultationMinutes: true,
      maxEarlyArrivalMinutes: true,
      noShowGraceMinutes: true,
    },
  },
} as const;

export type StoredQueueDay = Prisma.QueueDayGetPayload<{ select: typeof queueDaySelect }>;
export type StoredAppointment = Prisma.AppointmentGetPayload<{ select: typeof appointmentSelect }>;
export type QueueState = {
  queueDay: StoredQueueDay;
  appointments: StoredAppointment[];
  /** The doctor's latest completed consultation lengths in minutes, newest first. */
  recentDurations: number[];
};

async function readState(db: Reader, queueDayId: string): Promise<QueueState | null> {
  // Version first, rows after: a snapshot may hold newer rows than its version, never older ones.
  const queueDay = await db.queueDay.findUnique({ where: { id: queueDayId }, select: queueDaySelect });
  if (!queueDay) return null;
  const [appointments, recent] = await Promise.all([
    db.appointment.findMany({ where: { queueDayId }, select: appointmentSelect, orderBy: { ticket: "asc" } }),
    db.appointment.findMany({
      where: {
        doctorId: queueDay.doctorId,
        status: "COMPLETED",
        startedAt: { not: null },
        endedAt: { not: null },
      },
      select: { startedAt: true, endedAt: true },
      orderBy: { endedAt: "desc" },
      take: 30,
    }),
  ]);
  const recentDurations = recent.map((r) => (r.endedAt!.getTime() - r.startedAt!.getTime()) / 60_000);
  return { queueDay, appointments, recentDurations };
}

export function loadQueueState(queueDayId: string): Promise<QueueState | null> {
  return readState(getDb(), queueDayId);
}

/** Runs `work` in one transaction holding the QueueDay's row lock: changes to a queue are serialized. */
export async function withLockedQueueDay<T>(
  queueDayId: string,
  work: (tx: Tx, state: QueueState) => Promise<T>,
): Promise<T> {
  return getDb().$transaction(
    async (tx) => {
      const locked = await tx.$queryRaw<
        { id: string }[]
      >`SELECT "id" FROM "QueueDay" WHERE "id" = ${queueDayId} FOR UPDATE`;
      if (locked.length === 0) throw new QueueDayMissing(queueDayId);
      const state = await readState(tx, queueDayId);
      return work(tx, state!);
    },
    { maxWait: 10_000, timeout: 15_000 },
  );
}

export class QueueDayMissing extends Error {
  constructor(readonly queueDayId: string) {
    super(`Queue day ${queueDayId} not found`);
  }
}

export async function recordQueueEvent(
  tx: Tx,
  queueDayId: string,
  event: {
    type: string;
    actor: string;
    appointmentId?: string | null;
    reason?: string | null;
    fromPosition?: number | null;
    toPosition?: number | null;
    before?: Prisma.InputJsonValue;
    data?: Prisma.InputJsonValue;
  },
): Promise<number> {
  const { version } = await tx.queueDay.update({
    where: { id: queueDayId },
    data: { version: { increment: 1 } },
    select: { version: true },
  });
  await tx.queueEvent.create({ data: { queueDayId, version, ...event } });
  return version;
}

export function updateAppointment(tx: Tx, id: string, data: Prisma.AppointmentUncheckedUpdateInput) {
  return tx.appointment.update({ where: { id }, data, select: { id: true } });
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
      hospital: { select: { name: true, timeZone: true } },
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

export async function ensureQueueDay(hospitalId: string, doctorId: string, date: string) {
  return getDb().queueDay.upsert({
    where: { doctorId_date: { doctorId, date } },
    create: { hospitalId, doctorId, date },
    update: {},
    select: { id: true, hospitalId: true },
  });
}

export function listDoctors(hospitalId: string) {
  return getDb().doctor.findMany({
    where: { hospitalId, active: true },
    select: { id: true, name: true, room: true, specialty: true, workStart: true, workEnd: true },
    orderBy: { name: "asc" },
  });
}

export function findAppointmentQueueDay(appointmentId: string) {
  return getDb().appointment.findUnique({
    where: { id: appointmentId },
    select: { id: true, hospitalId: true, queueDayId: true },
  });
}

/** Open appointments of a hospital on a local date, for the demo's tracking links. */
export function listOpenAppointments(hospitalId: string, date: string) {
  return getDb().appointment.findMany({
    where: {
      hospitalId,
      queueDay: { date },
      status: { in: ["BOOKED", "CHECKED_IN", "CALLED", "IN_CONSULTATION"] },
    },
    select: {
      id: true,
      hospitalId: true,
      doctorId: true,
      tokenVersion: true,
      ticket: true,
      status: true,
      doctor: { select: { name: true } },
    },
    orderBy: [{ doctor: { name: "asc" } }, { ticket: "asc" }],
  });
}

export function findHospitalBySlug(slug: string) {
  return getDb().hospital.findUnique({ where: { slug }, select: { id: true, timeZone: true } });
}

/** BOOKED appointments whose slot started in the last day and before `startedBefore` (no-show candidates). */
export function findBookedStartedBefore(startedBefore: Date) {
  return getDb().appointment.findMany({
    where: {
      status: "BOOKED",
      scheduledAt: { lt: startedBefore, gt: new Date(startedBefore.getTime() - 24 * 3_600_000) },
    },
    select: {
      id: true,
      hospitalId: true,
      queueDayId: true,
      scheduledAt: true,
      hospital: { select: { noShowGraceMinutes: true } },
    },
    take: 500,
  });
}
