// Slot reads for staff (the seed's buildQueue, getQueuePosition, getSlotBasedQueue,
// handleSlotOverlaps, getSlotQueuePosition and suggestOptimalSlots). Every read is scoped to the
// staff member's hospital, and a doctor reads only their own queue. Reads never create a queue day.
import { getCache } from "../cache/index.ts";
import { now as clockNow } from "../clock.ts";
import { findQueueDay, loadQueueState } from "../db/queue-repo.ts";
import {
  attendanceCounts,
  findAppointmentInHospital,
  findDoctorInHospital,
  recentConsultationMinutes,
  type SlotDoctor,
} from "../db/slots-repo.ts";
import { DomainError } from "../domain/errors.ts";
import { expectedConsultationMinutes, plannedConsultationMinutes } from "../domain/estimate.ts";
import { isDayOff, periodsOfDate } from "../domain/hours.ts";
import {
  analyzeWindow,
  assertWindow,
  type ClinicRates,
  clinicRates,
  countStatuses,
  datesTouched,
  groupIntoSlots,
  instantOf,
  positionInSlot,
  suggestSlots,
} from "../domain/slots.ts";
import { patientView } from "../domain/snapshot.ts";
import { addDays } from "../domain/time.ts";
import { isOpenStatus, isWaitingStatus } from "../domain/types.ts";
import { env } from "../env.ts";
import { assertInScope, type QueueScope } from "./queue-changes.ts";
import { activeNotice, getSnapshot, type QueueSnapshot, type SnapshotEntry } from "./snapshot.ts";

/** Who is reading: their hospital, and for a doctor their own doctor only (`scopeOfStaff`). */
export type ReadScope = QueueScope;

export const RATES_HISTORY_DAYS = 60;
const RATES_TTL_SECONDS = 600;
const DURATIONS_TTL_SECONDS = 60;
const DAY_MS = 86_400_000;

const round1 = (x: number) => Math.round(x * 10) / 10;
const round3 = (x: number) => Math.round(x * 1000) / 1000;

function assertMayRead(scope: ReadScope, doctorId: string) {
  assertInScope(scope, doctorId, "Your role (DOCTOR) may not read another doctor's queue.");
}

async function doctorFor(scope: ReadScope, doctorId: string): Promise<SlotDoctor> {
  assertMayRead(scope, doctorId);
  const doctor = await findDoctorInHospital(scope.hospitalId, doctorId);
  if (!doctor) throw new DomainError("DOCTOR_NOT_FOUND", "Doctor not found.");
  return doctor;
}

async function appointmentFor(scope: ReadScope, appointmentId: string) {
  const appointment = await findAppointmentInHospital(scope.hospitalId, appointmentId);
  if (!appointment) throw new DomainError("APPOINTMENT_NOT_FOUND", "Appointment not found.");
  assertMayRead(scope, appointment.doctorId);
  const snapshot = await getSnapshot(appointment.queueDayId);
  if (!snapshot) throw new DomainError("APPOINTMENT_NOT_FOUND", "Appointment not found.");
  return { appointment, snapshot };
}

/** The day's shared snapshot, or null when nothing was ever booked that day. */
async function snapshotOfDay(doctorId: string, date: string): Promise<QueueSnapshot | null> {
  const day = await findQueueDay(doctorId, date);
  return day ? getSnapshot(day.id) : null;
}

const defaultConsultationMinutes = (doctor: SlotDoctor) =>
  plannedConsultationMinutes(
    doctor.consultationMinutes,
    doctor.hospital.defaultConsultationMinutes,
    env().DEFAULT_CONSULTATION_TIME,
  );

/** The doctor's recent consultation lengths; a minute old at most, so busy slot views cost no extra query. */
async function recentDurationsOf(doctorId: string): Promise<number[]> {
  const key = `queue:durations:${doctorId}`;
  const cached = await getCache().get<number[]>(key);
  if (cached) return cached;
  const durations = await recentConsultationMinutes(doctorId);
  await getCache().set(key, durations, DURATIONS_TTL_SECONDS);
  return durations;
}

