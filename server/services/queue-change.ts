// The one way to change a queue. `changeQueue` finds the queue day the caller may change and, in one
// transaction holding its row lock, asks the change's rule of the locked state, applies its effect,
// bumps the version by exactly one and writes the QueueEvent; after commit it caches the new
// snapshot and publishes. A change states only its rule and its effect.
// Every write goes through the change context, which keeps the after-image (the locked state with
// this change applied) in step: after commit it becomes the new version's snapshot, written to the
// cache and handed to this instance's live subscribers, with no second read of the queue.

import { now as clockNow } from "../clock.ts";
import {
  type AppointmentChange,
  type QueueDayChange,
  type QueueState,
  readRecentDurations,
  recordQueueEvent,
  type StoredAppointment,
  type Tx,
  updateAppointment,
  updatePatientOfAppointment,
  updateQueueDay,
  withLockedQueueDay,
  withLockedQueueDays,
} from "../db/queue-repo.ts";
import { DomainError } from "../domain/errors.ts";
import type { QueueEventType } from "../domain/events.ts";
import { orderQueueEntries } from "../domain/ordering.ts";
import { placeCauses } from "../domain/place-change.ts";
import { localDateOf } from "../domain/time.ts";
import { env } from "../env.ts";
import { errorField, log } from "../log.ts";
import type { BusKind } from "../realtime/bus.ts";
import { getBus } from "../realtime/bus-index.ts";
import { getHub } from "../realtime/hub.ts";
import { AfterImage } from "./after-image.ts";
import { pushAfterChange } from "./push.ts";
import { type QueueScope, queueDayOfAppointment, queueDayOfDoctor } from "./queue-scope.ts";
import {
  invalidateSnapshot,
  type QueueSnapshot,
  snapshotFromState,
  storeSnapshot,
  topicOf,
} from "./snapshot.ts";

/** Who made a change: "staff:<id>", "system:sweeper", or "patient" (from their tracking link). */
export type Actor = string;
/** The actor of every change a patient makes from their tracking link. */
export const PATIENT_ACTOR = "patient";

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
  /** Corrects the name or phone of an appointment's patient, keeping the after-image in step. */
  updatePatient(appointmentId: string, data: { name?: string; phone?: string | null }): Promise<void>;
  /** Writes a change to the queue day itself (notice, pause) and keeps the after-image in step. */
  updateDay(data: QueueDayChange): Promise<void>;
  /** Adds a newly created appointment (or one moved in from another day) to the after-image. */
  add(appointment: StoredAppointment): void;
  /** Drops an appointment that left this queue day (moved to another date or doctor) from the after-image. */
  remove(appointmentId: string): void;
  /** The after-image: the day's appointments with this change's writes so far. */
  current(): readonly StoredAppointment[];
  /** Stores order ranks (a move, a restore); returns each one's rank before, for the event. */
  setRanks(ranks: ReadonlyMap<string, number>): Promise<Record<string, number | null>>;
};

export type Change<X extends object = Record<never, never>> = {
  type: QueueEventType;
  appointmentId: string | null;
  reason?: string | null;
  /** The appointment's fields before the change (see `restorable`), for undo. */
  before?: Record<string, unknown>;
  data?: Record<string, unknown>;
  /** Bus message kind, e.g. "emergency", so the realtime layer can alert. */
  kind?: BusKind;
  /** Returned to the caller beside version and positions. */
  extra?: X;
};

export type ChangeOutcome = {
  version: number;
  type: QueueEventType;
  appointmentId: string | null;
  /** Position before and after: 1..n while waiting, 0 with the doctor, null when not in the queue. */
  fromPosition: number | null;
  toPosition: number | null;
};

/** An appointment's queue, or a doctor's day, that the caller may change; or a known day (system). */
export type ChangeTarget =
  | { scope: QueueScope; appointmentId: string }
  | { scope: QueueScope; doctorId: string; date: string }
  | { queueDayId: string };

/** The context of a change to one appointment: `entry` is it, as it was when the lock was taken. */
export type EntryContext = ChangeContext & { entry: StoredAppointment };

/** The event of a change to one appointment: the frame records which, and its fields before (undo). */
export type EntryChange<X extends object = Record<never, never>> = Omit<
  Change<X>,
  "appointmentId" | "before"
>;

export type ChangeStep<C, R, Out> = {
  /**
   * The change's rule, asked of the locked state before anything is written: it throws the domain's
   * refusal, or returns what the effect needs (whom to call, where to move).
   */
  rule?(change: C): R | Promise<R>;
  /** The change's effect: it writes through the context and returns the event to record. */
  apply(change: C, verdict: R): Promise<Out>;
};

/**
 * Changes one queue: finds its day (refusing another hospital's or another doctor's), then in one
 * transaction under its lock asks `rule`, runs `apply`, records the event and publishes after commit.
 * A change to an appointment gets the entry (APPOINTMENT_NOT_IN_QUEUE when it is not of that day).
 */
