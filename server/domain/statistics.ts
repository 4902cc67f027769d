// Clinic statistics as pure functions over appointments and queue-event counts, for one doctor or a
// whole hospital, over hospital-local dates. No I/O, no clock: the caller passes the period, the
// hospital's time zone and `now`. Durations are minutes (1 decimal), rates are shares in [0, 1]
// (3 decimals), and an empty set gives null, never NaN.
//
// Definitions (what a dashboard shows, so they are written down once):
// - An appointment belongs to the local date of its scheduledAt (its slot); outside [from, to] it is ignored.
// - No-show rate = NO_SHOW / (NO_SHOW + attended), attended = CHECKED_IN, CALLED, IN_CONSULTATION
//   or COMPLETED (the patient came). BOOKED is left out (the sweeper has not decided yet; those past
//   their no-show time, appointment time + grace, are reported as `overdueBooked`); CANCELLED is not a no-show.
// - Wait, as the patient experienced it = startedAt - max(checkedInAt, scheduledAt), at least 0: coming
//   early is the patient's choice, not the clinic's delay. `fromCheckIn` = startedAt - checkedInAt, raw.
// - Consultation = endedAt - startedAt.
// - Early arrival: a booked (not walk-in) patient who checked in before scheduledAt; how early, in
//   buckets [0,10), [10,20), [20,30), [30, ∞) minutes.
// - Estimate accuracy: error = startedAt - quotedStartAt (the start quoted at check-in); positive = the
//   patient started later than we said. "Within 5 min" counts |error| <= 5. The quote's range is the
//   likely range the patient was shown with it (quotedEarliestAt..quotedLatestAt, recorded with the
//   quote), in whole minutes from the check-in as the page showed it (shown-range.ts: rounded
//   outwards to 5 min); where the page showed none (it spanned a few minutes: "about 3 min"), and for
//   a quote recorded before ranges were (no stored range, counted in `rangeAssumed`), quotedStartAt ±
//   max(5 min, 25% of the quoted wait), the quoted wait being quotedStartAt - checkedInAt
//   (`quotedRange`). "Within range" counts starts inside it, ends included. A visit that started without a quote (checked in before quotes were recorded, or put
//   in the database by hand) is counted as `unquoted`, never as an error.
// - Wait histogram: startedAt - checkedInAt in minutes, in buckets WAIT_BUCKETS ([0,5), [5,10), ...
//   [60, ∞)); a start before the check-in (a clock fix by hand) counts as 0.
// - Percentiles interpolate linearly between the nearest ranks (numpy's default, Excel's
//   PERCENTILE.INC): the median of [1, 2, 3, 4] is 2.5 and p90 of [0..10] is 9.
import type { QueueEventType } from "./events.ts";
import { likelyMinutes, type MinuteRange, shownRange } from "./shown-range.ts";
import { addDays, isSupportedDate, localDateOf, localHourOf } from "./time.ts";
import { effectiveNoShowDueAt } from "./transitions.ts";
import { APPOINTMENT_STATUSES, type AppointmentStatus, type Priority } from "./types.ts";

/** The longest period one statistics read covers, in days (both ends included). */
export const MAX_RANGE_DAYS = 366;
const MINUTE_MS = 60_000;
const DAY_MS = 24 * 60 * MINUTE_MS;

export const STATUSES = APPOINTMENT_STATUSES;
const ATTENDED: readonly AppointmentStatus[] = ["CHECKED_IN", "CALLED", "IN_CONSULTATION", "COMPLETED"];

export const EARLY_BUCKETS = [
  { bucket: "0-10", fromMinutes: 0, toMinutes: 10 },
  { bucket: "10-20", fromMinutes: 10, toMinutes: 20 },
  { bucket: "20-30", fromMinutes: 20, toMinutes: 30 },
  { bucket: "30+", fromMinutes: 30, toMinutes: null },
] as const;

