// Statistics reads: the few fields the statistics need from a bounded period, never patient details.
import { isQueueEventType } from "../domain/events.ts";
import type { EventCount, StatAppointment } from "../domain/statistics.ts";
import { rangeProblem } from "../domain/statistics.ts";
import { dayBoundsUtc } from "../domain/time.ts";
import { getDb } from "./client.ts";

/** One doctor's, or (doctorId null) the whole hospital's, hospital-local dates [from, to]. */
export type StatsScope = {
  hospitalId: string;
  doctorId: string | null;
  from: string;
  to: string;
  timeZone: string;
};

const statAppointmentSelect = {
  doctorId: true,
  status: true,
  priority: true,
  source: true,
  scheduledAt: true,
  checkedInAt: true,
  startedAt: true,
  endedAt: true,
  noShowAt: true,
  noShowDueAt: true,
  lateMinutes: true,
  quotedStartAt: true,
  quotedEarliestAt: true,
  quotedLatestAt: true,
} as const;

/** A period the statistics refuse is refused here too: no read may scan an unbounded table. */
function assertBounded(scope: StatsScope) {
  const problem = rangeProblem(scope.from, scope.to);
  if (problem) throw new RangeError(problem);
}

export function findStatsHospital(hospitalId: string) {
  return getDb().hospital.findUnique({
    where: { id: hospitalId },
    select: { id: true, name: true, timeZone: true, noShowGraceMinutes: true },
  });
}

/** A doctor of this hospital (active or not: history stays readable), or null. */
export function findStatsDoctor(hospitalId: string, doctorId: string) {
  return getDb().doctor.findFirst({
    where: { id: doctorId, hospitalId },
    select: { id: true, name: true },
  });
}

export function listStatsDoctors(hospitalId: string) {
  return getDb().doctor.findMany({
    where: { hospitalId },
    select: { id: true, name: true, active: true },
    orderBy: [{ name: "asc" }, { id: "asc" }],
  });
}

/** Appointments whose slot falls on the period's local dates (uses the [doctor|hospital, scheduledAt] index). */
export function findStatsAppointments(scope: StatsScope): Promise<StatAppointment[]> {
  assertBounded(scope);
  const start = dayBoundsUtc(scope.from, scope.timeZone).start;
  const end = dayBoundsUtc(scope.to, scope.timeZone).end;
  return getDb().appointment.findMany({
    where: {
      hospitalId: scope.hospitalId,
      ...(scope.doctorId ? { doctorId: scope.doctorId } : {}),
      scheduledAt: { gte: start, lt: end },
    },
    select: statAppointmentSelect,
  });
}

/** Queue events of the period's queue days, counted by type in the database. */
export async function countStatsEvents(scope: StatsScope): Promise<EventCount[]> {
  assertBounded(scope);
  const groups = await getDb().queueEvent.groupBy({
    by: ["type"],
    where: {
      queueDay: {
        hospitalId: scope.hospitalId,
        ...(scope.doctorId ? { doctorId: scope.doctorId } : {}),
        date: { gte: scope.from, lte: scope.to },
      },
    },
    _count: { _all: true },
  });
  // Every type written is a QueueEventType (runQueueChange takes nothing else); a row of a type this
  // version does not know (written by a newer one) is left out rather than shown unlabelled.
  return groups.flatMap((g) => (isQueueEventType(g.type) ? [{ type: g.type, count: g._count._all }] : []));
}
