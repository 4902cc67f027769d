// Correcting an appointment's details: the patient's name and phone, and the visit's note. A change
// to the queue like any other (version, event, publish), since the board shows the name and note.
import { actionsFor } from "../domain/appointment-actions.ts";
import { DomainError } from "../domain/errors.ts";
import { localDateOf } from "../domain/time.ts";
import { type Actor, type ChangeOptions, changeQueue } from "./queue-change.ts";
import type { QueueScope } from "./queue-scope.ts";

export type DetailsInput = {
  appointmentId: string;
  patientName?: string;
  /** "" clears the phone. */
  phone?: string;
  /** "" clears the note. */
  note?: string;
};

export function updateAppointmentDetails(
  scope: QueueScope,
  input: DetailsInput,
  actor: Actor,
  opts: ChangeOptions = {},
) {
  // The router asks for at least one of them.
  const fields = (["patientName", "phone", "note"] as const).filter((f) => input[f] !== undefined);
  return changeQueue({ scope, appointmentId: input.appointmentId }, actor, opts, {
    rule({ entry, state, now }) {
      const today = localDateOf(now, state.queueDay.hospital.timeZone);
      const paid = entry.paidAt !== null;
      if (!actionsFor({ status: entry.status, paid, date: state.queueDay.date }, today).canEdit)
        throw new DomainError(
          "APPOINTMENT_CLOSED",
          "This visit is over and not from today; its details can no longer change.",
        );
    },
    async apply({ entry, update, updatePatient }) {
      if (input.patientName !== undefined || input.phone !== undefined)
        await updatePatient(entry.id, {
          name: input.patientName,
          phone: input.phone === undefined ? undefined : input.phone || null,
        });
      if (input.note !== undefined) await update(entry.id, { note: input.note || null });
      return { type: "DETAILS_CHANGED", data: { fields } };
    },
  });
}
