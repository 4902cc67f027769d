// Queue reads and writes: the only code that knows how queues are stored.
import { DomainError } from "../domain/errors.ts";
import { getDb } from "./client.ts";
import { Prisma, type PrismaClient } from "./generated/client.ts";

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
  noShowDueAt: true,
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
    | "paidAt"
    | "scheduledAt"
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

async function readState(db: Reader, queueDayId: string): Promise<QueueState | null> {
  // Version first, rows after: a snapshot may hold newer rows than its version, never older ones.
  const queueDay = await db.queueDay.findUnique({ where: { id: queueDayId }, select: queueDaySelect });
  if (!queueDay) return null;
  const [appointments, recentDurations] = await Promise.all([
    readAppointments(db, queueDayId),
    readRecentDurations(db, queueDay.doctorId),
  ]);
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
      a."noShowDueAt", a."quotedStartAt", p."name" AS "patientName"
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

/** Attempts for a transaction that PostgreSQL aborted as a deadlock or serialization failure. */
const TRANSIENT_ATTEMPTS = 3;
/**
 * Transactions of one queue day this instance runs at once. The row lock serializes them anyway;
 * more would only hold pooled connections idle behind it, starving every other queue and read.
 */
const PER_QUEUE_DAY_IN_FLIGHT = 3;

type Gate = { active: number; waiting: (() => void)[] };
const gateGlobals = globalThis as unknown as { __pqQueueDayGates?: Map<string, Gate> };

/** Runs `work` once fewer than PER_QUEUE_DAY_IN_FLIGHT others of this queue day are running here. */
async function inTurn<T>(queueDayId: string, work: () => Promise<T>): Promise<T> {
  gateGlobals.__pqQueueDayGates ??= new Map();
  const gates = gateGlobals.__pqQueueDayGates;
  let gate = gates.get(queueDayId);
  if (!gate) {
    gate = { active: 0, waiting: [] };
    gates.set(queueDayId, gate);
  }
  const held = gate;
  // A finishing change hands its place straight to the next waiting one.
  if (held.active >= PER_QUEUE_DAY_IN_FLIGHT)
    await new Promise<void>((resolve) => held.waiting.push(resolve));
  else held.active++;
  try {
    return await work();
  } finally {
    const next = held.waiting.shift();
    if (next) next();
    else if (--held.active === 0) gates.delete(queueDayId);
  }
}

/**
 * Runs `work` in one transaction holding the QueueDay's row lock: changes to a queue are serialized
 * (across instances too). Storage failures come out as DomainErrors (a missing row is NOT_FOUND, a
 * unique clash CONFLICT); a deadlock or serialization failure, which rolled everything back, is
 * retried first.
 */
export function withLockedQueueDay<T>(
  queueDayId: string,
  work: (tx: Tx, state: QueueState) => Promise<T>,
): Promise<T> {
  return inTurn(queueDayId, async () => {
    for (let attempt = 1; ; attempt++) {
      try {
        return await getDb().$transaction(
          async (tx) => {
            const locked = await tx.$queryRaw<
              { id: string }[]
            >`SELECT "id" FROM "QueueDay" WHERE "id" = ${queueDayId} FOR UPDATE`;
            if (locked.length === 0) throw new QueueDayMissing(queueDayId);
            const state = await readState(tx, queueDayId);
            return work(tx, state!);
          },
          // Under a burst a change waits for a pooled connection, then for the row lock: short
          // waits each, but they add up (maxWait covers the first, timeout the second).
          { maxWait: 30_000, timeout: 30_000 },
        );
      } catch (err) {
        if (attempt < TRANSIENT_ATTEMPTS && isTransientConflict(err)) continue;
        throw storageErrorAsDomainError(err);
      }
    }
  });
}

export class QueueDayMissing extends Error {
  constructor(readonly queueDayId: string) {
    super(`Queue day ${queueDayId} not found`);
  }
}

/** PostgreSQL rolled the transaction back (deadlock, serialization failure): safe to run again. */
function isTransientConflict(err: unknown): boolean {
  return err instanceof Prisma.PrismaClientKnownRequestError && err.code === "P2034";
}

const CLASH_MESSAGE = "That change clashed with another one made at the same moment. Please try again.";

/** A unique constraint refused a write (e.g. the same walk-in form submitted twice at once). */
export class UniqueClash extends DomainError {
  constructor() {
    super("CONFLICT", CLASH_MESSAGE);
  }
}

/** True when `err` is a unique-constraint violation, raw or already translated. */
export function isUniqueViolation(err: unknown): boolean {
  return (
    err instanceof UniqueClash ||
    (err instanceof Prisma.PrismaClientKnownRequestError && err.code === "P2002")
  );
}

/** Turns what storage reports into what staff can act on; anything unexpected passes through. */
function storageErrorAsDomainError(err: unknown): unknown {
  if (err instanceof QueueDayMissing) return new DomainError("NOT_FOUND", "That queue does not exist.");
  if (!(err instanceof Prisma.PrismaClientKnownRequestError)) return err;
  switch (err.code) {
    case "P2025":
    case "P2001":
      return new DomainError("NOT_FOUND", "That record no longer exists. Refresh and try again.");
    case "P2002":
      return new UniqueClash();
    case "P2003":
      return new DomainError("BAD_REQUEST", "That refers to something that does not exist.");
    case "P2034":
      return new DomainError("CONFLICT", CLASH_MESSAGE);
    default:
      return err;
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
    /** When the change happened (the change's own clock, so pinned-time tests and undo agree). */
    createdAt?: Date;
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

export function updateQueueDay(tx: Tx, id: string, data: QueueDayChange) {
  return tx.queueDay.update({ where: { id }, data, select: { id: true } });
}

/** The latest event about one appointment (what an undo would take back). */
export function findLastAppointmentEvent(tx: Tx, appointmentId: string) {
  return tx.queueEvent.findFirst({
    where: { appointmentId },
    orderBy: { version: "desc" },
    select: { id: true, type: true, version: true, before: true, createdAt: true },
  });
}

/**
 * A walk-in: a new patient and their appointment in a locked queue day, with the day's next
 * ticket (never one already used, even if the counter lags behind imported rows).
 */
export async function createWalkInAppointment(
  tx: Tx,
  input: {
    queueDayId: string;
    hospitalId: string;
    doctorId: string;
    patientName: string;
    phone: string | null;
    scheduledAt: Date;
    bookedAt: Date;
    paidAt: Date | null;
    priority: "NORMAL" | "URGENT";
    checkedInAt: Date | null;
    idempotencyKey: string | null;
    /** WALK_IN at the desk; BOOKING when another system booked it. */
    source?: "BOOKING" | "WALK_IN";
  },
): Promise<StoredAppointment> {
  const [day, last] = await Promise.all([
    tx.queueDay.findUniqueOrThrow({ where: { id: input.queueDayId }, select: { nextTicket: true } }),
    tx.appointment.findFirst({
      where: { queueDayId: input.queueDayId },
      orderBy: { ticket: "desc" },
      select: { ticket: true },
    }),
  ]);
  const ticket = Math.max(day.nextTicket, (last?.ticket ?? 0) + 1);
  await tx.queueDay.update({ where: { id: input.queueDayId }, data: { nextTicket: ticket + 1 } });
  const patient = await tx.patient.create({
    data: { hospitalId: input.hospitalId, name: input.patientName, phone: input.phone },
    select: { id: true },
  });
  return tx.appointment.create({
    data: {
      hospitalId: input.hospitalId,
      doctorId: input.doctorId,
      patientId: patient.id,
      queueDayId: input.queueDayId,
      ticket,
      scheduledAt: input.scheduledAt,
      bookedAt: input.bookedAt,
      paidAt: input.paidAt,
      priority: input.priority,
      source: input.source ?? "WALK_IN",
      status: input.checkedInAt ? "CHECKED_IN" : "BOOKED",
      checkedInAt: input.checkedInAt,
      idempotencyKey: input.idempotencyKey,
    },
    select: appointmentSelect,
  });
}

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
      workStart: true,
      workEnd: true,
      workDays: true,
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

export async function ensureQueueDay(hospitalId: string, doctorId: string, date: string) {
  const where = { doctorId_date: { doctorId, date } };
  const select = { id: true, hospitalId: true };
  try {
    return await getDb().queueDay.upsert({
      where,
      create: { hospitalId, doctorId, date },
      update: {},
      select,
    });
  } catch (err) {
    // Two first changes of a day at once: one insert wins, the other reads its row.
    if (!isUniqueViolation(err)) throw err;
    return getDb().queueDay.findUniqueOrThrow({ where, select });
  }
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
    select: { id: true, hospitalId: true, doctorId: true, queueDayId: true },
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
      scheduledAt: true,
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
      hospital: { select: { noShowGraceMinutes: true } },
    },
    orderBy: { scheduledAt: "asc" },
    take: 500,
  });
}