async function expectedMinutesOf(doctor: SlotDoctor): Promise<number> {
  return expectedConsultationMinutes(
    await recentDurationsOf(doctor.id),
    defaultConsultationMinutes(doctor),
    doctor.learnsPace,
  );
}

/** The doctor's hours for the slot views, and what they are on `date` (periods; none on a day off). */
const workingHoursOf = (doctor: SlotDoctor, date: string) => {
  const periods = periodsOfDate(doctor, date).map((p) => ({ start: p.start, end: p.end }));
  return {
    periods: doctor.periods,
    daysOff: doctor.daysOff,
    placesPerHour: doctor.placesPerHour,
    ofDate: {
      start: periods[0]?.start ?? null,
      end: periods.at(-1)?.end ?? null,
      periods,
      dayOff: isDayOff(doctor, date),
      workingDay: periods.length > 0,
    },
  };
};

const doctorView = (doctor: SlotDoctor) => ({ id: doctor.id, name: doctor.name, room: doctor.room });

/** The fields staff see of an entry in the slot views. */
function entryView(e: SnapshotEntry) {
  return {
    appointmentId: e.appointmentId,
    ticket: e.ticket,
    patientName: e.patientName,
    note: e.note,
    status: e.status,
    priority: e.priority,
    position: e.position,
    scheduledAt: e.scheduledAt,
    paid: e.paid,
    walkIn: e.walkIn,
    checkedInAt: e.checkedInAt,
    estimatedStartAt: e.estimatedStartAt,
    estimatedWaitMinutes: e.estimatedWaitMinutes,
  };
}

/** buildQueue: the open entries of a doctor's day in queue order, with positions and estimates. */
export async function buildQueue(scope: ReadScope, doctorId: string, date: string) {
  const doctor = await doctorFor(scope, doctorId);
  const snapshot = await snapshotOfDay(doctor.id, date);
  const entries = (snapshot?.entries ?? []).filter((e) => isOpenStatus(e.status)).map(entryView);
  return {
    doctor: doctorView(doctor),
    date,
    timeZone: doctor.hospital.timeZone,
    version: snapshot?.version ?? 0,
    notice: snapshot?.notice ?? null,
    paused: snapshot?.paused ?? null,
    totalWaiting: entries.filter((e) => isWaitingStatus(e.status)).length,
    entries,
    builtAt: snapshot?.builtAt ?? null,
  };
}

/** getQueuePosition: where an appointment stands in its doctor's queue. */
export async function getQueuePosition(scope: ReadScope, appointmentId: string) {
  const { appointment, snapshot } = await appointmentFor(scope, appointmentId);
  return {
    ...patientView(snapshot, appointment.id),
    doctorId: appointment.doctorId,
    date: snapshot.date,
    version: snapshot.version,
  };
}

/** getSlotBasedQueue: the day as hospital-local 1-hour slots. */
export async function getSlotBasedQueue(scope: ReadScope, doctorId: string, date: string) {
  const doctor = await doctorFor(scope, doctorId);
  const [snapshot, expected] = await Promise.all([snapshotOfDay(doctor.id, date), expectedMinutesOf(doctor)]);
  const entries = (snapshot?.entries ?? []).map(entryView);
  const workingHours = workingHoursOf(doctor, date);
  return {
    doctor: doctorView(doctor),
    date,
    timeZone: doctor.hospital.timeZone,
    version: snapshot?.version ?? 0,
    workingHours: workingHours.ofDate,
    expectedConsultationMinutes: round1(expected),
    notice: snapshot?.notice ?? null,
    paused: snapshot?.paused ?? null,
    totals: countStatuses(entries),
    slots: groupIntoSlots({
      date,
      timeZone: doctor.hospital.timeZone,
      entries,
      workingHours,
      expectedMinutes: expected,
    }),
  };
}

