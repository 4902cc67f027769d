// The appointments export (GET /api/stats/export.csv): a period's appointments as CSV, a doctor's
// own only for a doctor, another hospital's doctor NOT_FOUND.
import { listAppointmentsForExport } from "../db/export-repo.ts";
import { listDoctors } from "../db/queue-repo.ts";
import { appointmentsCsv } from "../domain/csv.ts";
import { DomainError } from "../domain/errors.ts";
import { assertInScope, type QueueScope } from "./queue-scope.ts";

export async function exportAppointmentsCsv(
  scope: QueueScope,
  timeZone: string,
  input: { from: string; to: string; doctorId?: string },
) {
  const doctorId = input.doctorId ?? scope.onlyDoctorId ?? null;
  if (doctorId) {
    assertInScope(scope, doctorId, "Your role (DOCTOR) may export only your own appointments.");
    const doctors = await listDoctors(scope.hospitalId);
    if (!doctors.some((d) => d.id === doctorId))
      throw new DomainError("DOCTOR_NOT_FOUND", "Doctor not found.");
  }
  const rows = await listAppointmentsForExport({
    hospitalId: scope.hospitalId,
    doctorId,
    from: input.from,
    to: input.to,
  });
  return {
    filename: `appointments-${input.from}-${input.to}.csv`,
    csv: appointmentsCsv(rows, timeZone),
  };
}
