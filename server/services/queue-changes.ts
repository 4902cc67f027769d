// The consultation flow (rule 1): check in, call next, start, complete, cancel. The other changes
// live beside it (queue-no-shows, queue-order, queue-notices, queue-undo, walk-in, intake); all go
// through `changeQueue` (queue-change.ts) and ask the rules of server/domain/transitions.ts.

import { checkInEvent, QUEUE_EVENT } from "../domain/events.ts";
import { assertCanStart, assertCheckIn, assertTransition, nextToCall } from "../domain/transitions.ts";
import {
  type Actor,
  type ChangeOptions,
  changeQueue,
  maxEarlyArrivalOf,
  quoteOf,
  restorable,
} from "./queue-change.ts";
import type { QueueScope } from "./queue-scope.ts";

// Callers that still import the frame and the scope from here (intake, walk-in, slots, routers).
export {
  type Actor,
  type ChangeOptions,
  findEntry,
  quoteOf,
  restorable,
  runQueueChange,
} from "./queue-change.ts";
export { assertInScope, type QueueScope, queueDayOfAppointment, scopeOfStaff } from "./queue-scope.ts";

/** Check-in (early arrival included): refused before the window opens unless staff force it. */
export function checkIn(
  scope: QueueScope,
  appointmentId: string,
  actor: Actor,
  opts: ChangeOptions & { force?: boolean; by?: "staff" | "patient" } = {},
) {
  return changeQueue({ scope, appointmentId }, actor, opts, {
    rule: ({ entry, state, now }) =>
      assertCheckIn(entry, {
        maxEarlyMinutes: maxEarlyArrivalOf(state.queueDay.hospital),
        now,
        timeZone: state.queueDay.hospital.timeZone,
        force: opts.force,
      }),
    async apply({ entry: a, state, now, update, current }, window) {
      // Arrival also calls off a no-show that staff had scheduled.
      const patch = {
        status: "CHECKED_IN",
        checkedInAt: now,
        noShowDueAt: null,
        checkedInBy: opts.by ?? "staff",
      } as const;
      await update(a.id, { ...patch, ...quoteOf(state, current(), a.id, patch, now) });
      return {
        type: checkInEvent(a.scheduledAt, now),
        reason: opts.force && !window.open ? "forced before the window" : null,
        extra: { checkInOpensAt: window.opensAt },
      };
    },
  });
}

/** Calls the first present patient in queue order (absent ones ahead keep their place). */
export function callNext(
  scope: QueueScope,
  doctorId: string,
  date: string,
  actor: Actor,
  opts: ChangeOptions = {},
) {
  return changeQueue({ scope, doctorId, date }, actor, opts, {
    rule: ({ state: { queueDay, appointments } }) =>
      nextToCall({ paused: queueDay.paused, timeZone: queueDay.hospital.timeZone }, appointments),
    async apply({ now, update }, next) {
      await update(next.id, { status: "CALLED", calledAt: now });
      return {
        type: QUEUE_EVENT.CALLED,
        appointmentId: next.id,
        before: restorable(next),
        extra: { ticket: next.ticket },
      };
    },
  });
}

export function startConsultation(
  scope: QueueScope,
  appointmentId: string,
  actor: Actor,
  opts: ChangeOptions = {},
) {
  return changeQueue({ scope, appointmentId }, actor, opts, {
    rule: ({ entry, state }) => assertCanStart(entry, state.appointments),
    async apply({ entry: a, now, update }) {
      await update(a.id, { status: "IN_CONSULTATION", startedAt: now, calledAt: a.calledAt ?? now });
      return { type: QUEUE_EVENT.STARTED };
    },
  });
}

export function completeConsultation(
  scope: QueueScope,
  appointmentId: string,
  actor: Actor,
  opts: ChangeOptions = {},
) {
  return changeQueue({ scope, appointmentId }, actor, opts, {
    rule: ({ entry }) => assertTransition(entry.status, "complete"),
    async apply({ entry: a, now, update }) {
      await update(a.id, { status: "COMPLETED", endedAt: now });
      return { type: QUEUE_EVENT.COMPLETED };
    },
  });
}

/** Any open appointment can be cancelled (rule 1); a scheduled no-show goes with it. */
export function cancelAppointment(
  scope: QueueScope,
  appointmentId: string,
  actor: Actor,
  opts: ChangeOptions & { reason?: string } = {},
) {
  return changeQueue({ scope, appointmentId }, actor, opts, {
    rule: ({ entry }) => assertTransition(entry.status, "cancel"),
    async apply({ entry: a, now, update }) {
      await update(a.id, { status: "CANCELLED", cancelledAt: now, noShowDueAt: null });
      return { type: QUEUE_EVENT.CANCELLED, reason: opts.reason ?? null };
    },
  });
}
