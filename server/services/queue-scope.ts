// Whose queues a caller may change or read: one hospital's, and a doctor only their own.
import { findAppointmentQueueDay } from "../db/queue-repo.ts";
import { DomainError } from "../domain/errors.ts";
import { queueDayFor } from "./board.ts";

/**
 * Whose queues a caller may change: one hospital's, and when `onlyDoctorId` is not undefined only
 * that doctor's (a doctor's own queue; null matches no queue at all).
 */
export type QueueScope = { hospitalId: string; onlyDoctorId?: string | null };

/**
 * The scope of a staff member, decided here for every router: their hospital, and for a DOCTOR their
 * own doctor only. A DOCTOR account linked to no doctor has no queue to run or read: it is refused
 * (FORBIDDEN) instead of being left without a doctor filter, which would show the whole hospital.
 */
export function scopeOfStaff(staff: {
  hospitalId: string;
  role: "ADMIN" | "RECEPTIONIST" | "DOCTOR";
  doctorId: string | null;
}): { hospitalId: string; onlyDoctorId?: string } {
  if (staff.role !== "DOCTOR") return { hospitalId: staff.hospitalId };
  if (!staff.doctorId)
    throw new DomainError(
      "DOCTOR_ACCOUNT_UNLINKED",
      "This doctor's account is not linked to a doctor yet, so it has no queue to show. Ask an admin to link it.",
    );
  return { hospitalId: staff.hospitalId, onlyDoctorId: staff.doctorId };
}

/** A doctor may change (or read) only their own queue. */
export function assertInScope(
  scope: QueueScope,
  doctorId: string,
  message = "Doctors can only run their own queue.",
) {
  if (scope.onlyDoctorId !== undefined && scope.onlyDoctorId !== doctorId) {
    throw new DomainError("NOT_OWN_QUEUE", message);
  }
}

/** An appointment the caller may change, with its queue day and doctor; another hospital's is NOT_FOUND. */
export async function appointmentInScope(
  scope: QueueScope,
  appointmentId: string,
): Promise<{ queueDayId: string; doctorId: string }> {
  const ref = await findAppointmentQueueDay(appointmentId);
  if (!ref || ref.hospitalId !== scope.hospitalId)
    throw new DomainError("APPOINTMENT_NOT_FOUND", "Appointment not found.");
  assertInScope(scope, ref.doctorId);
  return { queueDayId: ref.queueDayId, doctorId: ref.doctorId };
}

/** The queue day of an appointment the caller may change; another hospital's is NOT_FOUND. */
export async function queueDayOfAppointment(scope: QueueScope, appointmentId: string): Promise<string> {
  return (await appointmentInScope(scope, appointmentId)).queueDayId;
}

/** A doctor's queue day on a local date (created on first use) that the caller may change. */
export async function queueDayOfDoctor(scope: QueueScope, doctorId: string, date: string): Promise<string> {
  assertInScope(scope, doctorId);
  return queueDayFor(scope.hospitalId, doctorId, date);
}
