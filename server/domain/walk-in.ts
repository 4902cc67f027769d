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
} from "./hours.ts";
import { formatLocalTime, localDateOf, slotStartOf, zonedTimeToUtc } from "./time.ts";

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
