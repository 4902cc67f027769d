// A doctor's working hours: a week of local periods (several a day make a lunch break) and dates
// off. Turns them into the working intervals of a local date (UTC instants, DST-safe), answers
// whether a time is working time, and checks a weekly schedule. Pure.
import { DomainError, type Reason } from "./errors.ts";
import { addDays, formatLocalTime, slotEndOf, slotStartOf, slotStartsOfDay, zonedTimeToUtc } from "./time.ts";

/** One period of the week: ISO weekday (1 = Monday .. 7 = Sunday), local "HH:MM" start and end ("24:00": midnight). */
export type WeeklyPeriod = { weekday: number; start: string; end: string };
export type DoctorHours = {
  periods: readonly WeeklyPeriod[];
  /** Local dates "YYYY-MM-DD" the doctor does not work. */
  daysOff?: readonly (string | { date: string })[];
};
export type Interval = { start: Date; end: Date };

export const WEEKDAY_NAMES = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];
const MINUTE_MS = 60_000;
const HHMM = /^([01]\d|2[0-3]):([0-5]\d)$|^24:00$/;

/** Minutes after midnight of "HH:MM" ("24:00" is 1440), or null when it is not a time of day. */
export function minutesOf(hhmm: string): number | null {
  if (!HHMM.test(hhmm)) return null;
  return Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
}

/** ISO weekday of a "YYYY-MM-DD" date: 1 = Monday .. 7 = Sunday. */
export function isoWeekday(date: string): number {
  return new Date(`${date}T12:00:00Z`).getUTCDay() || 7;
}

/** The same hours on each of `weekdays` (every day by default). */
export function everyDay(start: string, end: string, weekdays: readonly number[] = [1, 2, 3, 4, 5, 6, 7]) {
  return weekdays.map((weekday) => ({ weekday, start, end }));
}

const dateOf = (d: string | { date: string }) => (typeof d === "string" ? d : d.date);

export function isDayOff(hours: DoctorHours, date: string): boolean {
  return (hours.daysOff ?? []).some((d) => dateOf(d) === date);
}

/** The periods of a date's weekday in time order, ignoring days off. */
export function periodsOfWeekday(hours: DoctorHours, weekday: number): WeeklyPeriod[] {
  return hours.periods
    .filter((p) => p.weekday === weekday)
    .sort((a, b) => (minutesOf(a.start) ?? 0) - (minutesOf(b.start) ?? 0));
}

/** The periods worked on a local date, in time order: none on a day off. */
export function periodsOfDate(hours: DoctorHours, date: string): WeeklyPeriod[] {
  return isDayOff(hours, date) ? [] : periodsOfWeekday(hours, isoWeekday(date));
}

/** "09:00–12:30, 13:30–17:00" (or "" for none). */
export function describePeriods(periods: readonly { start: string; end: string }[]): string {
  return periods.map((p) => `${p.start}–${p.end}`).join(", ");
}

/**
 * The instant a period's wall-clock time happens. A time the clocks skip is the instant they jump
 * (the first one after the gap), so a day's periods keep their order and never overlap.
 */
function localInstant(date: string, hhmm: string, timeZone: string): Date {
  const [day, time] = hhmm === "24:00" ? [addDays(date, 1), "00:00"] : [date, hhmm];
  const at = zonedTimeToUtc(day, time, timeZone);
  return formatLocalTime(at, timeZone) === time ? at : slotStartOf(at, timeZone);
}

/**
 * The working intervals of a local date as UTC instants, in order. A period's times are wall-clock
 * times (a repeated one is its first occurrence, as zonedTimeToUtc has it; a skipped one is the
 * instant the clocks jump); a period wholly inside a skipped hour has no time and is left out.
 */
export function workingIntervals(date: string, timeZone: string, hours: DoctorHours): Interval[] {
  const out: Interval[] = [];
  for (const p of periodsOfDate(hours, date)) {
    if (minutesOf(p.start) === null || minutesOf(p.end) === null) continue;
    const start = localInstant(date, p.start, timeZone);
    const end = localInstant(date, p.end, timeZone);
    if (end.getTime() > start.getTime()) out.push({ start, end });
  }
  return out.sort((a, b) => a.start.getTime() - b.start.getTime());
}

/** True when the instant lies inside a working interval. */
export function isWorkingAt(instant: Date, intervals: readonly Interval[]): boolean {
  const t = instant.getTime();
  return intervals.some((i) => i.start.getTime() <= t && t < i.end.getTime());
}

/**
 * True when an appointment may be booked at the instant: inside a working period, or earlier in the
 * hour slot a period starts in (09:00 for a 09:30 start: the patient waits in that slot). A lunch
 * break is not bookable, except the part of it in the slot the afternoon starts in.
 */
export function acceptsBookingAt(instant: Date, intervals: readonly Interval[], timeZone: string): boolean {
  const t = instant.getTime();
  return intervals.some((i) => slotStartOf(i.start, timeZone).getTime() <= t && t < i.end.getTime());
}

