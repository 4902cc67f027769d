// Queue changes: each runs in one transaction holding the QueueDay's row lock, bumps its version
// by exactly one, writes a QueueEvent, then (after commit) invalidates the cache and publishes.
import {
  findAppointmentQueueDay,
  type QueueState,
  recordQueueEvent,
  type Tx,
  updateAppointment,
  withLockedQueueDay,
} from "../db/queue-repo.ts";
import { DomainError } from "../domain/errors.ts";
import { callNextCandidate, orderQueue } from "../domain/ordering.ts";
import { assertTransition, checkInRefusal, earlyArrivalWindow } from "../domain/transitions.ts";
import { env } from "../env.ts";
import { getBus } from "../realtime/bus-index.ts";
import { invalidateSnapshot, snapshotFromState, topicOf } from "./snapshot.ts";

export type Actor = string;

type ChangeResult = {
  type: string;
  appointmentId: string | null;
  reason?: string | null;
  before?: Record<string, unknown>;
};

function positionOf(state: QueueState, appointmentId: string | null): number | null {
  if (!appointmentId) return null;
  const entry = orderQueue(state.appointments, state.queueDay.hospital.timeZone).find(
    (e) => e.id === appointmentId,
  );
  return entry ? entry.position : null;
}

/** The shared frame of every change: lock, apply, record, then invalidate and publish. */
export async function runQueueChange(
  queueDayId: string,
  actor: Actor,
  apply: (tx: Tx, state: QueueState, now: Date) => Promise<ChangeResult>,
): Promise<{ version: number; appointmentId: string | null; type: string }> {
  const committed = await withLockedQueueDay(queueDayId, async (tx, state) => {
    const now = new Date();
    const result = await apply(tx, state, now);
    const fromPosition = positionOf(state, result.appointmentId);
    const version = await recordQueueEvent(tx, queueDayId, {
      type: result.type,
      actor,
      appointmentId: result.appointmentId,
      reason: result.reason ?? null,
      fromPosition,
      before: result.before as never,
    });
    return { version, hospitalId: state.queueDay.hospitalId, ...result };
  });
  await afterCommit(committed.hospitalId, queueDayId, committed.version, committed.type);
  return { version: committed.version, appointmentId: committed.appointmentId, type: committed.type };
}

async function afterCommit(hospitalId: string, queueDayId: string, version: number, reason: string) {
  try {
    await invalidateSnapshot(queueDayId, version);
  } catch (err) {
    console.error("[queue] cache invalidation failed", err);
  }
  await getBus().publish({ topic: topicOf(hospitalId, queueDayId), version, reason, at: Date.now() });
}

function findEntry(state: QueueState, appointmentId: string) {
  const a = state.appointments.find((x) => x.id === appointmentId);
  if (!a) throw new DomainError("NOT_FOUND", "That appointment is not in this queue.");
  return a;
}

async function queueDayOfAppointment(appointmentId: string, hospitalId: string) {
  const ref = await findAppointmentQueueDay(appointmentId);
  if (!ref || ref.hospitalId !== hospitalId) throw new DomainError("NOT_FOUND", "Appointment not found.");
  return ref.queueDayId;
}

