// Queue changes: each runs in one transaction holding the QueueDay's row lock, bumps its version
// by exactly one, writes a QueueEvent, then (after commit) caches the new snapshot and publishes.
// Every write goes through the change context, which keeps the after-image (the locked state with
// this change applied) in step: after commit it becomes the new version's snapshot, written to the
// cache and handed to this instance's live subscribers, with no second read of the queue.
// This file holds that frame, who may change which queue, and the consultation flow; the other
// changes live beside it (queue-no-shows, queue-order, queue-notices, queue-undo, walk-in).

import { now as clockNow } from "../clock.ts";
import {
  type AppointmentChange,
  findAppointmentQueueDay,
  type QueueDayChange,
  type QueueState,
  readRecentDurations,
  recordQueueEvent,
  type StoredAppointment,
  type Tx,
  updateAppointment,
  updateQueueDay,
  withLockedQueueDay,
} from "../db/queue-repo.ts";
import { DomainError } from "../domain/errors.ts";
import { callNextCandidate, orderQueue, orderQueueEntries } from "../domain/ordering.ts";
import { assertTransition, checkInRefusal, earlyArrivalWindow } from "../domain/transitions.ts";
import { env } from "../env.ts";
import { errorField, log } from "../log.ts";
import { getBus } from "../realtime/bus-index.ts";
import { getHub } from "../realtime/hub.ts";
import { queueDayFor } from "./board.ts";
import {
  invalidateSnapshot,
  type QueueSnapshot,
  snapshotFromState,
  storeSnapshot,
  topicOf,
} from "./snapshot.ts";

/** Who made a change: "staff:<id>" or "system:sweeper". */
export type Actor = string;

/**
 * Whose queues a caller may change: one hospital's, and when `onlyDoctorId` is not undefined only
 * that doctor's (a doctor's own queue; null matches no queue at all).
 */
export type QueueScope = { hospitalId: string; onlyDoctorId?: string | null };

/** Options every change takes; `now` pins the clock (tests, the sweeper's tick). */
export type ChangeOptions = { now?: Date };

export type ChangeContext = {
  /**
   * For reads, and for creating rows that are then passed to `add`. Write what the snapshot shows
   * (appointments of this day, the day's notice and pause) only through `update` and `updateDay`:
   * the after-image they keep becomes the snapshot live subscribers get.
   */
  tx: Tx;
  /** The queue as it was when the lock was taken. */
  state: QueueState;
  now: Date;
  /** Writes a change to one appointment and keeps the after-image (for positions) in step. */
  update(appointmentId: string, data: AppointmentChange): Promise<void>;
  /** Writes a change to the queue day itself (notice, pause) and keeps the after-image in step. */
  updateDay(data: QueueDayChange): Promise<void>;
  /** Adds a newly created appointment to the after-image. */
  add(appointment: StoredAppointment): void;
  /** The after-image: the day's appointments with this change's writes so far. */
  current(): readonly StoredAppointment[];
};

export type Change<X extends object = Record<never, never>> = {
  type: string;
  appointmentId: string | null;
  reason?: string | null;
  /** The appointment's fields before the change (see `restorable`), for undo. */
  before?: Record<string, unknown>;
  data?: Record<string, unknown>;
  /** Bus message kind, e.g. "emergency", so the realtime layer can alert. */
  kind?: string;
  /** Returned to the caller beside version and positions. */
  extra?: X;
};

export type ChangeOutcome = {
  version: number;
  type: string;
  appointmentId: string | null;
  /** Position before and after: 1..n while waiting, 0 with the doctor, null when not in the queue. */
  fromPosition: number | null;
  toPosition: number | null;
};

/** Dates become ISO strings, as they will read back from the Json column. */
const asJson = (value: Record<string, unknown> | undefined) =>
  value === undefined ? undefined : (JSON.parse(JSON.stringify(value)) as never);

function positionIn(appointments: readonly StoredAppointment[], timeZone: string, id: string | null) {
  if (!id) return null;
  return orderQueueEntries(appointments, timeZone).find((e) => e.id === id)?.position ?? null;
}

