// No-shows (rule 6): staff mark one now, or schedule it for when the grace has passed; the sweeper
// marks the due ones; a no-show who arrives is restored at the end of the current slot's line.
import { DomainError } from "../domain/errors.ts";
import { QUEUE_EVENT } from "../domain/events.ts";
import { orderQueue, restoreRank } from "../domain/ordering.ts";
import { formatLocalTime } from "../domain/time.ts";
import {
  assertNoShowScheduled,
  assertTransition,
  isNoShowDue,
  noShowDueAt,
  planNoShow,
} from "../domain/transitions.ts";
import {
  type Actor,
  type ChangeOptions,
  changeQueue,
  noShowGraceOf,
  quoteOf,
  restorable,
} from "./queue-change.ts";
import type { QueueScope } from "./queue-scope.ts";

/**
 * Staff mark a no-show. A patient who has not arrived is marked once their appointment time plus
 * the grace (this call's, else the hospital's, else NO_SHOW_GRACE) has passed; before that the
 * no-show is scheduled and the sweeper marks it then, unless the patient checks in first. A patient
 * who checked in or was called and is not there is marked at once: the grace is for arriving.
 */
export function markNoShow(
  scope: QueueScope,
  appointmentId: string,
  actor: Actor,
  opts: ChangeOptions & { gracePeriod?: number } = {},
) {
  const graceOf = (hospital: { noShowGraceMinutes: number | null }) =>
    opts.gracePeriod ?? noShowGraceOf(hospital);
  return changeQueue({ scope, appointmentId }, actor, opts, {
    rule: ({ entry, state: { queueDay }, now }) =>
      planNoShow(entry, graceOf(queueDay.hospital), now, queueDay.hospital.timeZone),
    async apply({ entry: a, state, now, update }, plan) {
      const grace = graceOf(state.queueDay.hospital);
      if (!plan.mark) {
        const { dueAt } = plan;
        const at = formatLocalTime(dueAt, state.queueDay.hospital.timeZone);
        await update(a.id, { noShowDueAt: dueAt });
        return {
          type: QUEUE_EVENT.NO_SHOW_SCHEDULED,
          reason: `grace of ${grace} min`,
          data: { dueAt },
          extra: {
            status: a.status,
            scheduled: true,
            noShowDueAt: dueAt as Date | null,
            message: `Ticket ${a.ticket} will be marked as a no-show at ${at} unless the patient checks in.`,
          },
        };
      }
      await update(a.id, { status: "NO_SHOW", noShowAt: now, noShowDueAt: null });
      return {
        type: QUEUE_EVENT.NO_SHOW,
        reason:
          a.status === "BOOKED"
            ? `no arrival ${grace} min after the appointment time`
            : "not there when their turn came",
        extra: {
          status: "NO_SHOW",
          scheduled: false,
          noShowDueAt: null as Date | null,
          message: `Ticket ${a.ticket} is marked as a no-show.`,
        },
      };
    },
  });
}

/**
 * Staff take back a no-show they scheduled ahead (the patient called, they are on their way): the
 * time is cleared, and the usual rule applies again (marked once the hospital's grace after their
 * time has passed without an arrival).
 */
export function cancelScheduledNoShow(
  scope: QueueScope,
  appointmentId: string,
  actor: Actor,
  opts: ChangeOptions = {},
) {
  return changeQueue({ scope, appointmentId }, actor, opts, {
    rule: ({ entry }) => assertNoShowScheduled(entry),
    async apply({ entry: a, state, update }, dueAt) {
      const { hospital } = state.queueDay;
      await update(a.id, { noShowDueAt: null });
      const usual = noShowDueAt(a.scheduledAt, noShowGraceOf(hospital), a.lateMinutes);
      return {
        type: QUEUE_EVENT.NO_SHOW_CANCELLED,
        data: { dueAt },
        extra: {
          status: a.status,
          noShowDueAt: null as Date | null,
          message: `The no-show of ticket ${a.ticket} at ${formatLocalTime(dueAt, hospital.timeZone)} is cancelled. Without an arrival, the usual rule marks it at ${formatLocalTime(usual, hospital.timeZone)}.`,
        },
      };
    },
  });
}

