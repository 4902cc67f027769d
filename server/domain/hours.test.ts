import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  acceptsBookingAt,
  assertValidWeek,
  describePeriods,
  everyDay,
  isWorkingAt,
  minutesOf,
  nextWorkingInstant,
  periodsOfDate,
  type WeeklyPeriod,
  weekIssues,
  workingIntervals,
  workingMinutesIn,
  workingSlotStarts,
  workStartOf,
} from "./hours.ts";
import { slotEndOf, slotStartsOfDay, zonedTimeToUtc } from "./time.ts";

const AKL = "Pacific/Auckland";
const NY = "America/New_York";
const THURSDAY = "2026-06-04";
const local = (hhmm: string, date = THURSDAY, tz = AKL) => zonedTimeToUtc(date, hhmm, tz);
/** Thursdays 09:00-12:30 and 13:30-17:00 (a lunch break), Fridays 08:00-12:00. */
const WEEK: WeeklyPeriod[] = [
  { weekday: 4, start: "13:30", end: "17:00" },
  { weekday: 4, start: "09:00", end: "12:30" },
  { weekday: 5, start: "08:00", end: "12:00" },
];

describe("working intervals of a date", () => {
  it("are the weekday's periods in order as UTC instants; none on a day off or a day without periods", () => {
    expect(workingIntervals(THURSDAY, AKL, { periods: WEEK })).toEqual([
      { start: local("09:00"), end: local("12:30") },
      { start: local("13:30"), end: local("17:00") },
    ]);
    expect(workingIntervals(THURSDAY, AKL, { periods: WEEK, daysOff: [THURSDAY] })).toEqual([]);
    expect(
      workingIntervals(THURSDAY, AKL, { periods: WEEK, daysOff: [{ date: "2026-06-05" }] }),
    ).toHaveLength(2);
    expect(workingIntervals("2026-06-06", AKL, { periods: WEEK })).toEqual([]);
    expect(workStartOf(THURSDAY, AKL, { periods: WEEK })).toEqual(local("09:00"));
    expect(workStartOf("2026-06-06", AKL, { periods: WEEK })).toBeNull();
  });

  it("runs an end of 24:00 to the next midnight, also on a 25-hour day", () => {
    // New York falls back on 2026-11-01 (a Sunday): the day lasts 25 hours.
    const [whole] = workingIntervals("2026-11-01", NY, { periods: everyDay("00:00", "24:00") });
    expect(whole!.end.getTime() - whole!.start.getTime()).toBe(25 * 3_600_000);
    expect(whole!.end).toEqual(zonedTimeToUtc("2026-11-02", "00:00", NY));
  });

  it("takes a time the clocks skip as the instant they jump; a period wholly inside the gap has no time", () => {
    // New York springs forward on 2026-03-08 (a Sunday): 02:00-03:00 does not happen.
    const date = "2026-03-08";
    const periods = [
      { weekday: 7, start: "02:10", end: "02:50" },
      { weekday: 7, start: "02:30", end: "04:00" },
    ];
    expect(workingIntervals(date, NY, { periods: [periods[0]!] })).toEqual([]);
    const [moved] = workingIntervals(date, NY, { periods: [periods[1]!] });
    expect(moved).toEqual({
      start: zonedTimeToUtc(date, "03:00", NY),
      end: zonedTimeToUtc(date, "04:00", NY),
    });
  });
});