/** The shared frame of every change: lock, apply, record, then cache the after-image and publish. */
export async function runQueueChange<X extends object = Record<never, never>>(
  queueDayId: string,
  actor: Actor,
  apply: (change: ChangeContext) => Promise<Change<X>>,
  opts: ChangeOptions = {},
): Promise<ChangeOutcome & X> {
  const committed = await withLockedQueueDay(queueDayId, async (tx, state) => {
    // Taken under the lock, so timestamps rise with versions.
    const now = opts.now ?? clockNow();
    const image = new AfterImage(state);
    const context: ChangeContext = {
      tx,
      state,
      now,
      async update(id, data) {
        await updateAppointment(tx, id, data);
        image.update(id, data);
      },
      async updateDay(data) {
        await updateQueueDay(tx, queueDayId, data);
        image.updateDay(data);
      },
      add: (appointment) => image.add(appointment),
      current: () => image.appointments(),
    };
    const result = await apply(context);
    const after = image.appointments();
    const timeZone = state.queueDay.hospital.timeZone;
    const fromPosition = positionIn(state.appointments, timeZone, result.appointmentId);
    const toPosition = positionIn(after, timeZone, result.appointmentId);
    const version = await recordQueueEvent(tx, queueDayId, {
      type: result.type,
      actor,
      appointmentId: result.appointmentId,
      reason: result.reason ?? null,
      fromPosition,
      toPosition,
      before: asJson(result.before),
      data: asJson(result.data),
      createdAt: now,
    });
    // A completion (or its undo) changes the doctor's recent consultation lengths: read them again.
    const recentDurations = image.touchesHistory
      ? await readRecentDurations(tx, state.queueDay.doctorId)
      : state.recentDurations;
    const afterState = image.state(version, recentDurations);
    return { version, fromPosition, toPosition, hospitalId: state.queueDay.hospitalId, result, afterState };
  });
  const { result, version, fromPosition, toPosition, afterState } = committed;
  await afterCommit(
    committed.hospitalId,
    queueDayId,
    version,
    result.type,
    result.kind,
    afterImageSnapshot(afterState),
  );
  return {
    ...(result.extra as X),
    version,
    type: result.type,
    appointmentId: result.appointmentId,
    fromPosition,
    toPosition,
  };
}

/**
 * The snapshot of the committed version, from the change's after-image (null if that failed: then
 * subscribers load it as other instances do). Built now, after commit, as a load would be.
 */
function afterImageSnapshot(state: QueueState): QueueSnapshot | null {
  try {
    return snapshotFromState(state, clockNow());
  } catch (err) {
    log.error(errorField(err), "[queue] building the after-image snapshot failed");
    return null;
  }
}

async function afterCommit(
  hospitalId: string,
  queueDayId: string,
  version: number,
  reason: string,
  kind: string | undefined,
  snapshot: QueueSnapshot | null,
) {
  // The new version goes to the cache before the bus message, so other instances find it there
  // instead of all loading it from the database. Either write is guarded by version: a reader that
  // loaded an older version before the commit cannot put it back.
  const stored = snapshot ? await storeSnapshot(snapshot) : false;
  if (!stored) {
    try {
      await invalidateSnapshot(queueDayId, version);
    } catch (err) {
      log.error(errorField(err), "[queue] cache invalidation failed");
    }
  }
  const update = { topic: topicOf(hospitalId, queueDayId), version, reason, kind, at: Date.now() };
  // This instance's subscribers get the after-image itself, once the change has answered: `release`
  // runs just before this returns, and the hub sends on the next turn of the event loop.
  const release = snapshot ? getHub().offer(update, snapshot) : () => {};
  try {
    await getBus().publish(update);
  } finally {
    release();
  }
}

/** Drops undefined fields: an update leaves them as they are. */
function defined<T extends object>(data: T): Partial<T> {
  const out: Partial<T> = {};
  for (const key of Object.keys(data) as (keyof T)[]) if (data[key] !== undefined) out[key] = data[key];
  return out;
}

const HISTORY_FIELDS = ["status", "startedAt", "endedAt"] as const;

/**
 * The locked state with a change's writes applied, kept in step with what it writes to the
 * database, so the committed version's snapshot can be built without reading the queue back.
 */
class AfterImage {
  private list: StoredAppointment[];
  private readonly index = new Map<string, number>();
  /** `list` has been handed out by appointments(): the next write copies it first. */
  private shared = true;
  private day: QueueState["queueDay"];
  private added = false;
  /** A write may have changed the doctor's completed consultations. */
  touchesHistory = false;

  constructor(before: QueueState) {
    this.list = before.appointments;
    this.day = before.queueDay;
    before.appointments.forEach((a, i) => {
      this.index.set(a.id, i);
    });
  }

  appointments(): readonly StoredAppointment[] {
    this.shared = true;
    return this.list;
  }

  update(id: string, data: AppointmentChange) {
    const i = this.index.get(id);
    // Another day's appointment: not part of this queue's image.
    if (i === undefined) return;
    const list = this.writable();
    const was = list[i]!;
    const now = { ...was, ...defined(data) };
    list[i] = now;
    if (
      (was.status === "COMPLETED" || now.status === "COMPLETED") &&
      HISTORY_FIELDS.some((f) => data[f] !== undefined)
    )
      this.touchesHistory = true;
  }