export const WAIT_BUCKETS = [
  { bucket: "0-5", fromMinutes: 0, toMinutes: 5 },
  { bucket: "5-10", fromMinutes: 5, toMinutes: 10 },
  { bucket: "10-15", fromMinutes: 10, toMinutes: 15 },
  { bucket: "15-20", fromMinutes: 15, toMinutes: 20 },
  { bucket: "20-30", fromMinutes: 20, toMinutes: 30 },
  { bucket: "30-45", fromMinutes: 30, toMinutes: 45 },
  { bucket: "45-60", fromMinutes: 45, toMinutes: 60 },
  { bucket: "60+", fromMinutes: 60, toMinutes: null },
] as const;

/** The range around a quoted start: ± max(RANGE_MIN_MINUTES, RANGE_SHARE of the quoted wait). */
export const RANGE_MIN_MINUTES = 5;
export const RANGE_SHARE = 0.25;

export type StatAppointment = {
  doctorId: string;
  status: AppointmentStatus;
  priority: Priority;
  source: "BOOKING" | "WALK_IN";
  scheduledAt: Date;
  checkedInAt: Date | null;
  startedAt: Date | null;
  endedAt: Date | null;
  noShowAt: Date | null;
  /** When staff asked for a no-show before the grace had passed; the sweeper marks it then. */
  noShowDueAt?: Date | null;
  /** "Running late" by this many minutes: the grace counts from then. */
  lateMinutes?: number | null;
  quotedStartAt: Date | null;
  /** The likely range shown with the quote; absent or null on quotes recorded before ranges were. */
  quotedEarliestAt?: Date | null;
  quotedLatestAt?: Date | null;
};

/** Queue events of the period counted by type (QueueEvent.type). */
export type EventCount = { type: QueueEventType; count: number };

/** Minutes; every figure null when count is 0. */
export type Summary = {
  count: number;
  mean: number | null;
  median: number | null;
  p90: number | null;
  min: number | null;
  max: number | null;
};

// ---- dates --------------------------------------------------------------------------------------

/** Calendar days from `from` to `to`, both included (1 for a single day, 0 or less when reversed). */
export function daysInRange(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS) + 1;
}

/** Why a period cannot be read, in words for staff; null when it can. */
export function rangeProblem(from: string, to: string): string | null {
  if (!isSupportedDate(from)) return `"${from}" is not a date. Use a date like 2026-06-04.`;
  if (!isSupportedDate(to)) return `"${to}" is not a date. Use a date like 2026-06-04.`;
  const days = daysInRange(from, to);
  if (days < 1) return `The start date (${from}) is after the end date (${to}).`;
  if (days > MAX_RANGE_DAYS)
    return `That period is ${days} days long; statistics cover at most ${MAX_RANGE_DAYS} days at a time.`;
  return null;
}

/** Each end's problem, in words for the field it belongs to; empty when the period can be read. */
export function rangeFieldProblems(from: string, to: string): { from?: string; to?: string } {
  if (!isSupportedDate(from)) return { from: "Enter a valid date, like 2026-06-04." };
  if (!isSupportedDate(to)) return { to: "Enter a valid date, like 2026-06-04." };
  const days = daysInRange(from, to);
  if (days < 1) return { to: "The end date must be on or after the start date." };
  if (days > MAX_RANGE_DAYS)
    return { to: `At most ${MAX_RANGE_DAYS} days at a time; this period is ${days} days long.` };
  return {};
}

export function datesInRange(from: string, to: string): string[] {
  return Array.from({ length: Math.max(0, daysInRange(from, to)) }, (_, i) => addDays(from, i));
}

const QUARTER_HOUR_MS = 15 * MINUTE_MS;

/**
 * The local date and hour of instants, memoised per 15-minute UTC bucket: the offsets in use since
 * 1972 are whole quarter hours and change on a quarter hour, so both are constant inside a bucket.
 * A quarter's worth of appointments then costs a few thousand Intl calls instead of one per row.
 */
function localClock(timeZone: string) {
  const memo = new Map<number, { date: string; hour: number }>();
  return (instant: Date) => {
    const key = Math.floor(instant.getTime() / QUARTER_HOUR_MS);
    let local = memo.get(key);
    if (!local) {
      const start = new Date(key * QUARTER_HOUR_MS);
      local = { date: localDateOf(start, timeZone), hour: localHourOf(start, timeZone) };
      memo.set(key, local);
    }
    return local;
  };
}