/** The first bookable instant at or after `from` on the date's intervals (null: the working day is over). */
export function nextWorkingInstant(from: Date, intervals: readonly Interval[]): Date | null {
  for (const i of intervals) {
    if (from.getTime() < i.end.getTime()) return new Date(Math.max(from.getTime(), i.start.getTime()));
  }
  return null;
}

/** Working minutes of [start, end). */
export function workingMinutesIn(start: Date, end: Date, intervals: readonly Interval[]): number {
  let ms = 0;
  for (const i of intervals) {
    ms += Math.max(
      0,
      Math.min(end.getTime(), i.end.getTime()) - Math.max(start.getTime(), i.start.getTime()),
    );
  }
  return ms / MINUTE_MS;
}

/**
 * The doctor's working slots of a local date: every slot (time.ts's DST rule) that overlaps a
 * working period. None on a day off or a day without periods; a lunch break covering a whole hour has none.
 */
export function workingSlotStarts(date: string, timeZone: string, hours: DoctorHours): Date[] {
  const intervals = workingIntervals(date, timeZone, hours);
  if (intervals.length === 0) return [];
  return slotStartsOfDay(date, timeZone).filter(
    (s) => workingMinutesIn(s, slotEndOf(s, timeZone), intervals) > 0,
  );
}

/** The first instant worked on the date (null: not a working day). */
export function workStartOf(date: string, timeZone: string, hours: DoctorHours): Date | null {
  return workingIntervals(date, timeZone, hours)[0]?.start ?? null;
}

// --- Validation of a weekly schedule ------------------------------------------------------------

export type HoursIssue = {
  /** Index of the period in the list given, and its field. */
  index: number;
  field: "weekday" | "start" | "end";
  reason: Extract<Reason, "HOURS_OVERLAP" | "HOURS_END_BEFORE_START" | "BAD_REQUEST">;
  message: string;
};

const dayName = (weekday: number) => WEEKDAY_NAMES[weekday - 1] ?? `Day ${weekday}`;

/** Every problem of a weekly schedule, each naming the day and the times. */
export function weekIssues(periods: readonly WeeklyPeriod[]): HoursIssue[] {
  const issues: HoursIssue[] = [];
  const valid: { index: number; p: WeeklyPeriod; from: number; to: number }[] = [];
  periods.forEach((p, index) => {
    let ok = true;
    if (!Number.isInteger(p.weekday) || p.weekday < 1 || p.weekday > 7) {
      issues.push({
        index,
        field: "weekday",
        reason: "BAD_REQUEST",
        message: `The day must be 1 (Monday) to 7 (Sunday), not ${p.weekday}.`,
      });
      ok = false;
    }
    const from = minutesOf(p.start);
    const to = minutesOf(p.end);
    if (from === null || from === 1440) {
      issues.push({
        index,
        field: "start",
        reason: "BAD_REQUEST",
        message: `"${p.start}" is not a start time (HH:MM, 00:00 to 23:59).`,
      });
      ok = false;
    }
    if (to === null) {
      issues.push({
        index,
        field: "end",
        reason: "BAD_REQUEST",
        message: `"${p.end}" is not an end time (HH:MM, 00:01 to 24:00).`,
      });
      ok = false;
    }
    if (!ok || from === null || to === null) return;
    if (to <= from) {
      issues.push({
        index,
        field: "end",
        reason: "HOURS_END_BEFORE_START",
        message: `${dayName(p.weekday)} ${p.start}-${p.end}: the end must be after the start (use 24:00 for midnight).`,
      });
      return;
    }
    valid.push({ index, p, from, to });
  });
  for (const [k, a] of valid.entries()) {
    const earlier = valid
      .slice(0, k)
      .find((b) => b.p.weekday === a.p.weekday && b.from < a.to && a.from < b.to);
    if (earlier) {
      issues.push({
        index: a.index,
        field: "start",
        reason: "HOURS_OVERLAP",
        message: `${dayName(a.p.weekday)} ${a.p.start}-${a.p.end} overlaps ${earlier.p.start}-${earlier.p.end}.`,
      });
    }
  }
  return issues;
}

/** Refuses a weekly schedule with a problem (the first one, naming day and times). */
export function assertValidWeek(periods: readonly WeeklyPeriod[]): void {
  const first = weekIssues(periods)[0];
  if (first) throw new DomainError(first.reason, first.message);
}

/** What staff screens say of a doctor's hours on `date` ("works 09:00–12:30, 13:30–17:00"), or a day off. */
export function hoursOnDate(hours: DoctorHours, date: string): DayHours {
  return {
    dayOff: isDayOff(hours, date),
    periods: periodsOfDate(hours, date).map((p) => ({ start: p.start, end: p.end })),
  };
}
export type DayHours = { dayOff: boolean; periods: { start: string; end: string }[] };
