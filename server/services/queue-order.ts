// Changes to the order of a queue: a manual move (rule 4) and a priority change (rule 3).
import { DomainError } from "../domain/errors.ts";
import { computeMoveRanks, orderQueue } from "../domain/ordering.ts";
import type { Priority } from "../domain/types.ts";
import { isOpenStatus, isWaitingStatus } from "../domain/types.ts";
import {
  type Actor,
  type ChangeOptions,
  findEntry,
  type QueueScope,
  queueDayOfAppointment,
  restorable,
  runQueueChange,
} from "./queue-changes.ts";

/** Puts a waiting entry at `newPosition` (1 = next); everyone else keeps their relative order. */
export async function moveToPosition(
  scope: QueueScope,
  appointmentId: string,
  newPosition: number,
  actor: Actor,
  opts: ChangeOptions = {},
) {
  const queueDayId = await queueDayOfAppointment(scope, appointmentId);
  return runQueueChange(
    queueDayId,
    actor,
    async ({ state, update }) => {
      const a = findEntry(state, appointmentId);
      if (!isOpenStatus(a.status))
        throw new DomainError(
          "LEFT_QUEUE",
          `Ticket ${a.ticket} is no longer in the queue, so it cannot be moved.`,
        );
      const ordered = orderQueue(state.appointments, state.queueDay.hospital.timeZone);
      const ranks = computeMoveRanks(ordered, a.id, newPosition);
      if (ordered.find((e) => e.id === a.id)?.position === newPosition)
        throw new DomainError(
          "ALREADY_AT_POSITION",
          `Ticket ${a.ticket} is already at position ${newPosition}.`,
        );
      // Every rank in one transaction: the line is never seen half-moved.
      const previousRanks: Record<string, number | null> = {};
      for (const [id, orderRank] of ranks) {
        previousRanks[id] = state.appointments.find((x) => x.id === id)?.orderRank ?? null;
        await update(id, { orderRank });
      }
      return {
        type: "MOVED",
        appointmentId: a.id,
        before: restorable(a),
        data: { previousRanks },
        extra: { position: newPosition },
      };
    },
    opts,
  );
}

/**
 * URGENT entries come before NORMAL ones. The entry leaves any manual place it had, else an
 * earlier move would keep it where it was whatever its priority.
 */
export async function setPriority(
  scope: QueueScope,
  appointmentId: string,
  priority: Priority,
  actor: Actor,
  opts: ChangeOptions = {},
) {
  const queueDayId = await queueDayOfAppointment(scope, appointmentId);
  return runQueueChange(
    queueDayId,
    actor,
    async ({ state, update }) => {
      const a = findEntry(state, appointmentId);
      if (!isOpenStatus(a.status))
        throw new DomainError("LEFT_QUEUE", `Ticket ${a.ticket} is no longer in the queue.`);
      if (a.priority === priority)
        throw new DomainError(
          "PRIORITY_UNCHANGED",
          `Ticket ${a.ticket} is already ${priority.toLowerCase()}.`,
        );
      await update(a.id, isWaitingStatus(a.status) ? { priority, orderRank: null } : { priority });
      return {
        type: priority === "URGENT" ? "PRIORITY_URGENT" : "PRIORITY_NORMAL",
        appointmentId: a.id,
        before: restorable(a),
      };
    },
    opts,
  );
}