// ---- numbers ------------------------------------------------------------------------------------

const round1 = (x: number) => Math.round(x * 10) / 10;
const round3 = (x: number) => Math.round(x * 1000) / 1000;
const minutesBetween = (from: Date, to: Date) => (to.getTime() - from.getTime()) / MINUTE_MS;

/** A share in [0, 1], 3 decimals; null when there is nothing to divide by. */
export function rate(part: number, whole: number): number | null {
  return whole > 0 ? round3(part / whole) : null;
}

/** Linear interpolation between closest ranks over values sorted ascending; null for none. */
export function percentile(sorted: readonly number[], p: number): number | null {
  if (sorted.length === 0) return null;
  const h = (sorted.length - 1) * Math.min(1, Math.max(0, p));
  const lo = sorted[Math.floor(h)]!;
  const hi = sorted[Math.ceil(h)]!;
  return Math.min(hi, Math.max(lo, lo + (h - Math.floor(h)) * (hi - lo)));
}

export function summarize(values: readonly number[]): Summary {
  const sorted = values.filter(Number.isFinite).sort((a, b) => a - b);
  if (sorted.length === 0) return { count: 0, mean: null, median: null, p90: null, min: null, max: null };
  const min = sorted[0]!;
  const max = sorted[sorted.length - 1]!;
  const mean = sorted.reduce((sum, x) => sum + x, 0) / sorted.length;
  return {
    count: sorted.length,
    // Clamped: a float sum can land a hair outside [min, max] and round across it.
    mean: round1(Math.min(max, Math.max(min, mean))),
    median: round1(percentile(sorted, 0.5)!),
    p90: round1(percentile(sorted, 0.9)!),
    min: round1(min),
    max: round1(max),
  };
}

// ---- per-appointment measures -------------------------------------------------------------------

/** startedAt - max(checkedInAt, scheduledAt), at least 0; null unless checked in and started. */
export function experiencedWaitMinutes(a: StatAppointment): number | null {
  if (!a.checkedInAt || !a.startedAt) return null;
  const from = Math.max(a.checkedInAt.getTime(), a.scheduledAt.getTime());
  return Math.max(0, (a.startedAt.getTime() - from) / MINUTE_MS);
}

export function waitFromCheckInMinutes(a: StatAppointment): number | null {
  return a.checkedInAt && a.startedAt ? minutesBetween(a.checkedInAt, a.startedAt) : null;
}

export function consultationMinutes(a: StatAppointment): number | null {
  if (!a.startedAt || !a.endedAt || a.endedAt < a.startedAt) return null;
  return minutesBetween(a.startedAt, a.endedAt);
}

/** Minutes before scheduledAt a booked patient checked in; null for walk-ins and patients not checked in. */
export function minutesEarly(a: StatAppointment): number | null {
  if (a.source === "WALK_IN" || !a.checkedInAt) return null;
  return minutesBetween(a.checkedInAt, a.scheduledAt);
}

/** startedAt - quotedStartAt: positive when the patient started later than quoted. */
export function estimateErrorMinutes(a: StatAppointment): number | null {
  return a.quotedStartAt && a.startedAt ? minutesBetween(a.quotedStartAt, a.startedAt) : null;
}

/**
 * The range we stand behind for a start quoted at `checkedInAt`: the quote ± max(5 min, 25% of the
 * quoted wait). A quote in the past of the check-in (wait < 0) counts as a wait of 0.
 */
export function quotedRange(quotedStartAt: Date, checkedInAt: Date): { from: Date; to: Date } {
  const waitMinutes = Math.max(0, minutesBetween(checkedInAt, quotedStartAt));
  const halfMs = Math.max(RANGE_MIN_MINUTES, RANGE_SHARE * waitMinutes) * MINUTE_MS;
  return {
    from: new Date(quotedStartAt.getTime() - halfMs),
    to: new Date(quotedStartAt.getTime() + halfMs),
  };
}

const hasStoredRange = (a: StatAppointment) => !!a.quotedEarliestAt && !!a.quotedLatestAt;