/** Check-in (early arrival included): refused before the window opens unless staff force it. */
export async function checkIn(
  hospitalId: string,
  appointmentId: string,
  actor: Actor,
  opts: { force?: boolean } = {},
) {
  const queueDayId = await queueDayOfAppointment(appointmentId, hospitalId);
  return runQueueChange(queueDayId, actor, async (tx, state, now) => {
    const a = findEntry(state, appointmentId);
    assertTransition(a.status, "checkIn");
    const maxEarly = state.queueDay.hospital.maxEarlyArrivalMinutes ?? env().MAX_EARLY_ARRIVAL;
    const timeZone = state.queueDay.hospital.timeZone;
    const window = earlyArrivalWindow(a.scheduledAt, maxEarly, now, timeZone);
    if (!window.open && !opts.force)
      throw new DomainError("CONFLICT", checkInRefusal(window.opensAt, timeZone));
    // Quote the start we expect now, so the statistics can compare it with what happens.
    const snapshot = snapshotFromState(
      {
        ...state,
        appointments: state.appointments.map((x) =>
          x.id === a.id ? { ...x, status: "CHECKED_IN", checkedInAt: now } : x,
        ),
      },
      now,
    );
    const quoted = snapshot.entries.find((e) => e.appointmentId === a.id)?.estimatedStartAt ?? null;
    await updateAppointment(tx, a.id, { status: "CHECKED_IN", checkedInAt: now, quotedStartAt: quoted });
    const early = now.getTime() < a.scheduledAt.getTime();
    return {
      type: early ? "EARLY_ARRIVAL" : "CHECKED_IN",
      appointmentId: a.id,
      reason: opts.force && !window.open ? "forced before the window" : null,
      before: { status: a.status, checkedInAt: a.checkedInAt },
    };
  });
}

/** Calls the first present patient in queue order (absent ones ahead keep their place). */
export async function callNext(queueDayId: string, actor: Actor) {
  return runQueueChange(queueDayId, actor, async (tx, state, now) => {
    if (state.queueDay.paused)
      throw new DomainError("CONFLICT", "This doctor's queue is paused. Resume it first.");
    const busy = state.appointments.find((a) => a.status === "CALLED");
    if (busy)
      throw new DomainError("CONFLICT", `Ticket ${busy.ticket} has been called and has not started yet.`);
    const next = callNextCandidate(orderQueue(state.appointments, state.queueDay.hospital.timeZone));
    if (!next) throw new DomainError("CONFLICT", "Nobody is checked in and waiting.");
    await updateAppointment(tx, next.id, { status: "CALLED", calledAt: now });
    return { type: "CALLED", appointmentId: next.id, before: { status: next.status } };
  });
}

export async function startConsultation(hospitalId: string, appointmentId: string, actor: Actor) {
  const queueDayId = await queueDayOfAppointment(appointmentId, hospitalId);
  return runQueueChange(queueDayId, actor, async (tx, state, now) => {
    const a = findEntry(state, appointmentId);
    assertTransition(a.status, "start");
    const inRoom = state.appointments.find((x) => x.status === "IN_CONSULTATION");
    if (inRoom)
      throw new DomainError(
        "CONFLICT",
        `Ticket ${inRoom.ticket} is still in consultation. Complete it first.`,
      );
    await updateAppointment(tx, a.id, {
      status: "IN_CONSULTATION",
      startedAt: now,
      calledAt: a.calledAt ?? now,
    });
    return { type: "STARTED", appointmentId: a.id, before: { status: a.status } };
  });
}

export async function completeConsultation(hospitalId: string, appointmentId: string, actor: Actor) {
  const queueDayId = await queueDayOfAppointment(appointmentId, hospitalId);
  return runQueueChange(queueDayId, actor, async (tx, state, now) => {
    const a = findEntry(state, appointmentId);
    assertTransition(a.status, "complete");
    await updateAppointment(tx, a.id, { status: "COMPLETED", endedAt: now });
    return { type: "COMPLETED", appointmentId: a.id, before: { status: a.status, endedAt: null } };
  });
}

/** The sweeper's no-show: a no-op (false) when someone else already changed the appointment. */
export async function markNoShowIfStillBooked(
  queueDayId: string,
  appointmentId: string,
  actor: Actor,
  reason: string,
) {
  try {
    await runQueueChange(queueDayId, actor, async (tx, state, now) => {
      const a = findEntry(state, appointmentId);
      if (a.status !== "BOOKED") throw new DomainError("CONFLICT", "Already handled.");
      await updateAppointment(tx, a.id, { status: "NO_SHOW", noShowAt: now });
      return { type: "NO_SHOW", appointmentId: a.id, reason, before: { status: a.status } };
    });
    return true;
  } catch (err) {
    if (err instanceof DomainError && err.code === "CONFLICT") return false;
    throw err;
  }
}
