// Statistics reads: settle the period, load one doctor's or the whole hospital's rows, and hand them
// to the pure statistics (server/domain/statistics.ts) with the hospital's time zone and grace.

import { now as clockNow } from "../clock.ts";
import {
  countStatsEvents,
  findStatsAppointments,
  findStatsDoctor,
  findStatsHospital,
  listStatsDoctors,
  type StatsScope,
} from "../db/stats-repo.ts";
import { DomainError } from "../domain/errors.ts";
import {
  accuracyByDoctorDay,
  computeStatistics,
  doctorBreakdown,
  rangeProblem,
} from "../domain/statistics.ts";
import { localDateOf } from "../domain/time.ts";
import { env } from "../env.ts";

/** A single date, or a range; neither means the hospital's today. */
export type StatsPeriodInput = { date?: string; from?: string; to?: string };

async function hospitalOf(hospitalId: string) {
  const hospital = await findStatsHospital(hospitalId);
  if (!hospital) throw new DomainError("HOSPITAL_NOT_FOUND", "Hospital not found.");
  return hospital;
}

function periodOf(input: StatsPeriodInput, timeZone: string, now: Date): { from: string; to: string } {
  const from = input.from ?? input.date ?? localDateOf(now, timeZone);
  const to = input.to ?? input.date ?? from;
  const problem = rangeProblem(from, to);
  if (problem) throw new DomainError("INVALID_PERIOD", problem);
  return { from, to };
}

async function statisticsFor(scope: StatsScope, noShowGraceMinutes: number | null, now: Date) {
  const [appointments, events] = await Promise.all([findStatsAppointments(scope), countStatsEvents(scope)]);
  const input = {
    from: scope.from,
    to: scope.to,
    timeZone: scope.timeZone,
    now,
    noShowGraceMinutes: noShowGraceMinutes ?? env().NO_SHOW_GRACE,
    appointments,
    events,
  };
  return { input, statistics: computeStatistics(input) };
}

/** One doctor of the hospital; another hospital's doctor is NOT_FOUND, like one that does not exist. */
export async function doctorStatistics(
  hospitalId: string,
  doctorId: string,
  period: StatsPeriodInput,
  now = clockNow(),
) {
  const hospital = await hospitalOf(hospitalId);
  const doctor = await findStatsDoctor(hospitalId, doctorId);
  if (!doctor) throw new DomainError("DOCTOR_NOT_FOUND", "Doctor not found.");
  const { from, to } = periodOf(period, hospital.timeZone, now);
  const scope = { hospitalId, doctorId, from, to, timeZone: hospital.timeZone };
  const { input, statistics } = await statisticsFor(scope, hospital.noShowGraceMinutes, now);
  return { doctor, ...statistics, accuracyByDoctorDay: accuracyByDoctorDay([doctor], input) };
}

/** Every doctor of the hospital together, plus one row per doctor (active ones, and any who had patients). */
export async function hospitalStatistics(hospitalId: string, period: StatsPeriodInput, now = clockNow()) {
  const hospital = await hospitalOf(hospitalId);
  const { from, to } = periodOf(period, hospital.timeZone, now);
  const scope = { hospitalId, doctorId: null, from, to, timeZone: hospital.timeZone };
  const [{ input, statistics }, doctors] = await Promise.all([
    statisticsFor(scope, hospital.noShowGraceMinutes, now),
    listStatsDoctors(hospitalId),
  ]);
  const seen = new Set(input.appointments.map((a) => a.doctorId));
  const listed = doctors.filter((d) => d.active || seen.has(d.id)).map(({ id, name }) => ({ id, name }));
  return {
    hospital: { id: hospital.id, name: hospital.name },
    ...statistics,
    byDoctor: doctorBreakdown(listed, input),
    accuracyByDoctorDay: accuracyByDoctorDay(listed, input),
  };
}