/**
 * The range the patient read with a quote made at check-in, in minutes from the check-in, as the
 * page shows it (shown-range.ts): null where the page showed none ("about 5 min": the range spanned a
 * few minutes) or no range was stored.
 */
export function shownRangeOfQuote(a: StatAppointment): MinuteRange | null {
  if (!a.quotedStartAt || !a.quotedEarliestAt || !a.quotedLatestAt || !a.checkedInAt) return null;
  const wait = Math.max(0, Math.round(minutesBetween(a.checkedInAt, a.quotedStartAt)));
  return shownRange(likelyMinutes(a.quotedStartAt, wait, a.quotedEarliestAt, a.quotedLatestAt));
}

/**
 * Whether the real start fell inside the range the patient was shown with the quote, in whole
 * minutes from the check-in as the page counts them. Where no range was shown (it spanned a few
 * minutes: "about 5 min") or none was stored (a quote from before ranges were recorded), the
 * `quotedRange` rule. Null without a quote, a start, or a check-in.
 */
export function startedWithinRange(a: StatAppointment): boolean | null {
  if (!a.quotedStartAt || !a.startedAt) return null;
  if (!a.checkedInAt) {
    // Not from a check-in (no such quotes are made today): the stored instants, if any.
    if (!hasStoredRange(a)) return null;
    return a.startedAt >= a.quotedEarliestAt! && a.startedAt <= a.quotedLatestAt!;
  }
  const shown = shownRangeOfQuote(a);
  if (shown) {
    const waited = Math.round(minutesBetween(a.checkedInAt, a.startedAt));
    return waited >= shown.from && waited <= shown.to;
  }
  const { from, to } = quotedRange(a.quotedStartAt, a.checkedInAt);
  return a.startedAt >= from && a.startedAt <= to;
}

const defined = <T>(values: (T | null)[]): T[] => values.filter((v): v is T => v !== null);
const countWhere = <T>(items: readonly T[], test: (item: T) => boolean) =>
  items.reduce((n, item) => (test(item) ? n + 1 : n), 0);

// ---- the statistics -----------------------------------------------------------------------------

export function totalsOf(appointments: readonly StatAppointment[]) {
  const byStatus = Object.fromEntries(STATUSES.map((s) => [s, 0])) as Record<AppointmentStatus, number>;
  for (const a of appointments) byStatus[a.status]++;
  return {
    appointments: appointments.length,
    byStatus,
    urgent: countWhere(appointments, (a) => a.priority === "URGENT"),
    walkIns: countWhere(appointments, (a) => a.source === "WALK_IN"),
    /** Marked no-show, then came after all and were restored (or the no-show was undone). */
    restoredNoShows: countWhere(appointments, (a) => a.noShowAt !== null && a.status !== "NO_SHOW"),
  };
}

export function noShowsOf(appointments: readonly StatAppointment[], now: Date, graceMinutes: number) {
  const noShows = countWhere(appointments, (a) => a.status === "NO_SHOW");
  const attended = countWhere(appointments, (a) => ATTENDED.includes(a.status));
  const overdueBooked = countWhere(
    appointments,
    (a) =>
      a.status === "BOOKED" &&
      effectiveNoShowDueAt({ ...a, noShowDueAt: a.noShowDueAt ?? null }, graceMinutes).getTime() <=
        now.getTime(),
  );
  return { noShows, attended, rate: rate(noShows, noShows + attended), overdueBooked };
}

export function peakHoursOf(appointments: readonly StatAppointment[], timeZone: string) {
  const local = localClock(timeZone);
  const hours = Array.from({ length: 24 }, (_, hour) => ({ hour, bookings: 0, checkIns: 0 }));
  for (const a of appointments) {
    if (a.status !== "CANCELLED") hours[local(a.scheduledAt).hour]!.bookings++;
    if (a.checkedInAt) hours[local(a.checkedInAt).hour]!.checkIns++;
  }
  const busiest = (key: "bookings" | "checkIns") =>
    hours.reduce<number | null>(
      (best, h) => (h[key] > (best === null ? 0 : hours[best]![key]) ? h.hour : best),
      null,
    );
  return { hours, busiestBookingHour: busiest("bookings"), busiestCheckInHour: busiest("checkIns") };
}

