// No-shows (rule 6): staff mark one now, or schedule it for when the grace has passed; the sweeper
// marks the due ones; a no-show who arrives is restored at the end of the current slot's line.
import { DomainError } from "../domain/errors.ts";
import { orderQueue, restoreRank } from "../domain/ordering.ts";
import { formatLocalTime } from "../domain/time.ts";
import { assertTransition, effectiveNoShowDueAt, noShowDueAt } from "../domain/transitions.ts";
import { env } from "../env.ts";
import {
  type Actor,
  type ChangeOptions,
  findEntry,
  type QueueScope,
  queueDayOfAppointment,
  quotedStart,
  restorable,
  runQueueChange,
} from "./queue-changes.ts";

const defaultGrace = (hospital: { noShowGraceMinutes: number | null }) =>
  hospital.noShowGraceMinutes ?? env().NO_SHOW_GRACE;

/**
 * Staff mark a no-show. A patient who has not arrived is marked once their appointment time plus
 * the grace (this call's, else the hospital's, else NO_SHOW_GRACE) has passed; before that the
 * no-show is scheduled and the sweeper marks it then, unless the patient checks in first. A patient
 * who checked in or was called and is not there is marked at once: the grace is for arriving.
 */
export async function markNoShow(
  scope: QueueScope,
  appointmentId: string,
  actor: Actor,
  opts: ChangeOptions & { gracePeriod?: number } = {},
) {
  const queueDayId = await queueDayOfAppointment(scope, appointmentId);
  return runQueueChange(
    queueDayId,
    actor,
    async ({ state, now, update }) => {
      const a = findEntry(state, appointmentId);
      assertTransition(a.status, "noShow");
      const { timeZone } = state.queueDay.hospital;
      const grace = opts.gracePeriod ?? defaultGrace(state.queueDay.hospital);
      const dueAt = noShowDueAt(a.scheduledAt, grace);
      if (a.status === "BOOKED" && now.getTime() < dueAt.getTime()) {
        const at = formatLocalTime(dueAt, timeZone);
        if (a.noShowDueAt?.getTime() === dueAt.getTime())
          throw new DomainError("NO_SHOW_ALREADY_SCHEDULED", `A no-show is already scheduled for ${at}.`);
        await update(a.id, { noShowDueAt: dueAt });
        return {
          type: "NO_SHOW_SCHEDULED",
          appointmentId: a.id,
          reason: `grace of ${grace} min`,
          before: restorable(a),
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
        type: "NO_SHOW",
        appointmentId: a.id,
        reason:
          a.status === "BOOKED"
            ? `no arrival ${grace} min after the appointment time`
            : "not there when their turn came",
        before: restorable(a),
        extra: {
          status: "NO_SHOW",
          scheduled: false,
          noShowDueAt: null as Date | null,
          message: `Ticket ${a.ticket} is marked as a no-show.`,
        },
      };
    },
    opts,
  );
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
    await runQueueChange(
      queueDayId,
      actor,
      async ({ state, now, update }) => {
        const a = state.appointments.find((x) => x.id === appointmentId);
        if (a?.status !== "BOOKED") throw new NotDue();
        const grace = defaultGrace(state.queueDay.hospital);
        if (now.getTime() < effectiveNoShowDueAt(a.scheduledAt, grace, a.noShowDueAt).getTime())
          throw new NotDue();
        await update(a.id, { status: "NO_SHOW", noShowAt: now, noShowDueAt: null });
        return {
          type: "NO_SHOW",
          appointmentId: a.id,
          reason: a.noShowDueAt
            ? "no-show scheduled by staff"
            : `no arrival ${grace} min after the appointment time`,
          before: restorable(a),
        };
      },
      opts,
    );
    return true;
  } catch (err) {
    if (err instanceof NotDue || (err instanceof DomainError && err.code === "NOT_FOUND")) return false;
    throw err;
  }
}

/** A no-show who arrives goes back in, at the end of the current slot's waiting entries. */
export async function restoreNoShow(
  scope: QueueScope,
  appointmentId: string,
  actor: Actor,
  opts: ChangeOptions = {},
) {
  const queueDayId = await queueDayOfAppointment(scope, appointmentId);
  return runQueueChange(
    queueDayId,
    actor,
    async ({ state, now, update, current }) => {
      const a = findEntry(state, appointmentId);
      assertTransition(a.status, "restore");
      const { timeZone } = state.queueDay.hospital;
      const ranks = restoreRank(orderQueue(state.appointments, timeZone), a, now, timeZone);
      const previousRanks: Record<string, number | null> = {};
      for (const [id, orderRank] of ranks) {
        previousRanks[id] = state.appointments.find((x) => x.id === id)?.orderRank ?? null;
        await update(id, { orderRank });
      }
      // noShowAt stays: the statistics count restored no-shows.
      const patch = { status: "CHECKED_IN", checkedInAt: now } as const;
      await update(a.id, { ...patch, quotedStartAt: quotedStart(state, current(), a.id, patch, now) });
      return {
        type: "RESTORED",
        appointmentId: a.id,
        before: restorable(a),
        data: { previousRanks },
      };
    },
    opts,
  );
}
