// Undo of a mistaken no-show, completion or cancellation (rule 1): within UNDO_WINDOW_MINUTES the
// appointment goes back to exactly what its last event recorded in `before`. The undo is itself a
// change (version + 1, an UNDO event), and cannot be undone in turn.
import { z } from "zod";
import { type AppointmentChange, findLastAppointmentEvent } from "../db/queue-repo.ts";
import { DomainError } from "../domain/errors.ts";
import { assertUndo, noShowDueAt, UNDOABLE_STATUSES } from "../domain/transitions.ts";
import { APPOINTMENT_STATUSES } from "../domain/types.ts";
import { env } from "../env.ts";
import {
  type Actor,
  type ChangeOptions,
  findEntry,
  type QueueScope,
  queueDayOfAppointment,
  restorable,
  runQueueChange,
} from "./queue-changes.ts";

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

/** Event types an undo takes back (the changes into UNDOABLE_STATUSES). */
const UNDOABLE_EVENTS = ["NO_SHOW", "COMPLETED", "CANCELLED"];

export async function undoLastChange(
  scope: QueueScope,
  appointmentId: string,
  actor: Actor,
  opts: ChangeOptions = {},
) {
  const queueDayId = await queueDayOfAppointment(scope, appointmentId);
  return runQueueChange(
    queueDayId,
    actor,
    async ({ tx, state, now, update }) => {
      const a = findEntry(state, appointmentId);
      const last = await findLastAppointmentEvent(tx, a.id);
      const parsed = ZBefore.safeParse(last?.before);
      // The status alone may be the reason (nothing to undo in an open appointment): the rule says why.
      if (!UNDOABLE_STATUSES.includes(a.status)) assertUndo(a.status, "BOOKED", now, now);
      if (!last || !parsed.success || !UNDOABLE_EVENTS.includes(last.type))
        throw new DomainError("NOTHING_TO_UNDO", "Cannot undo: there is no recorded change to take back.");
      const before = parsed.data;
      assertUndo(a.status, before.status, last.createdAt, now);
      // The room and the call are one patient at a time: an undo may not make a second one.
      const clash = state.appointments.find(
        (x) =>
          x.id !== a.id &&
          x.status === before.status &&
          (x.status === "IN_CONSULTATION" || x.status === "CALLED"),
      );
      if (clash) {
        const where = clash.status === "CALLED" ? "has been called" : "is in consultation";
        throw new DomainError("UNDO_CLASH", `Cannot undo: ticket ${clash.ticket} ${where} now.`);
      }
      const restored: AppointmentChange = { ...before };
      if (before.status === "BOOKED") {
        // Back to "not arrived yet" gives a fresh grace, or the sweeper would mark them again at once.
        const grace = state.queueDay.hospital.noShowGraceMinutes ?? env().NO_SHOW_GRACE;
        const due = before.noShowDueAt ?? noShowDueAt(a.scheduledAt, grace);
        restored.noShowDueAt = due.getTime() > now.getTime() ? due : noShowDueAt(now, grace);
      }
      await update(a.id, restored);
      return {
        type: "UNDO",
        appointmentId: a.id,
        reason: `undid ${last.type}`,
        before: restorable(a),
        data: { undoneType: last.type, undoneVersion: last.version },
        extra: { status: before.status, undone: last.type },
      };
    },
    opts,
  );
}
