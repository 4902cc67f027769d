// Changes to the order of a queue: a manual move (rule 4) and a priority change (rule 3).

import { priorityEvent, QUEUE_EVENT } from "../domain/events.ts";
import { orderQueue } from "../domain/ordering.ts";
import { assertPriorityChange, planMove } from "../domain/transitions.ts";
import type { Priority } from "../domain/types.ts";
import { isWaitingStatus } from "../domain/types.ts";
import { type Actor, type ChangeOptions, changeQueue } from "./queue-change.ts";
import type { QueueScope } from "./queue-scope.ts";

/** Puts a waiting entry at `newPosition` (1 = next); everyone else keeps their relative order. */
export function moveToPosition(
  scope: QueueScope,
  appointmentId: string,
  newPosition: number,
  actor: Actor,
  opts: ChangeOptions = {},
) {
  return changeQueue({ scope, appointmentId }, actor, opts, {
    rule: ({ entry, state }) =>
      planMove(entry, orderQueue(state.appointments, state.queueDay.hospital.timeZone), newPosition),
    async apply({ setRanks }, ranks) {
      // Every rank in one transaction: the line is never seen half-moved.
      const previousRanks = await setRanks(ranks);
      return {
        type: QUEUE_EVENT.MOVED,
        data: { previousRanks },
        extra: { position: newPosition },
      };
    },
  });
}

/**
 * URGENT entries come before NORMAL ones. The entry leaves any manual place it had, else an
 * earlier move would keep it where it was whatever its priority.
 */
export function setPriority(
  scope: QueueScope,
  appointmentId: string,
  priority: Priority,
  actor: Actor,
  opts: ChangeOptions = {},
) {
  return changeQueue({ scope, appointmentId }, actor, opts, {
    rule: ({ entry }) => assertPriorityChange(entry, priority),
    async apply({ entry: a, update }) {
      await update(a.id, isWaitingStatus(a.status) ? { priority, orderRank: null } : { priority });
      return { type: priorityEvent(priority) };
    },
  });
}
