// The appointments of a bounded period for the CSV export (staff only: it names patients).
import { rangeProblem } from "../domain/statistics.ts";
import { getDb } from "./client.ts";

export async function listAppointmentsForExport(scope: {
  hospitalId: string;
  doctorId: string | null;
  from: string;
  to: string;
}) {
  // Never an unbounded scan: the period is checked here as well as at the edge.
  const problem = rangeProblem(scope.from, scope.to);
  if (problem) throw new RangeError(problem);
  const rows = await getDb().appointment.findMany({
    where: {
      hospitalId: scope.hospitalId,
      ...(scope.doctorId ? { doctorId: scope.doctorId } : {}),
      queueDay: { hospitalId: scope.hospitalId, date: { gte: scope.from, lte: scope.to } },
    },
    orderBy: [{ queueDay: { date: "asc" } }, { scheduledAt: "asc" }, { ticket: "asc" }],
    select: {
      ticket: true,
      status: true,
      priority: true,
      source: true,
      scheduledAt: true,
      bookedAt: true,
      paidAt: true,
      checkedInAt: true,
      calledAt: true,
      startedAt: true,
      endedAt: true,
      note: true,
      queueDay: { select: { date: true } },
      doctor: { select: { name: true } },
      patient: { select: { name: true, phone: true } },
    },
  });
  return rows.map(({ queueDay, doctor, patient, ...a }) => ({
    ...a,
    date: queueDay.date,
    doctorName: doctor.name,
    patientName: patient.name,
    phone: patient.phone,
  }));
}