/** handleSlotOverlaps: the appointments of a window, its capacity, overflow and where it could go. */
export async function handleSlotOverlaps(
  scope: ReadScope,
  doctorId: string,
  slotStartTime: string | Date,
  slotEndTime: string | Date,
  now = clockNow(),
) {
  const doctor = await doctorFor(scope, doctorId);
  const timeZone = doctor.hospital.timeZone;
  const start = instantOf(slotStartTime, timeZone);
  const end = instantOf(slotEndTime, timeZone);
  assertWindow(start, end);
  const dates = datesTouched(start, end, timeZone);
  const [snapshots, expected] = await Promise.all([
    Promise.all(dates.map((date) => snapshotOfDay(doctor.id, date))),
    expectedMinutesOf(doctor),
  ]);
  const days = dates.map((date, i) => ({ date, entries: (snapshots[i]?.entries ?? []).map(entryView) }));
  const analysis = analyzeWindow({
    start,
    end,
    now,
    timeZone,
    expectedMinutes: expected,
    placesPerHour: doctor.placesPerHour,
    entries: days.flatMap((d) => d.entries),
    slots: days.flatMap((d) =>
      groupIntoSlots({
        date: d.date,
        timeZone,
        entries: d.entries,
        workingHours: workingHoursOf(doctor, d.date),
        expectedMinutes: expected,
      }),
    ),
  });
  return {
    doctor: doctorView(doctor),
    timeZone,
    dates,
    expectedConsultationMinutes: round1(expected),
    ...analysis,
  };
}

/** getSlotQueuePosition: an appointment's place among the patients of its own slot. */
export async function getSlotQueuePosition(scope: ReadScope, appointmentId: string) {
  const { appointment, snapshot } = await appointmentFor(scope, appointmentId);
  const view = patientView(snapshot, appointment.id);
  const inSlot = positionInSlot(snapshot.entries, appointment.id, snapshot.timeZone);
  if (!inSlot) throw new DomainError("APPOINTMENT_NOT_FOUND", "Appointment not found.");
  return {
    appointmentId: view.appointmentId,
    ticket: view.ticket,
    status: view.status,
    doctorId: appointment.doctorId,
    date: snapshot.date,
    slot: inSlot.slot,
    slotPosition: inSlot.slotPosition,
    slotSize: inSlot.slotSize,
    slotWaiting: inSlot.slotWaiting,
    peopleAheadInSlot: inSlot.slotPosition ? inSlot.slotPosition - 1 : null,
    position: view.position,
    totalWaiting: view.totalWaiting,
    estimatedStartAt: view.estimatedStartAt,
    estimatedWaitMinutes: view.estimatedWaitMinutes,
    queueStatus: view.queueStatus,
    version: snapshot.version,
  };
}

export type ClinicRatesReport = ClinicRates & {
  historyDays: number;
  basedOn: { completed: number; noShows: number; checkedIn: number; earlyArrivals: number };
};

/** This clinic's no-show and early-arrival rates over its recent history (cached for a while). */
export async function clinicRatesFor(hospitalId: string, now = clockNow()): Promise<ClinicRatesReport> {
  const key = `queue:rates:${hospitalId}`;
  const cached = await getCache().get<ClinicRatesReport>(key);
  if (cached) return cached;
  const counts = await attendanceCounts(
    hospitalId,
    new Date(now.getTime() - RATES_HISTORY_DAYS * DAY_MS),
    now,
  );
  const rates = clinicRates(counts);
  const report: ClinicRatesReport = {
    noShowRate: round3(rates.noShowRate),
    earlyArrivalRate: round3(rates.earlyArrivalRate),
    meanEarlyMinutes: round1(rates.meanEarlyMinutes),
    historyDays: RATES_HISTORY_DAYS,
    basedOn: {
      completed: counts.completed,
      noShows: counts.noShows,
      checkedIn: counts.checkedIn,
      earlyArrivals: counts.earlyArrivals,
    },
  };
  await getCache().set(key, report, RATES_TTL_SECONDS);
  return report;
}