export function earlyArrivalsOf(appointments: readonly StatAppointment[]) {
  const measured = defined(appointments.map(minutesEarly));
  const early = measured.filter((m) => m > 0);
  const buckets = EARLY_BUCKETS.map((b) => ({
    ...b,
    count: countWhere(early, (m) => m >= b.fromMinutes && (b.toMinutes === null || m < b.toMinutes)),
  }));
  return {
    checkedIn: measured.length,
    early: early.length,
    share: rate(early.length, measured.length),
    minutesEarly: summarize(early),
    buckets,
  };
}

/** Check-in to start, bucketed (WAIT_BUCKETS): a histogram of the waits as patients sat through them. */
export function waitHistogramOf(appointments: readonly StatAppointment[]) {
  const waits = defined(appointments.map(waitFromCheckInMinutes)).map((m) => Math.max(0, m));
  return WAIT_BUCKETS.map((b) => ({
    ...b,
    count: countWhere(waits, (m) => m >= b.fromMinutes && (b.toMinutes === null || m < b.toMinutes)),
  }));
}

export function estimateAccuracyOf(appointments: readonly StatAppointment[]) {
  const errors = defined(appointments.map(estimateErrorMinutes));
  const inRange = defined(appointments.map(startedWithinRange));
  const absolute = summarize(errors.map(Math.abs));
  const signed = summarize(errors);
  return {
    count: errors.length,
    meanAbsoluteError: absolute.mean,
    medianAbsoluteError: absolute.median,
    p90AbsoluteError: absolute.p90,
    within5Minutes: rate(
      countWhere(errors, (e) => Math.abs(e) <= 5),
      errors.length,
    ),
    within10Minutes: rate(
      countWhere(errors, (e) => Math.abs(e) <= 10),
      errors.length,
    ),
    /** Positive: patients started later than quoted on average (we were optimistic). */
    meanSignedError: signed.mean,
    /** Share of quoted patients whose start fell inside the quote's range (`quotedRange`). */
    withinRange: rate(
      countWhere(inRange, (x) => x),
      inRange.length,
    ),
    /** Consultations that started without a quote: not measured. */
    unquoted: countWhere(appointments, (a) => a.startedAt !== null && a.quotedStartAt === null),
    /** Of those judged for `withinRange`, how many by the fallback rule (no range stored with the quote). */
    rangeAssumed: countWhere(appointments, (a) => startedWithinRange(a) !== null && !hasStoredRange(a)),
  };
}

/** A flat row of headline figures, for one day of a series or one doctor of a hospital. */
export function headlineFigures(appointments: readonly StatAppointment[]) {
  const wait = summarize(defined(appointments.map(experiencedWaitMinutes)));
  const noShows = countWhere(appointments, (a) => a.status === "NO_SHOW");
  const attended = countWhere(appointments, (a) => ATTENDED.includes(a.status));
  const accuracy = estimateAccuracyOf(appointments);
  return {
    appointments: appointments.length,
    completed: countWhere(appointments, (a) => a.status === "COMPLETED"),
    noShows,
    cancelled: countWhere(appointments, (a) => a.status === "CANCELLED"),
    urgent: countWhere(appointments, (a) => a.priority === "URGENT"),
    walkIns: countWhere(appointments, (a) => a.source === "WALK_IN"),
    earlyArrivals: countWhere(appointments, (a) => (minutesEarly(a) ?? 0) > 0),
    noShowRate: rate(noShows, noShows + attended),
    waitMeanMinutes: wait.mean,
    waitMedianMinutes: wait.median,
    waitP90Minutes: wait.p90,
    consultationMedianMinutes: summarize(defined(appointments.map(consultationMinutes))).median,
    estimateMaeMinutes: accuracy.meanAbsoluteError,
    estimatesChecked: accuracy.count,
    withinRange: accuracy.withinRange,
  };
}
export type HeadlineFigures = ReturnType<typeof headlineFigures>;