export function changeQueue<X extends object = Record<never, never>, R = undefined>(
  target: { scope: QueueScope; appointmentId: string },
  actor: Actor,
  opts: ChangeOptions,
  step: ChangeStep<EntryContext, R, EntryChange<X>>,
): Promise<ChangeOutcome & X>;
export function changeQueue<X extends object = Record<never, never>, R = undefined>(
  target: { scope: QueueScope; doctorId: string; date: string } | { queueDayId: string },
  actor: Actor,
  opts: ChangeOptions,
  step: ChangeStep<ChangeContext, R, Change<X>>,
): Promise<ChangeOutcome & X>;
export async function changeQueue(
  target: ChangeTarget,
  actor: Actor,
  opts: ChangeOptions,
  { rule, apply }: ChangeStep<ChangeContext, unknown, EntryChange>,
): Promise<ChangeOutcome> {
  const queueDayId =
    "queueDayId" in target
      ? target.queueDayId
      : "appointmentId" in target
        ? await queueDayOfAppointment(target.scope, target.appointmentId)
        : await queueDayOfDoctor(target.scope, target.doctorId, target.date);
  return runQueueChange(
    queueDayId,
    actor,
    async (change) => {
      assertDayOpen(change, actor);
      if (!("appointmentId" in target)) {
        const verdict = rule ? await rule(change) : undefined;
        // A day's change names its appointment itself (the overload's type says so).
        return (await apply(change, verdict)) as Change;
      }
      const entry = findEntry(change.state, target.appointmentId);
      const context: EntryContext = { ...change, entry };
      const verdict = rule ? await rule(context) : undefined;
      const result = await apply(context, verdict);
      return { ...result, appointmentId: entry.id, before: restorable(entry) };
    },
    opts,
  );
}

/**
 * A day that is over is history: people (staff, API tokens, patients) cannot change its queue any
 * more; only the system may still close it (the sweeper marks a no-show that fell due after midnight).
 */
function assertDayOpen(change: ChangeContext, actor: Actor) {
  const { date, hospital } = change.state.queueDay;
  assertDayNotOver(date, hospital.timeZone, change.now, actor);
}

/** DAY_PASSED for a person's change to the queue of `date` (hospital-local) once that day is over. */
export function assertDayNotOver(date: string, timeZone: string, now: Date, actor: Actor) {
  if (actor.startsWith("system:")) return;
  if (date < localDateOf(now, timeZone))
    throw new DomainError("DAY_PASSED", `The queue of ${date} is over: it can be read, not changed.`);
}

/** Dates become ISO strings, as they will read back from the Json column. */
const asJson = (value: Record<string, unknown> | undefined) =>
  value === undefined ? undefined : (JSON.parse(JSON.stringify(value)) as never);

function positionIn(appointments: readonly StoredAppointment[], timeZone: string, id: string | null) {
  if (!id) return null;
  return orderQueueEntries(appointments, timeZone).find((e) => e.id === id)?.position ?? null;
}

/**
 * The frame under `changeQueue`: lock, apply, record, then cache the after-image and publish. Called
 * directly only where the change is not to an existing appointment or a doctor's day (a booking).
 */
export async function runQueueChange<X extends object = Record<never, never>>(
  queueDayId: string,
  actor: Actor,
  apply: (change: ChangeContext) => Promise<Change<X>>,
  opts: ChangeOptions = {},
): Promise<ChangeOutcome & X> {
  const committed = await withLockedQueueDay(queueDayId, async (tx, state) => {
    // Taken under the lock, so timestamps rise with versions.
    const now = opts.now ?? clockNow();
    const part = openPart(tx, state, now);
    return closePart(part, await apply(part.context), actor);
  });
  await publishPart(committed);
  return outcomeOf<X>(committed);
}

/**
 * A change to two queue days at once (an appointment moved to another date or doctor): both locked
 * in one transaction (in a fixed order, see withLockedQueueDays), each day's part recorded as its
 * own event and version, both published after commit. People may change neither day once it is over.
 */
export async function runQueueChangeOnTwoDays<X extends object = Record<never, never>>(
  queueDayIds: { from: string; to: string },
  actor: Actor,
  apply: (from: ChangeContext, to: ChangeContext) => Promise<{ from: Change; to: Change<X> }>,
  opts: ChangeOptions = {},
): Promise<{ from: ChangeOutcome; to: ChangeOutcome & X }> {
  const [from, to] = await withLockedQueueDays(
    [queueDayIds.from, queueDayIds.to],
    async (tx, [fromState, toState]) => {
      const now = opts.now ?? clockNow();
      const fromPart = openPart(tx, fromState, now);
      const toPart = openPart(tx, toState, now);
      assertDayOpen(fromPart.context, actor);
      assertDayOpen(toPart.context, actor);
      const result = await apply(fromPart.context, toPart.context);
      return [await closePart(fromPart, result.from, actor), await closePart(toPart, result.to, actor)];
    },
  );
  await publishPart(from);
  await publishPart(to);
  return { from: outcomeOf(from), to: outcomeOf<X>(to) };
}