/** The longest lateness staff record for a patient (minutes): a working day's worth is a reschedule. */
export const MAX_LATE_MINUTES = 180;

/**
 * Reception records that a patient who has not arrived is running late (they phoned): like the
 * patient's own "I'm running late" (their estimate counts from then, and the no-show grace counts
 * from the time they said), without the patient's limit on reports. Replaces an earlier word.
 */
export function recordRunningLate(
  scope: QueueScope,
  appointmentId: string,
  minutes: number,
  actor: Actor,
  opts: ChangeOptions = {},
) {
  return changeQueue({ scope, appointmentId }, actor, opts, {
    rule: ({ entry }) => {
      if (entry.status !== "BOOKED")
        throw new DomainError(
          "LATE_NOT_BOOKED",
          "Only a patient who has not arrived yet can be running late.",
        );
      return entry;
    },
    async apply({ entry: a, state, now, update }) {
      const { hospital } = state.queueDay;
      await update(a.id, { lateMinutes: minutes, lateReportedAt: now });
      const due = a.noShowDueAt ?? noShowDueAt(a.scheduledAt, noShowGraceOf(hospital), minutes);
      return {
        type: QUEUE_EVENT.RUNNING_LATE,
        data: { minutes, by: "staff" },
        extra: {
          status: a.status,
          lateMinutes: minutes,
          message: `Ticket ${a.ticket} is running about ${minutes} min late. Without an arrival they are marked a no-show at ${formatLocalTime(due, hospital.timeZone)}.`,
        },
      };
    },
  });
}

/** The sweeper found nothing to do for this appointment (handled meanwhile, or not due). */
class NotDue extends DomainError {
  constructor() {
    super("CONFLICT", "Not due.");
  }
}

/**
 * The sweeper's no-show: re-checked under the queue's lock (still BOOKED, due at `now` by the
 * staff-scheduled time or the default grace), so many sweepers at once mark it exactly once.
 * False when there was nothing to do.
 */
export async function markNoShowIfStillBooked(
  queueDayId: string,
  appointmentId: string,
  actor: Actor,
  opts: ChangeOptions = {},
): Promise<boolean> {
  try {
    await changeQueue({ queueDayId }, actor, opts, {
      rule: ({ state, now }) => {
        const a = state.appointments.find((x) => x.id === appointmentId);
        if (!a || !isNoShowDue(a, noShowGraceOf(state.queueDay.hospital), now)) throw new NotDue();
        return a;
      },
      async apply({ state, now, update }, a) {
        await update(a.id, { status: "NO_SHOW", noShowAt: now, noShowDueAt: null });
        return {
          type: QUEUE_EVENT.NO_SHOW,
          appointmentId: a.id,
          reason: a.noShowDueAt
            ? "no-show scheduled by staff"
            : `no arrival ${noShowGraceOf(state.queueDay.hospital)} min after the appointment time`,
          before: restorable(a),
        };
      },
    });
    return true;
  } catch (err) {
    if (err instanceof NotDue || (err instanceof DomainError && err.code === "NOT_FOUND")) return false;
    throw err;
  }
}

/** A no-show who arrives goes back in, at the end of the current slot's waiting entries. */
export function restoreNoShow(
  scope: QueueScope,
  appointmentId: string,
  actor: Actor,
  opts: ChangeOptions = {},
) {
  return changeQueue({ scope, appointmentId }, actor, opts, {
    rule: ({ entry }) => assertTransition(entry.status, "restore"),
    async apply({ entry: a, state, now, update, current, setRanks }) {
      const { timeZone } = state.queueDay.hospital;
      const previousRanks = await setRanks(
        restoreRank(orderQueue(state.appointments, timeZone), a, now, timeZone),
      );
      // noShowAt stays: the statistics count restored no-shows.
      const patch = { status: "CHECKED_IN", checkedInAt: now } as const;
      await update(a.id, { ...patch, ...quoteOf(state, current(), a.id, patch, now) });
      return { type: QUEUE_EVENT.RESTORED, data: { previousRanks } };
    },
  });
}