/** Same types merged, none empty, most frequent first. */
export function activityOf(events: readonly EventCount[]): EventCount[] {
  const counts = new Map<QueueEventType, number>();
  for (const e of events) counts.set(e.type, (counts.get(e.type) ?? 0) + e.count);
  return [...counts]
    .filter(([, count]) => count > 0)
    .map(([type, count]) => ({ type, count }))
    .sort((a, b) => b.count - a.count || a.type.localeCompare(b.type));
}

/** Every date of the period (empty ones too, so a chart has no holes) with its appointments. */
export function appointmentsByDate(
  appointments: readonly StatAppointment[],
  from: string,
  to: string,
  timeZone: string,
): Map<string, StatAppointment[]> {
  const local = localClock(timeZone);
  const byDate = new Map<string, StatAppointment[]>(datesInRange(from, to).map((d) => [d, []]));
  for (const a of appointments) byDate.get(local(a.scheduledAt).date)?.push(a);
  return byDate;
}

export type StatisticsInput = {
  from: string;
  to: string;
  timeZone: string;
  now: Date;
  noShowGraceMinutes: number;
  appointments: readonly StatAppointment[];
  events?: readonly EventCount[];
};

export function computeStatistics(input: StatisticsInput) {
  const { from, to, timeZone } = input;
  const problem = rangeProblem(from, to);
  if (problem) throw new RangeError(problem);
  const byDate = appointmentsByDate(input.appointments, from, to, timeZone);
  const appointments = [...byDate.values()].flat();
  return {
    period: { from, to, days: byDate.size, timeZone },
    totals: totalsOf(appointments),
    noShow: noShowsOf(appointments, input.now, input.noShowGraceMinutes),
    wait: {
      experienced: summarize(defined(appointments.map(experiencedWaitMinutes))),
      fromCheckIn: summarize(defined(appointments.map(waitFromCheckInMinutes))),
      histogram: waitHistogramOf(appointments),
    },
    consultation: summarize(defined(appointments.map(consultationMinutes))),
    peakHours: peakHoursOf(appointments, timeZone),
    earlyArrival: earlyArrivalsOf(appointments),
    estimateAccuracy: estimateAccuracyOf(appointments),
    activity: activityOf(input.events ?? []),
    series: [...byDate].map(([date, ofDay]) => ({ date, ...headlineFigures(ofDay) })),
  };
}
export type Statistics = ReturnType<typeof computeStatistics>;

/** One row per doctor (in the order given), over the appointments of the period. */
export function doctorBreakdown(
  doctors: readonly { id: string; name: string }[],
  input: Pick<StatisticsInput, "from" | "to" | "timeZone" | "appointments">,
) {
  const inPeriod = [
    ...appointmentsByDate(input.appointments, input.from, input.to, input.timeZone).values(),
  ].flat();
  return doctors.map((d) => ({
    doctorId: d.id,
    name: d.name,
    ...headlineFigures(inPeriod.filter((a) => a.doctorId === d.id)),
  }));
}

/**
 * The estimate's accuracy per doctor and day (hospital-local date of the slot): one row for each
 * doctor and date with at least one started consultation, dates ascending, doctors in the order given.
 */
export function accuracyByDoctorDay(
  doctors: readonly { id: string; name: string }[],
  input: Pick<StatisticsInput, "from" | "to" | "timeZone" | "appointments">,
) {
  const rows = [];
  for (const [date, ofDay] of appointmentsByDate(input.appointments, input.from, input.to, input.timeZone)) {
    for (const d of doctors) {
      const mine = ofDay.filter((a) => a.doctorId === d.id);
      if (!mine.some((a) => a.startedAt)) continue;
      const a = estimateAccuracyOf(mine);
      rows.push({
        date,
        doctorId: d.id,
        name: d.name,
        checked: a.count,
        unquoted: a.unquoted,
        meanAbsoluteError: a.meanAbsoluteError,
        meanSignedError: a.meanSignedError,
        withinRange: a.withinRange,
        rangeAssumed: a.rangeAssumed,
      });
    }
  }
  return rows;
}
