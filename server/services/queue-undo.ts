// Undo of a mistaken no-show, completion or cancellation (rule 1): within UNDO_WINDOW_MINUTES the
// appointment goes back to exactly what its last event recorded in `before`. The undo is itself a
// change (version + 1, an UNDO event), and cannot be undone in turn. A manual move is undone by
// putting back the order ranks it replaced, while it is still the queue's latest change.
import { z } from "zod";
import { type AppointmentChange, findLastAppointmentEvent } from "../db/queue-repo.ts";
import { QUEUE_EVENT, type QueueEventType } from "../domain/events.ts";
import { planMoveUndo } from "../domain/move-undo.ts";
import { assertUndoOf, noShowDueAfterUndo } from "../domain/transitions.ts";
import { APPOINTMENT_STATUSES } from "../domain/types.ts";
import { type Actor, type ChangeOptions, changeQueue, noShowGraceOf } from "./queue-change.ts";
import type { QueueScope } from "./queue-scope.ts";

const ZWhen = z.iso
  .datetime({ offset: true })
  .transform((s) => new Date(s))
  .nullable()
  .optional();

/** The fields `restorable` stored, read back from the event's Json. */
const ZBefore = z.object({
  status: z.enum(APPOINTMENT_STATUSES),
  priority: z.enum(["NORMAL", "URGENT"]).optional(),
  orderRank: z.number().nullable().optional(),
  checkedInAt: ZWhen,
  calledAt: ZWhen,
  startedAt: ZWhen,
  endedAt: ZWhen,
  noShowAt: ZWhen,
  cancelledAt: ZWhen,
  noShowDueAt: ZWhen,
});

/** What a MOVED event recorded of the ranks it replaced. */
const ZMoveData = z.object({ previousRanks: z.record(z.string(), z.number().nullable()) });

export function undoLastChange(
  scope: QueueScope,
  appointmentId: string,
  actor: Actor,
  opts: ChangeOptions = {},
) {
  return changeQueue({ scope, appointmentId }, actor, opts, {
    async rule({ tx, entry, state, now }) {
      const last = await findLastAppointmentEvent(tx, entry.id, state.queueDay.id);
      if (last?.type === QUEUE_EVENT.MOVED) {
        const move = ZMoveData.safeParse(last.data);
        if (move.success)
          return {
            move: planMoveUndo({ ...last, ...move.data }, state.queueDay, now),
            version: last.version,
          };
      }
      const parsed = ZBefore.safeParse(last?.before);
      const recorded = last && parsed.success ? { ...last, before: parsed.data } : null;
      return assertUndoOf(entry, recorded, state.appointments, now);
    },
    async apply({ entry: a, state, now, update }, last) {
      if ("move" in last) {
        for (const [id, orderRank] of last.move) await update(id, { orderRank });
        return {
          type: QUEUE_EVENT.UNDO,
          reason: `undid ${QUEUE_EVENT.MOVED}`,
          data: { undoneType: QUEUE_EVENT.MOVED, undoneVersion: last.version },
          extra: { status: a.status, undone: QUEUE_EVENT.MOVED as QueueEventType },
        };
      }
      const { before } = last;
      const restored: AppointmentChange = { ...before };
      if (before.status === "BOOKED") {
        const grace = noShowGraceOf(state.queueDay.hospital);
        restored.noShowDueAt = noShowDueAfterUndo(a.scheduledAt, grace, before.noShowDueAt, now);
      }
      await update(a.id, restored);
      return {
        type: QUEUE_EVENT.UNDO,
        reason: `undid ${last.type}`,
        data: { undoneType: last.type, undoneVersion: last.version },
        extra: { status: before.status, undone: last.type as QueueEventType },
      };
    },
  });
}