type OpenPart = { context: ChangeContext; image: AfterImage; state: QueueState; now: Date };

/** One queue day's part of a change, inside its locked transaction: the context its effect writes through. */
function openPart(tx: Tx, state: QueueState, now: Date): OpenPart {
  const queueDayId = state.queueDay.id;
  const image = new AfterImage(state);
  const context: ChangeContext = {
    tx,
    state,
    now,
    async update(id, data) {
      await updateAppointment(tx, id, data);
      image.update(id, data);
    },
    async updatePatient(id, data) {
      await updatePatientOfAppointment(tx, id, data);
      if (data.name !== undefined) image.renamePatient(id, data.name);
    },
    async updateDay(data) {
      await updateQueueDay(tx, queueDayId, data);
      image.updateDay(data);
    },
    add: (appointment) => image.add(appointment),
    remove: (appointmentId) => image.remove(appointmentId),
    current: () => image.appointments(),
    async setRanks(ranks) {
      const previous: Record<string, number | null> = {};
      for (const [id, orderRank] of ranks) {
        previous[id] = state.appointments.find((x) => x.id === id)?.orderRank ?? null;
        await context.update(id, { orderRank });
      }
      return previous;
    },
  };
  return { context, image, state, now };
}

/** Records a part's event (its version + 1) and builds its after-image state, still inside the transaction. */
async function closePart<X extends object>(
  { context, image, state, now }: OpenPart,
  result: Change<X>,
  actor: Actor,
) {
  const { tx } = context;
  const queueDayId = state.queueDay.id;
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
  return {
    queueDayId,
    version,
    fromPosition,
    toPosition,
    hospitalId: state.queueDay.hospitalId,
    result,
    actor,
    beforeState: state,
    afterState,
  };
}

type ClosedPart = Awaited<ReturnType<typeof closePart>>;

/**
 * After commit: the new version's snapshot to the cache, then the news to every instance. The queue
 * just before the change, at the same instant, says whom it put further back and why (that goes
 * with the snapshot) and what it means to patients whose page is closed: pushed in the background,
 * by this instance only, the one that made the change.
 */
async function publishPart(part: ClosedPart) {
  const at = clockNow();
  const snapshot = afterImageSnapshot(part.afterState, at);
  const before = snapshot ? afterImageSnapshot(part.beforeState, at) : null;
  const { type, appointmentId } = part.result;
  const event = { type, appointmentId, byPatient: part.actor === PATIENT_ACTOR };
  if (snapshot && before) snapshot.placeChanges = placeCauses(before.entries, snapshot.entries, event);
  await afterCommit(part.hospitalId, part.queueDayId, part.version, type, part.result.kind, snapshot);
  if (snapshot && before) pushAfterChange(before, snapshot, event);
}

function outcomeOf<X extends object>(part: ClosedPart): ChangeOutcome & X {
  return {
    ...(part.result.extra as X),
    version: part.version,
    type: part.result.type,
    appointmentId: part.result.appointmentId,
    fromPosition: part.fromPosition,
    toPosition: part.toPosition,
  };
}

/**
 * The snapshot of the committed version, from the change's after-image (null if that failed: then
 * subscribers load it as other instances do). Built now, after commit, as a load would be.
 */
function afterImageSnapshot(state: QueueState, at: Date): QueueSnapshot | null {
  try {
    return snapshotFromState(state, at);
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
  kind: BusKind | undefined,
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
 * The start we expect for `id` once `patch` is applied to `appointments` (the change's after-image),
 * and the likely range the patient is shown with it: quoted at check-in, so the statistics can
 * compare both with the real start.
 */
export function quoteOf(
  state: QueueState,
  appointments: readonly StoredAppointment[],
  id: string,
  patch: AppointmentChange,
  now: Date,
): Pick<AppointmentChange, "quotedStartAt" | "quotedEarliestAt" | "quotedLatestAt"> {
  const patched = appointments.map((x) => (x.id === id ? { ...x, ...patch } : x));
  const snapshot = snapshotFromState({ ...state, appointments: patched }, now);
  const entry = snapshot.entries.find((e) => e.appointmentId === id);
  return {
    quotedStartAt: entry?.estimatedStartAt ?? null,
    quotedEarliestAt: entry?.earliestStartAt ?? null,
    quotedLatestAt: entry?.latestStartAt ?? null,
  };
}

/** The hospital's no-show grace (rule 6), else NO_SHOW_GRACE. */
export const noShowGraceOf = (hospital: { noShowGraceMinutes: number | null }) =>
  hospital.noShowGraceMinutes ?? env().NO_SHOW_GRACE;

/** How early the hospital opens check-in (rule 5), else MAX_EARLY_ARRIVAL. */
export const maxEarlyArrivalOf = (hospital: { maxEarlyArrivalMinutes: number | null }) =>
  hospital.maxEarlyArrivalMinutes ?? env().MAX_EARLY_ARRIVAL;
