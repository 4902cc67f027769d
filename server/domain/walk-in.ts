// When a walk-in is booked for: a slot of the doctor's working day, never an hour already gone; and
// the one rule for whether the doctor takes a patient at a time (bookings, reschedules, walk-ins).
import { DomainError } from "./errors.ts";
import {
  acceptsBookingAt,
  type DoctorHours,
  describePeriods,
  isDayOff,
  isoWeekday,
  nextWorkingInstant,
  periodsOfDate,
  workingIntervals,
  workingMinutesIn,
} from "./hours.ts";
import { capacityOf, slotTime, usesDoctorTime } from "./slot-grouping.ts";
import { formatLocalTime, localDateOf, slotStartOf, zonedTimeToUtc } from "./time.ts";
import type { AppointmentStatus } from "./types.ts";

export { isoWeekday } from "./hours.ts";

export type DoctorDay = DoctorHours & { name: string };

const WEEKDAYS = ["Mondays", "Tuesdays", "Wednesdays", "Thursdays", "Fridays", "Saturdays", "Sundays"];

/**
 * Why the doctor does not work on `date` at all (a day off, a weekday without hours), or null when
 * they do. One rule for walk-ins and bookings.
 */
export function notWorkingOn(doctor: DoctorDay, date: string): DomainError | null {
  if (isDayOff(doctor, date)) {
    return new DomainError("DOCTOR_DAY_OFF", `${doctor.name} is off on ${date}. Choose another day.`);
  }
  if (periodsOfDate(doctor, date).length === 0) {
    const weekday = isoWeekday(date);
    return new DomainError("DOCTOR_NOT_WORKING", `${doctor.name} does not work on ${WEEKDAYS[weekday - 1]}.`);
  }
  return null;
}

/**
 * Refuses a booking (or a reschedule) into an hour slot that already holds the places per hour the
 * admin set for the doctor (pro rata in a slot they work part of): "full" means the number the clinic
 * chose, so it holds. Without places per hour the capacity shown is an estimate from consultation
 * lengths and refuses nothing. `overbook`: staff book anyway (a patient who must be seen that hour).
 * Appointments that take the doctor's time count (open and completed), `except` the one being moved.
 */
export function assertSlotHasRoom(input: {
  doctor: DoctorDay & { placesPerHour?: number | null };
  at: Date;
  timeZone: string;
  appointments: readonly { id: string; status: AppointmentStatus; scheduledAt: Date }[];
  except?: string;
  overbook?: boolean;
}): void {
  const { doctor, at, timeZone } = input;
  if (input.overbook || doctor.placesPerHour == null || doctor.placesPerHour <= 0) return;
  const slot = slotTime(slotStartOf(at, timeZone), timeZone);
  const intervals = workingIntervals(localDateOf(at, timeZone), timeZone, doctor);
  const capacity = capacityOf(workingMinutesIn(slot.start, slot.end, intervals), 0, doctor.placesPerHour);
  const start = slot.start.getTime();
  const end = slot.end.getTime();
  let load = 0;
  for (const a of input.appointments) {
    const t = a.scheduledAt.getTime();
    if (a.id !== input.except && t >= start && t < end && usesDoctorTime(a.status)) load++;
  }
  if (load >= capacity) {
    throw new DomainError(
      "SLOT_FULL",
      `The ${slot.timeSlot} slot is full: ${load} of ${capacity} places are taken for ${doctor.name}. Choose another time, or book anyway to see more patients than planned.`,
    );
  }
}

/** Refuses a deactivated doctor: their history stays, they take no new patients. */
export function assertDoctorActive(doctor: { name: string; active: boolean }): void {
  if (!doctor.active) {
    throw new DomainError("DOCTOR_INACTIVE", `${doctor.name} no longer takes appointments (deactivated).`);
  }
}

/** Refuses a time outside the doctor's working hours of that date (a lunch break, a day off). */
export function assertWorkingAt(doctor: DoctorDay, at: Date, timeZone: string): void {
  const date = localDateOf(at, timeZone);
  const off = notWorkingOn(doctor, date);
  if (off) throw off;
  if (!acceptsBookingAt(at, workingIntervals(date, timeZone, doctor), timeZone)) {
    throw new DomainError(
      "OUTSIDE_WORKING_HOURS",
      `${formatLocalTime(at, timeZone)} is outside ${doctor.name}'s working hours on ${date} (${describePeriods(periodsOfDate(doctor, date))}).`,
    );
  }
}

/**
 * The appointment time of a walk-in on `date` (hospital-local). With `time` ("HH:MM") it is that
 * time, which must be bookable (hours.ts acceptsBookingAt: in a working period, or earlier in the
 * hour slot a period starts in; never the rest of a lunch break) and not in an hour slot that has
 * already ended. Without it: now, or the next period's start when the day (or the afternoon) has
 * not begun. Refusals are BAD_REQUEST with the reason (a day off: DOCTOR_DAY_OFF).
 */
export function walkInTime(input: {
  date: string;
  time?: string;
  now: Date;
  timeZone: string;
  doctor: DoctorDay;
}): Date {
  const { date, time, now, timeZone, doctor } = input;
  const today = localDateOf(now, timeZone);
  if (date < today) throw new DomainError("DAY_PASSED", "That day has passed. Choose today or a later day.");
  const off = notWorkingOn(doctor, date);
  if (off) throw off;
  const intervals = workingIntervals(date, timeZone, doctor);
  const periods = periodsOfDate(doctor, date);
  const hours = describePeriods(periods);
  if (time === undefined) {
    const at = nextWorkingInstant(date === today ? now : (intervals[0]?.start ?? now), intervals);
    if (!at) {
      throw new DomainError(
        "WORKING_DAY_ENDED",
        `${doctor.name}'s working day ended at ${periods.at(-1)?.end ?? "?"}. Choose another day.`,
      );
    }
    return at;
  }
  const at = zonedTimeToUtc(date, time, timeZone);
  if (formatLocalTime(at, timeZone) !== time) {
    throw new DomainError(
      "TIME_DOES_NOT_EXIST",
      `${time} does not exist on ${date} (the clocks change that night).`,
    );
  }
  if (!acceptsBookingAt(at, intervals, timeZone)) {
    throw new DomainError(
      "OUTSIDE_WORKING_HOURS",
      `${time} is outside ${doctor.name}'s working hours (${hours}).`,
    );
  }
  if (slotStartOf(at, timeZone).getTime() < slotStartOf(now, timeZone).getTime()) {
    throw new DomainError(
      "HOUR_PASSED",
      `The ${formatLocalTime(slotStartOf(at, timeZone), timeZone)} hour has passed. Choose the current hour or a later one.`,
    );
  }
  return at;
}
