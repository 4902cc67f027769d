// Undo of a mistaken no-show, completion or cancellation (rule 1): within UNDO_WINDOW_MINUTES the
// appointment goes back to exactly what its last event recorded in `before`. The undo is itself a
// change (version + 1, an UNDO event), and cannot be undone in turn.
import { z } from "zod";
import { type AppointmentChange, findLastAppointmentEvent } from "../db/queue-repo.ts";
import { QUEUE_EVENT } from "../domain/events.ts";
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

export function undoLastChange(
  scope: QueueScope,
  appointmentId: string,
  actor: Actor,
  opts: ChangeOptions = {},
) {
  return changeQueue({ scope, appointmentId }, actor, opts, {
    async rule({ tx, entry, state, now }) {
      const last = await findLastAppointmentEvent(tx, entry.id);
      const parsed = ZBefore.safeParse(last?.before);
      const recorded = last && parsed.success ? { ...last, before: parsed.data } : null;
      return assertUndoOf(entry, recorded, state.appointments, now);
    },
    async apply({ entry: a, state, now, update }, last) {
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
        extra: { status: before.status, undone: last.type },
      };
    },
  });
}