describe("working time", () => {
  const intervals = workingIntervals(THURSDAY, AKL, { periods: WEEK });

  it("knows an instant inside a period from one in the lunch break", () => {
    expect(isWorkingAt(local("09:00"), intervals)).toBe(true);
    expect(isWorkingAt(local("12:29"), intervals)).toBe(true);
    expect(isWorkingAt(local("12:30"), intervals)).toBe(false);
    expect(isWorkingAt(local("13:00"), intervals)).toBe(false);
    expect(isWorkingAt(local("17:00"), intervals)).toBe(false);
  });

  it("takes bookings in a period and in the hour slot a period starts in, never in the rest of a break", () => {
    expect(acceptsBookingAt(local("12:45"), intervals, AKL)).toBe(false);
    expect(acceptsBookingAt(local("13:10"), intervals, AKL)).toBe(true);
    expect(acceptsBookingAt(local("08:59"), intervals, AKL)).toBe(false);
    expect(acceptsBookingAt(local("16:59"), intervals, AKL)).toBe(true);
    expect(acceptsBookingAt(local("17:00"), intervals, AKL)).toBe(false);
  });

  it("finds the next working instant: now, the next period's start, or none once the day is over", () => {
    expect(nextWorkingInstant(local("07:00"), intervals)).toEqual(local("09:00"));
    expect(nextWorkingInstant(local("10:15"), intervals)).toEqual(local("10:15"));
    expect(nextWorkingInstant(local("12:40"), intervals)).toEqual(local("13:30"));
    expect(nextWorkingInstant(local("17:00"), intervals)).toBeNull();
  });

  it("has slots only where a period is: a whole-hour lunch break has none", () => {
    const lunch = { periods: everyDay("09:00", "12:00").concat(everyDay("13:00", "17:00")) };
    const labels = workingSlotStarts(THURSDAY, AKL, lunch).map((s) => s.getTime());
    expect(labels).toContain(local("11:00").getTime());
    expect(labels).not.toContain(local("12:00").getTime());
    expect(labels).toHaveLength(7);
    // A half-hour break leaves its slots, with less working time in them.
    const slots = workingSlotStarts(THURSDAY, AKL, { periods: WEEK });
    expect(slots).toHaveLength(8);
    expect(workingMinutesIn(local("12:00"), local("13:00"), intervals)).toBe(30);
  });

  it("describes the periods of a date for messages and the board", () => {
    expect(describePeriods(periodsOfDate({ periods: WEEK }, THURSDAY))).toBe("09:00–12:30, 13:30–17:00");
    expect(periodsOfDate({ periods: WEEK, daysOff: [THURSDAY] }, THURSDAY)).toEqual([]);
  });
});

describe("weekly schedule validation", () => {
  it("refuses overlaps, an end at or before the start, bad times and days, naming day and times", () => {
    const issues = weekIssues([
      { weekday: 1, start: "09:00", end: "13:00" },
      { weekday: 1, start: "12:00", end: "14:00" },
      { weekday: 2, start: "14:00", end: "14:00" },
      { weekday: 3, start: "9:00", end: "25:00" },
      { weekday: 8, start: "09:00", end: "10:00" },
      { weekday: 4, start: "24:00", end: "24:00" },
    ]);
    expect(issues).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          index: 1,
          field: "start",
          reason: "HOURS_OVERLAP",
          message: "Monday 12:00-14:00 overlaps 09:00-13:00.",
        }),
        expect.objectContaining({
          index: 2,
          field: "end",
          reason: "HOURS_END_BEFORE_START",
          message: expect.stringContaining("Tuesday 14:00-14:00"),
        }),
        expect.objectContaining({ index: 3, field: "start", reason: "BAD_REQUEST" }),
        expect.objectContaining({ index: 3, field: "end", reason: "BAD_REQUEST" }),
        expect.objectContaining({ index: 4, field: "weekday", reason: "BAD_REQUEST" }),
        expect.objectContaining({ index: 5, field: "start", reason: "BAD_REQUEST" }),
      ]),
    );
    expect(issues).toHaveLength(6);
    expect(() => assertValidWeek([{ weekday: 1, start: "09:00", end: "08:00" }])).toThrow(
      expect.objectContaining({ reason: "HOURS_END_BEFORE_START" }),
    );
  });

  it("accepts touching periods, the same times on other days and a period to 24:00", () => {
    expect(
      weekIssues([
        { weekday: 1, start: "09:00", end: "12:00" },
        { weekday: 1, start: "12:00", end: "24:00" },
        { weekday: 2, start: "09:00", end: "12:00" },
      ]),
    ).toEqual([]);
  });
});

// --- Properties ---------------------------------------------------------------------------------

const ZONES = [AKL, NY, "Asia/Kolkata", "Europe/London"] as const;
/** Change days and ordinary ones in each zone. */
const DATES = ["2026-04-05", "2026-09-27", "2026-03-08", "2026-11-01", "2026-03-29", "2026-10-25", THURSDAY];
const hhmm = (m: number) =>
  `${String(Math.floor(m / 60)).padStart(2, "0")}:${String(m % 60).padStart(2, "0")}`;

