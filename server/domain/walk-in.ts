// When a walk-in is booked for: a slot of the doctor's working day, never an hour already gone.
import { DomainError } from "./errors.ts";
import { formatLocalTime, localDateOf, slotStartOf, workingDayBounds, zonedTimeToUtc } from "./time.ts";

export type DoctorDay = { name: string; workStart: string; workEnd: string; workDays: readonly number[] };

const WEEKDAYS = ["Mondays", "Tuesdays", "Wednesdays", "Thursdays", "Fridays", "Saturdays", "Sundays"];

/** ISO weekday (1 = Monday .. 7 = Sunday) of a "YYYY-MM-DD" date. */
export function isoWeekday(date: string): number {
  const day = new Date(`${date}T12:00:00Z`).getUTCDay();
  return day === 0 ? 7 : day;
}

/**
 * The appointment time of a walk-in on `date` (hospital-local). With `time` ("HH:MM") it is that
 * time, which must lie in the doctor's working hours (the hour slot of the working start counts)
 * and not in an hour slot that has already ended. Without it: now, or the working start if the day
 * has not begun. Refusals are BAD_REQUEST with the reason.
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
  const weekday = isoWeekday(date);
  if (!doctor.workDays.includes(weekday)) {
    throw new DomainError("DOCTOR_NOT_WORKING", `${doctor.name} does not work on ${WEEKDAYS[weekday - 1]}.`);
  }
  const { start: dayStart, end: dayEnd } = workingDayBounds(date, doctor.workStart, doctor.workEnd, timeZone);
  const hours = `${doctor.workStart}–${doctor.workEnd}`;
  if (time === undefined) {
    const at = date === today ? new Date(Math.max(now.getTime(), dayStart.getTime())) : dayStart;
    if (at.getTime() >= dayEnd.getTime()) {
      throw new DomainError(
        "WORKING_DAY_ENDED",
        `${doctor.name}'s working day ended at ${doctor.workEnd}. Choose another day.`,
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
  if (at.getTime() < slotStartOf(dayStart, timeZone).getTime() || at.getTime() >= dayEnd.getTime()) {
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