  add(appointment: StoredAppointment) {
    const list = this.writable();
    this.index.set(appointment.id, list.length);
    list.push(appointment);
    this.added = true;
  }

  updateDay(data: QueueDayChange) {
    const { pausedAt: _notInSnapshot, ...rest } = data;
    this.day = { ...this.day, ...defined(rest) };
  }

  /** The state a load of `version` would read (appointments by ticket, as loaded). */
  state(version: number, recentDurations: number[]): QueueState {
    let appointments = this.list;
    if (this.added) appointments = [...appointments].sort((a, b) => a.ticket - b.ticket);
    return { queueDay: { ...this.day, version }, appointments, recentDurations };
  }

  private writable(): StoredAppointment[] {
    if (this.shared) {
      this.list = [...this.list];
      this.shared = false;
    }
    return this.list;
  }
}

/** What an undo needs to put an appointment back as it was. */
export function restorable(a: StoredAppointment): Record<string, unknown> {
  return {
    status: a.status,
    priority: a.priority,
    orderRank: a.orderRank,
    checkedInAt: a.checkedInAt,
    calledAt: a.calledAt,
    startedAt: a.startedAt,
    endedAt: a.endedAt,
    noShowAt: a.noShowAt,
    cancelledAt: a.cancelledAt,
    noShowDueAt: a.noShowDueAt,
  };
}

export function findEntry(state: QueueState, appointmentId: string): StoredAppointment {
  const a = state.appointments.find((x) => x.id === appointmentId);
  if (!a) throw new DomainError("APPOINTMENT_NOT_IN_QUEUE", "That appointment is not in this queue.");
  return a;
}

/**
 * The scope of a staff member, decided here for every router: their hospital, and for a DOCTOR their
 * own doctor only. A DOCTOR account linked to no doctor has no queue to run or read: it is refused
 * (FORBIDDEN) instead of being left without a doctor filter, which would show the whole hospital.
 */
export function scopeOfStaff(staff: {
  hospitalId: string;
  role: "ADMIN" | "RECEPTIONIST" | "DOCTOR";
  doctorId: string | null;
}): { hospitalId: string; onlyDoctorId?: string } {
  if (staff.role !== "DOCTOR") return { hospitalId: staff.hospitalId };
  if (!staff.doctorId)
    throw new DomainError(
      "DOCTOR_ACCOUNT_UNLINKED",
      "This doctor's account is not linked to a doctor yet, so it has no queue to show. Ask an admin to link it.",
    );
  return { hospitalId: staff.hospitalId, onlyDoctorId: staff.doctorId };
}

/** A doctor may change (or read) only their own queue. */
export function assertInScope(
  scope: QueueScope,
  doctorId: string,
  message = "Doctors can only run their own queue.",
) {
  if (scope.onlyDoctorId !== undefined && scope.onlyDoctorId !== doctorId) {
    throw new DomainError("NOT_OWN_QUEUE", message);
  }
}

/** The queue day of an appointment the caller may change; another hospital's is NOT_FOUND. */
export async function queueDayOfAppointment(scope: QueueScope, appointmentId: string): Promise<string> {
  const ref = await findAppointmentQueueDay(appointmentId);
  if (!ref || ref.hospitalId !== scope.hospitalId)
    throw new DomainError("APPOINTMENT_NOT_FOUND", "Appointment not found.");
  assertInScope(scope, ref.doctorId);
  return ref.queueDayId;
}

/** A doctor's queue day on a local date (created on first use) that the caller may change. */
export async function queueDayOfDoctor(scope: QueueScope, doctorId: string, date: string): Promise<string> {
  assertInScope(scope, doctorId);
  return queueDayFor(scope.hospitalId, doctorId, date);
}

/**
 * The start we expect for `id` once `patch` is applied to `appointments` (the change's after-image):
 * quoted at check-in, so the statistics can compare it with the real start.
 */
export function quotedStart(
  state: QueueState,
  appointments: readonly StoredAppointment[],
  id: string,
  patch: AppointmentChange,
  now: Date,
): Date | null {
  const patched = appointments.map((x) => (x.id === id ? { ...x, ...patch } : x));
  const snapshot = snapshotFromState({ ...state, appointments: patched }, now);
  return snapshot.entries.find((e) => e.appointmentId === id)?.estimatedStartAt ?? null;
}