/** A valid day of up to four periods: sorted distinct cut points taken in pairs (gaps are breaks). */
const dayArb = fc.record({
  date: fc.constantFrom(...DATES),
  timeZone: fc.constantFrom(...ZONES),
  cuts: fc.uniqueArray(
    fc.integer({ min: 0, max: 96 }).map((q) => q * 15),
    { maxLength: 8 },
  ),
  dayOff: fc.boolean(),
});

function hoursOf(sample: { date: string; cuts: number[]; dayOff: boolean }) {
  const cuts = [...sample.cuts].sort((a, b) => a - b);
  const periods: WeeklyPeriod[] = [];
  const weekday = new Date(`${sample.date}T12:00:00Z`).getUTCDay() || 7;
  for (let i = 0; i + 1 < cuts.length; i += 2)
    periods.push({ weekday, start: hhmm(cuts[i]!), end: hhmm(cuts[i + 1]!) });
  return { periods, daysOff: sample.dayOff ? [sample.date] : [] };
}

describe("hours properties", () => {
  it("intervals are ordered, disjoint, inside the local day and empty on a day off; slots are exactly those overlapping them", () => {
    fc.assert(
      fc.property(dayArb, (sample) => {
        const { date, timeZone } = sample;
        const hours = hoursOf(sample);
        expect(weekIssues(hours.periods)).toEqual([]);
        const intervals = workingIntervals(date, timeZone, hours);
        if (sample.dayOff) expect(intervals).toEqual([]);
        const dayStart = zonedTimeToUtc(date, "00:00", timeZone).getTime();
        const dayEnd = slotEndOf(slotStartsOfDay(date, timeZone).at(-1)!, timeZone).getTime();
        intervals.forEach((iv, k) => {
          expect(iv.end.getTime()).toBeGreaterThan(iv.start.getTime());
          expect(iv.start.getTime()).toBeGreaterThanOrEqual(dayStart);
          expect(iv.end.getTime()).toBeLessThanOrEqual(dayEnd);
          if (k > 0) expect(iv.start.getTime()).toBeGreaterThanOrEqual(intervals[k - 1]!.end.getTime());
        });
        const working = new Set(workingSlotStarts(date, timeZone, hours).map((s) => s.getTime()));
        for (const s of slotStartsOfDay(date, timeZone)) {
          const end = slotEndOf(s, timeZone);
          const overlaps = intervals.some((iv) => iv.start < end && s < iv.end);
          expect(working.has(s.getTime())).toBe(overlaps);
          // Every working instant's slot is a working slot, and a bookable instant lies in one.
          const mid = new Date((s.getTime() + end.getTime()) / 2);
          if (isWorkingAt(mid, intervals)) expect(working.has(s.getTime())).toBe(true);
          if (acceptsBookingAt(mid, intervals, timeZone)) expect(working.has(s.getTime())).toBe(true);
        }
        const total = intervals.reduce((m, iv) => m + (iv.end.getTime() - iv.start.getTime()) / 60_000, 0);
        expect(workingMinutesIn(new Date(dayStart), new Date(dayEnd), intervals)).toBeCloseTo(total, 6);
      }),
      { numRuns: 400 },
    );
  });

  it("validation finds an overlap exactly when two periods of a day share time", () => {
    const periodArb = fc
      .record({
        weekday: fc.integer({ min: 1, max: 2 }),
        from: fc.integer({ min: 0, max: 95 }),
        len: fc.integer({ min: 1, max: 12 }),
      })
      .map(({ weekday, from, len }) => ({
        weekday,
        start: hhmm(from * 15),
        end: hhmm(Math.min(96, from + len) * 15),
      }));
    fc.assert(
      fc.property(fc.array(periodArb, { maxLength: 6 }), (periods) => {
        const shares = periods.some((a, i) =>
          periods.some(
            (b, j) =>
              i < j &&
              a.weekday === b.weekday &&
              minutesOf(a.start)! < minutesOf(b.end)! &&
              minutesOf(b.start)! < minutesOf(a.end)!,
          ),
        );
        const issues = weekIssues(periods);
        expect(issues.some((i) => i.reason === "HOURS_OVERLAP")).toBe(shares);
        expect(issues.every((i) => i.reason === "HOURS_OVERLAP")).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});
