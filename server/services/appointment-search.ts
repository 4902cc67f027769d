// "Find a patient": a hospital's appointments from the last 30 days through every upcoming day
// whose name, phone or today's ticket matches, each with the actions that apply to it.
import { appointmentContact, searchAppointments } from "../db/search-repo.ts";
import { actionsFor } from "../domain/appointment-actions.ts";
import { DomainError } from "../domain/errors.ts";
import { parsePatientQuery } from "../domain/patient-search.ts";
import { addDays } from "../domain/time.ts";
import type { QueueScope } from "./queue-scope.ts";

/** How far back a search looks, in days before today. */
export const SEARCH_DAYS_BACK = 30;

export async function findAppointments(
  scope: QueueScope,
  input: { q: string; limit: number; today: string },
) {
  // A doctor's account linked to no doctor (onlyDoctorId null) is refused before this by scopeOfStaff.
  const query = parsePatientQuery(input.q);
  const rows = await searchAppointments({
    hospitalId: scope.hospitalId,
    doctorId: scope.onlyDoctorId ?? undefined,
    today: input.today,
    fromDate: addDays(input.today, -SEARCH_DAYS_BACK),
    ...query,
    limit: input.limit,
  });
  return rows.map((r) => {
    const paid = r.paidAt !== null;
    return {
      appointmentId: r.id,
      patientName: r.patientName,
      phone: r.phone,
      doctor: { id: r.doctorId, name: r.doctorName },
      date: r.date,
      scheduledAt: r.scheduledAt,
      ticket: r.ticket,
      status: r.status,
      priority: r.priority,
      paid,
      note: r.note,
      actions: actionsFor({ status: r.status, paid, date: r.date }, input.today),
    };
  });
}

/**
 * The details "Edit details" starts from: the patient's name and phone on file and the visit's note.
 * The board's entries carry no phone (every staff screen receives them live), so the dialog asks.
 */
export async function appointmentDetails(scope: QueueScope, appointmentId: string) {
  const found = await appointmentContact({
    hospitalId: scope.hospitalId,
    doctorId: scope.onlyDoctorId ?? undefined,
    appointmentId,
  });
  if (!found) throw new DomainError("APPOINTMENT_NOT_FOUND", "Appointment not found.");
  return { appointmentId, ...found };
}