/** suggestOptimalSlots: the date's working slots that have not ended, best first. */
export async function suggestOptimalSlots(
  scope: ReadScope,
  doctorId: string,
  date: string,
  preferredHour: number | null,
  now = clockNow(),
) {
  const doctor = await doctorFor(scope, doctorId);
  const day = await findQueueDay(doctor.id, date);
  const [state, rates] = await Promise.all([
    day ? loadQueueState(day.id) : null,
    clinicRatesFor(scope.hospitalId, now),
  ]);
  const recentDurations = state?.recentDurations ?? (await recentDurationsOf(doctor.id));
  const consultationMinutes = defaultConsultationMinutes(doctor);
  const workingHours = workingHoursOf(doctor, date);
  return {
    doctor: doctorView(doctor),
    date,
    timeZone: doctor.hospital.timeZone,
    preferredHour,
    workingDay: workingHours.ofDate.workingDay,
    workingHours: workingHours.ofDate,
    expectedConsultationMinutes: round1(
      expectedConsultationMinutes(recentDurations, consultationMinutes, doctor.learnsPace),
    ),
    rates,
    suggestions: suggestSlots({
      date,
      timeZone: doctor.hospital.timeZone,
      now,
      workingHours,
      appointments: state?.appointments ?? [],
      consultationMinutes,
      learnsPace: doctor.learnsPace,
      recentDurations,
      delayMinutes: state ? (activeNotice(state, now)?.delayMinutes ?? 0) : 0,
      rates,
      maxEarlyArrivalMinutes: doctor.hospital.maxEarlyArrivalMinutes ?? env().MAX_EARLY_ARRIVAL,
      preferredHour,
    }),
  };
}

/** The Monday of `date`'s week (calendar arithmetic on the local date; no clock involved). */
export function mondayOf(date: string): string {
  const weekday = new Date(`${date}T12:00:00Z`).getUTCDay(); // 0 = Sunday
  return addDays(date, -((weekday + 6) % 7));
}

/**
 * A doctor's week at a glance: the 7 days from the Monday of `date`'s week, each with its booked
 * places (appointments that take the doctor's time: open or completed) and the free places left in
 * its working hours (the same per-slot capacity as the slot views), in hours that have not ended: a
 * place in an hour gone by can no longer be booked (today's tile said 22 free where its hours left 16).
 * Reads never create a queue day.
 */
export async function getWeekSummary(scope: ReadScope, doctorId: string, date: string) {
  const doctor = await doctorFor(scope, doctorId);
  const expected = await expectedMinutesOf(doctor);
  const start = mondayOf(date);
  const dates = Array.from({ length: 7 }, (_, i) => addDays(start, i));
  const at = clockNow().getTime();
  const days = await Promise.all(
    dates.map(async (d) => {
      const snapshot = await snapshotOfDay(doctor.id, d);
      const workingHours = workingHoursOf(doctor, d);
      const slots = groupIntoSlots({
        date: d,
        timeZone: doctor.hospital.timeZone,
        entries: snapshot?.entries ?? [],
        workingHours,
        expectedMinutes: expected,
      });
      const capacity = slots.reduce((n, s) => n + s.capacity, 0);
      return {
        date: d,
        dayOff: workingHours.ofDate.dayOff,
        workingDay: workingHours.ofDate.workingDay,
        periods: workingHours.ofDate.periods,
        booked: slots.reduce((n, s) => n + s.load, 0),
        capacity,
        free: slots.reduce((n, s) => n + (s.end.getTime() > at ? s.freeCapacity : 0), 0),
      };
    }),
  );
  return { doctor: doctorView(doctor), start, days };
}