/** Check-in (early arrival included): refused before the window opens unless staff force it. */
export async function checkIn(
  scope: QueueScope,
  appointmentId: string,
  actor: Actor,
  opts: ChangeOptions & { force?: boolean } = {},
) {
  const queueDayId = await queueDayOfAppointment(scope, appointmentId);
  return runQueueChange(
    queueDayId,
    actor,
    async ({ state, now, update, current }) => {
      const a = findEntry(state, appointmentId);
      assertTransition(a.status, "checkIn");
      const hospital = state.queueDay.hospital;
      const maxEarly = hospital.maxEarlyArrivalMinutes ?? env().MAX_EARLY_ARRIVAL;
      const window = earlyArrivalWindow(a.scheduledAt, maxEarly, now, hospital.timeZone);
      if (!window.open && !opts.force)
        throw new DomainError("CHECK_IN_NOT_OPEN", checkInRefusal(window.opensAt, hospital.timeZone));
      // Arrival also calls off a no-show that staff had scheduled.
      const patch: AppointmentChange = { status: "CHECKED_IN", checkedInAt: now, noShowDueAt: null };
      await update(a.id, { ...patch, quotedStartAt: quotedStart(state, current(), a.id, patch, now) });
      const early = now.getTime() < a.scheduledAt.getTime();
      return {
        type: early ? "EARLY_ARRIVAL" : "CHECKED_IN",
        appointmentId: a.id,
        reason: opts.force && !window.open ? "forced before the window" : null,
        before: restorable(a),
        extra: { checkInOpensAt: window.opensAt },
      };
    },
    opts,
  );
}

/** Calls the first present patient in queue order (absent ones ahead keep their place). */
export async function callNext(
  scope: QueueScope,
  doctorId: string,
  date: string,
  actor: Actor,
  opts: ChangeOptions = {},
) {
  const queueDayId = await queueDayOfDoctor(scope, doctorId, date);
  return runQueueChange(
    queueDayId,
    actor,
    async ({ state, now, update }) => {
      if (state.queueDay.paused)
        throw new DomainError("QUEUE_PAUSED", "This doctor's queue is paused. Resume it first.");
      const busy = state.appointments.find((a) => a.status === "CALLED");
      if (busy)
        throw new DomainError(
          "CALL_PENDING",
          `Ticket ${busy.ticket} has been called and has not started yet.`,
        );
      const next = callNextCandidate(orderQueue(state.appointments, state.queueDay.hospital.timeZone));
      if (!next) throw new DomainError("NOBODY_WAITING", "Nobody is checked in and waiting.");
      await update(next.id, { status: "CALLED", calledAt: now });
      return {
        type: "CALLED",
        appointmentId: next.id,
        before: restorable(next),
        extra: { ticket: next.ticket },
      };
    },
    opts,
  );
}

export async function startConsultation(
  scope: QueueScope,
  appointmentId: string,
  actor: Actor,
  opts: ChangeOptions = {},
) {
  const queueDayId = await queueDayOfAppointment(scope, appointmentId);
  return runQueueChange(
    queueDayId,
    actor,
    async ({ state, now, update }) => {
      const a = findEntry(state, appointmentId);
      assertTransition(a.status, "start");
      const inRoom = state.appointments.find((x) => x.status === "IN_CONSULTATION");
      if (inRoom)
        throw new DomainError(
          "CONSULTATION_IN_PROGRESS",
          `Ticket ${inRoom.ticket} is still in consultation. Complete it first.`,
        );
      await update(a.id, { status: "IN_CONSULTATION", startedAt: now, calledAt: a.calledAt ?? now });
      return { type: "STARTED", appointmentId: a.id, before: restorable(a) };
    },
    opts,
  );
}

export async function completeConsultation(
  scope: QueueScope,
  appointmentId: string,
  actor: Actor,
  opts: ChangeOptions = {},
) {
  const queueDayId = await queueDayOfAppointment(scope, appointmentId);
  return runQueueChange(
    queueDayId,
    actor,
    async ({ state, now, update }) => {
      const a = findEntry(state, appointmentId);
      assertTransition(a.status, "complete");
      await update(a.id, { status: "COMPLETED", endedAt: now });
      return { type: "COMPLETED", appointmentId: a.id, before: restorable(a) };
    },
    opts,
  );
}

/** Any open appointment can be cancelled (rule 1); a scheduled no-show goes with it. */
export async function cancelAppointment(
  scope: QueueScope,
  appointmentId: string,
  actor: Actor,
  opts: ChangeOptions & { reason?: string } = {},
) {
  const queueDayId = await queueDayOfAppointment(scope, appointmentId);
  return runQueueChange(
    queueDayId,
    actor,
    async ({ state, now, update }) => {
      const a = findEntry(state, appointmentId);
      assertTransition(a.status, "cancel");
      await update(a.id, { status: "CANCELLED", cancelledAt: now, noShowDueAt: null });
      return { type: "CANCELLED", appointmentId: a.id, reason: opts.reason ?? null, before: restorable(a) };
    },
    opts,
  );
}
