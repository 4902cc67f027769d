// Every statistic against figures worked out by hand, in a hospital 12 hours ahead of UTC.
import { describe, expect, it } from "vitest";
import {
  accuracyByDoctorDay,
  activityOf,
  computeStatistics,
  daysInRange,
  doctorBreakdown,
  estimateAccuracyOf,
  percentile,
  quotedRange,
  rangeFieldProblems,
  rangeProblem,
  type StatAppointment,
  shownRangeOfQuote,
  startedWithinRange,
  summarize,
  waitHistogramOf,
} from "./statistics.ts";
import { isSupportedDate, zonedTimeToUtc } from "./time.ts";

const TZ = "Pacific/Auckland";
const DATE = "2026-06-04";
const at = (hhmm: string, date = DATE) => zonedTimeToUtc(date, hhmm, TZ);

function appt(over: Partial<StatAppointment> & { scheduled: string; date?: string }): StatAppointment {
  const { scheduled, date, ...rest } = over;
  return {
    doctorId: "d1",
    status: "BOOKED",
    priority: "NORMAL",
    source: "BOOKING",
    scheduledAt: at(scheduled, date),
    checkedInAt: null,
    startedAt: null,
    endedAt: null,
    noShowAt: null,
    quotedStartAt: null,
    ...rest,
  };
}

// One doctor's morning. Per patient: experienced wait / raw wait / consultation / early / quote error.
const DAY: StatAppointment[] = [
  // A: 10 / 25 / 12 / 15 early / +5
  appt({
    scheduled: "09:00",
    status: "COMPLETED",
    checkedInAt: at("08:45"),
    startedAt: at("09:10"),
    endedAt: at("09:22"),
    quotedStartAt: at("09:05"),
  }),
  // B: 20 / 20 / 10 / 5 late / +10
  appt({
    scheduled: "09:15",
    status: "COMPLETED",
    checkedInAt: at("09:20"),
    startedAt: at("09:40"),
    endedAt: at("09:50"),
    quotedStartAt: at("09:30"),
  }),
  // C: seen 5 min before the slot: 0 / 30 / 15 / 35 early / -10
  appt({
    scheduled: "09:30",
    status: "COMPLETED",
    checkedInAt: at("08:55"),
    startedAt: at("09:25"),
    endedAt: at("09:40"),
    quotedStartAt: at("09:35"),
  }),
  // D: urgent walk-in, in the room: 5 / 5 / - / (walk-in: not an early arrival) / 0
  appt({
    scheduled: "10:00",
    status: "IN_CONSULTATION",
    priority: "URGENT",
    source: "WALK_IN",
    checkedInAt: at("10:00"),
    startedAt: at("10:05"),
    quotedStartAt: at("10:05"),
  }),
  // E: waiting, 5 early, quoted but not started (no accuracy figure yet)
  appt({ scheduled: "10:15", status: "CHECKED_IN", checkedInAt: at("10:10"), quotedStartAt: at("10:30") }),
  // F: no-show
  appt({ scheduled: "10:30", status: "NO_SHOW", noShowAt: at("10:45") }),
  // G: cancelled
  appt({ scheduled: "11:00", status: "CANCELLED" }),
  // H: still booked, past slot + grace at 11:40; I: still inside its grace; K: inside the default
  // grace, but staff set its no-show for 11:35 (overdue); L: past the default, staff gave it till 12:00
  appt({ scheduled: "11:15" }),
  appt({ scheduled: "11:30" }),
  appt({ scheduled: "11:30", noShowDueAt: at("11:35") }),
  appt({ scheduled: "11:00", noShowDueAt: at("12:00") }),
  // J: marked no-show, came late and was restored: 35 min late
  appt({ scheduled: "08:30", status: "CHECKED_IN", noShowAt: at("08:46"), checkedInAt: at("09:05") }),
];
const NOW = at("11:40");
const day = () =>
  computeStatistics({
    from: DATE,
    to: DATE,
    timeZone: TZ,
    now: NOW,
    noShowGraceMinutes: 15,
    appointments: DAY,
    events: [
      { type: "CHECKED_IN", count: 3 },
      { type: "COMPLETED", count: 3 },
      { type: "EARLY_ARRIVAL", count: 2 },
      { type: "CHECKED_IN", count: 1 },
      { type: "MOVED", count: 0 },
    ],
  });

describe("dates and ranges", () => {
  it("accepts only real calendar days in the supported years", () => {
    expect(isSupportedDate("2024-02-29")).toBe(true);
    expect(isSupportedDate("2025-02-29")).toBe(false);
    expect(isSupportedDate("2026-02-30")).toBe(false);
    expect(isSupportedDate("2026-13-01")).toBe(false);
    expect(isSupportedDate("2026-6-4")).toBe(false);
    expect(isSupportedDate("0099-01-01")).toBe(false);
    expect(isSupportedDate("2000-01-01")).toBe(true);
    expect(isSupportedDate("2099-12-31")).toBe(true);
    expect(isSupportedDate("1999-12-31")).toBe(false);
    expect(isSupportedDate("2100-01-01")).toBe(false);
  });

  it("counts both ends and refuses reversed or longer-than-366-day periods in words", () => {
    expect(daysInRange("2026-06-04", "2026-06-04")).toBe(1);
    expect(daysInRange("2026-03-28", "2026-04-06")).toBe(10); // across Auckland's DST change
    expect(rangeProblem("2026-01-01", "2027-01-01")).toBeNull(); // 365 + 1 = 366 days
    expect(rangeProblem("2026-01-01", "2027-01-02")).toBe(
      "That period is 367 days long; statistics cover at most 366 days at a time.",
    );
    expect(rangeProblem("2026-06-05", "2026-06-04")).toBe(
      "The start date (2026-06-05) is after the end date (2026-06-04).",
    );
    expect(rangeProblem("2026-02-30", "2026-03-01")).toMatch(/not a date/);
    expect(() => computeStatistics({ ...baseInput(), from: "2026-06-05", to: "2026-06-04" })).toThrow(
      RangeError,
    );
  });
});

describe("percentile and summarize", () => {
  it("interpolates linearly between the closest ranks", () => {
    expect(percentile([1, 2, 3, 4], 0.5)).toBe(2.5);
    expect(percentile([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.9)).toBe(9);
    expect(percentile([10, 20], 0.9)).toBe(19);
    expect(percentile([7], 0.9)).toBe(7);
    expect(percentile([], 0.5)).toBeNull();
  });

  it("summarizes in minutes to one decimal, and gives nulls (not NaN) for nothing", () => {
    expect(summarize([5, 1, 3])).toEqual({ count: 3, mean: 3, median: 3, p90: 4.6, min: 1, max: 5 });
    expect(summarize([])).toEqual({ count: 0, mean: null, median: null, p90: null, min: null, max: null });
    expect(summarize([Number.NaN, 2])).toEqual({ count: 1, mean: 2, median: 2, p90: 2, min: 2, max: 2 });
  });
});

describe("one doctor's day", () => {
  it("totals appointments by status, urgent, walk-in and restored no-shows", () => {
    expect(day().totals).toEqual({
      appointments: 12,
      byStatus: {
        BOOKED: 4,
        CHECKED_IN: 2,
        CALLED: 0,
        IN_CONSULTATION: 1,
        COMPLETED: 3,
        NO_SHOW: 1,
        CANCELLED: 1,
      },
      urgent: 1,
      walkIns: 1,
      restoredNoShows: 1,
    });
  });

  it("no-show rate = no-shows / (no-shows + patients who came); unswept overdue bookings reported apart", () => {
    // came: 2 checked in + 1 in consultation + 3 completed = 6; 1 / 7. Overdue at 11:40: H and K.
    expect(day().noShow).toEqual({ noShows: 1, attended: 6, rate: 0.143, overdueBooked: 2 });
  });

  it("wait as experienced counts from the later of check-in and slot time; raw wait from check-in", () => {
    const { wait } = day();
    // experienced [0, 5, 10, 20]: p90 at rank 2.7 = 10 + 0.7 x 10
    expect(wait.experienced).toEqual({ count: 4, mean: 8.8, median: 7.5, p90: 17, min: 0, max: 20 });
    // raw [5, 20, 25, 30]
    expect(wait.fromCheckIn).toEqual({ count: 4, mean: 20, median: 22.5, p90: 28.5, min: 5, max: 30 });
  });

  it("consultation length from start to end, completed visits only", () => {
    expect(day().consultation).toEqual({ count: 3, mean: 12.3, median: 12, p90: 14.4, min: 10, max: 15 });
  });

  it("peak hours are local hours: bookings by slot (not cancelled), check-ins by arrival", () => {
    const { peakHours } = day();
    expect(peakHours.hours).toHaveLength(24);
    const busy = peakHours.hours.filter((h) => h.bookings > 0 || h.checkIns > 0);
    expect(busy).toEqual([
      { hour: 8, bookings: 1, checkIns: 2 },
      { hour: 9, bookings: 3, checkIns: 2 },
      { hour: 10, bookings: 3, checkIns: 2 },
      { hour: 11, bookings: 4, checkIns: 0 },
    ]);
    expect(peakHours.busiestBookingHour).toBe(11);
    // Ties (2 check-ins at 8, 9 and 10) go to the earliest hour.
    expect(peakHours.busiestCheckInHour).toBe(8);
  });

  it("early arrivals: booked patients who checked in before their slot time, and how early", () => {
    expect(day().earlyArrival).toEqual({
      checkedIn: 5, // A, B, C, E, J (D is a walk-in)
      early: 3, // A 15, C 35, E 5
      share: 0.6,
      minutesEarly: { count: 3, mean: 18.3, median: 15, p90: 31, min: 5, max: 35 },
      buckets: [
        { bucket: "0-10", fromMinutes: 0, toMinutes: 10, count: 1 },
        { bucket: "10-20", fromMinutes: 10, toMinutes: 20, count: 1 },
        { bucket: "20-30", fromMinutes: 20, toMinutes: 30, count: 0 },
        { bucket: "30+", fromMinutes: 30, toMinutes: null, count: 1 },
      ],
    });
  });

  it("a patient exactly 10 minutes early falls in the 10-20 bucket; on time is not early", () => {
    const { earlyArrival } = computeStatistics({
      ...baseInput(),
      appointments: [
        appt({ scheduled: "09:00", status: "CHECKED_IN", checkedInAt: at("08:50") }),
        appt({ scheduled: "09:00", status: "CHECKED_IN", checkedInAt: at("09:00") }),
      ],
    });
    expect(earlyArrival.early).toBe(1);
    expect(earlyArrival.buckets.map((b) => b.count)).toEqual([0, 1, 0, 0]);
  });

  it("estimate accuracy compares the start quoted at check-in with the real start", () => {
    // errors +5, +10, -10, 0 -> absolute [0, 5, 10, 10]
    expect(day().estimateAccuracy).toEqual({
      count: 4,
      meanAbsoluteError: 6.3,
      medianAbsoluteError: 7.5,
      p90AbsoluteError: 10,
      within5Minutes: 0.5,
      within10Minutes: 1,
      meanSignedError: 1.3,
      // Ranges (quoted wait 20, 10, 40, 5 -> ± 5, 5, 10, 5): A, C and D inside, B (+10) outside.
      withinRange: 0.75,
      unquoted: 0,
      // No range was stored with these quotes: all four judged by the ± rule.
      rangeAssumed: 4,
    });
  });

  it("counts queue activity by event type, most frequent first", () => {
    expect(day().activity).toEqual([
      { type: "CHECKED_IN", count: 4 },
      { type: "COMPLETED", count: 3 },
      { type: "EARLY_ARRIVAL", count: 2 },
    ]);
    expect(activityOf([])).toEqual([]);
  });

  it("gives the day as one point of the series with the headline figures", () => {
    const stats = day();
    expect(stats.period).toEqual({ from: DATE, to: DATE, days: 1, timeZone: TZ });
    expect(stats.series).toEqual([
      {
        date: DATE,
        appointments: 12,
        completed: 3,
        noShows: 1,
        cancelled: 1,
        urgent: 1,
        walkIns: 1,
        earlyArrivals: 3,
        noShowRate: 0.143,
        waitMeanMinutes: 8.8,
        waitMedianMinutes: 7.5,
        waitP90Minutes: 17,
        consultationMedianMinutes: 12,
        estimateMaeMinutes: 6.3,
        estimatesChecked: 4,
        withinRange: 0.75,
      },
    ]);
  });
});

function baseInput() {
  return { from: DATE, to: DATE, timeZone: TZ, now: NOW, noShowGraceMinutes: 15, appointments: [] };
}

describe("a date range", () => {
  // Auckland is UTC+12: local 00:30 on the 5th is 12:30 UTC on the 4th.
  const RANGE = [
    appt({ doctorId: "d1", date: "2026-06-03", scheduled: "23:30", status: "COMPLETED" }),
    appt({ doctorId: "d2", date: "2026-06-05", scheduled: "00:30", status: "NO_SHOW" }),
    appt({ doctorId: "d2", date: "2026-06-06", scheduled: "00:00", status: "COMPLETED" }), // after the range
    appt({ doctorId: "d1", date: "2026-06-02", scheduled: "23:59", status: "COMPLETED" }), // before it
  ];
  const range = () =>
    computeStatistics({ ...baseInput(), from: "2026-06-03", to: "2026-06-05", appointments: RANGE });

  it("has one point per local date, empty days included, and leaves out appointments outside", () => {
    const stats = range();
    expect(stats.period.days).toBe(3);
    expect(stats.totals.appointments).toBe(2);
    expect(stats.series.map((p) => [p.date, p.appointments, p.completed, p.noShows, p.noShowRate])).toEqual([
      ["2026-06-03", 1, 1, 0, 0],
      ["2026-06-04", 0, 0, 0, null],
      ["2026-06-05", 1, 0, 1, 1],
    ]);
    expect(stats.series[1]).toMatchObject({ waitMedianMinutes: null, estimateMaeMinutes: null });
  });

  it("breaks a hospital down per doctor in the order given, a doctor without patients as zeros and nulls", () => {
    const rows = doctorBreakdown(
      [
        { id: "d2", name: "Dr Bose" },
        { id: "d1", name: "Dr Ahn" },
        { id: "d3", name: "Dr Cole" },
      ],
      { from: "2026-06-03", to: "2026-06-05", timeZone: TZ, appointments: RANGE },
    );
    expect(rows.map((r) => [r.doctorId, r.name, r.appointments, r.completed, r.noShows])).toEqual([
      ["d2", "Dr Bose", 1, 0, 1],
      ["d1", "Dr Ahn", 1, 1, 0],
      ["d3", "Dr Cole", 0, 0, 0],
    ]);
    expect(rows[2]).toMatchObject({
      noShowRate: null,
      waitMedianMinutes: null,
      consultationMedianMinutes: null,
    });
  });
});

describe("edge cases", () => {
  it("an empty period has no NaN anywhere: nulls and zeros", () => {
    const stats = computeStatistics({ ...baseInput(), from: "2026-06-01", to: "2026-06-07" });
    const numbers: unknown[] = [];
    JSON.stringify(stats, (_k, v) => {
      if (typeof v === "number") numbers.push(v);
      return v;
    });
    expect(numbers.every((n) => Number.isFinite(n))).toBe(true);
    expect(stats.noShow.rate).toBeNull();
    expect(stats.earlyArrival.share).toBeNull();
    expect(stats.estimateAccuracy).toMatchObject({ count: 0, meanAbsoluteError: null, within5Minutes: null });
    expect(stats.peakHours.busiestBookingHour).toBeNull();
    expect(stats.series).toHaveLength(7);
  });

  it("on the day Auckland's clocks go back, both 02:30s count in local hour 2", () => {
    // 2026-04-05 03:00 NZDT becomes 02:00 NZST: 02:30 happens at 13:30 and 14:30 UTC on the 4th.
    const first = new Date("2026-04-04T13:30:00Z");
    const second = new Date("2026-04-04T14:30:00Z");
    const stats = computeStatistics({
      ...baseInput(),
      from: "2026-04-05",
      to: "2026-04-05",
      appointments: [first, second].map((t) => ({
        ...appt({ scheduled: "00:00", status: "CHECKED_IN" }),
        scheduledAt: t,
        checkedInAt: t,
      })),
    });
    expect(stats.totals.appointments).toBe(2);
    expect(stats.peakHours.hours[2]).toEqual({ hour: 2, bookings: 2, checkIns: 2 });
  });

  it("a consultation that ends before it starts (bad data) is left out rather than negative", () => {
    const stats = computeStatistics({
      ...baseInput(),
      appointments: [
        appt({ scheduled: "09:00", status: "COMPLETED", startedAt: at("09:10"), endedAt: at("09:05") }),
      ],
    });
    expect(stats.consultation.count).toBe(0);
  });
});

describe("range fields", () => {
  it("puts each problem under the field it belongs to", () => {
    expect(rangeFieldProblems("2026-06-04", "2026-06-04")).toEqual({});
    expect(rangeFieldProblems("2026-02-30", "2026-06-04")).toEqual({
      from: expect.stringMatching(/valid date/),
    });
    expect(rangeFieldProblems("2026-06-04", "")).toEqual({ to: expect.stringMatching(/valid date/) });
    expect(rangeFieldProblems("2026-06-05", "2026-06-04")).toEqual({
      to: "The end date must be on or after the start date.",
    });
    expect(rangeFieldProblems("2026-01-01", "2027-01-02").to).toMatch(/At most 366 days.+367 days/);
    expect(rangeFieldProblems("2026-01-01", "2027-01-01")).toEqual({});
  });
});

describe("wait histogram", () => {
  it("buckets check-in to start by [from, to) minutes, 60+ open-ended, never-started left out", () => {
    const waits = [0, 4.9, 5, 12, 19.99, 20, 44, 45, 59, 60, 125];
    const rows = [
      ...waits.map((m) =>
        appt({
          scheduled: "09:00",
          status: "COMPLETED",
          checkedInAt: at("09:00"),
          startedAt: new Date(at("09:00").getTime() + m * 60_000),
        }),
      ),
      appt({ scheduled: "09:00", status: "CHECKED_IN", checkedInAt: at("09:00") }),
      // A start before the check-in (fixed by hand) counts as no wait.
      appt({ scheduled: "09:00", status: "COMPLETED", checkedInAt: at("09:10"), startedAt: at("09:05") }),
    ];
    expect(Object.fromEntries(waitHistogramOf(rows).map((b) => [b.bucket, b.count]))).toEqual({
      "0-5": 3,
      "5-10": 1,
      "10-15": 1,
      "15-20": 1,
      "20-30": 1,
      "30-45": 1,
      "45-60": 2,
      "60+": 2,
    });
  });
});

describe("estimate range and accuracy", () => {
  it("quotes ± max(5 min, 25% of the quoted wait)", () => {
    const checkIn = at("09:00");
    const range = (quote: string) => {
      const r = quotedRange(at(quote), checkIn);
      return [r.from.toISOString(), r.to.toISOString()];
    };
    // Wait 40 min: ± 10 min.
    expect(range("09:40")).toEqual([at("09:30").toISOString(), at("09:50").toISOString()]);
    // Wait 12 min: 25% is 3, so ± 5 min.
    expect(range("09:12")).toEqual([at("09:07").toISOString(), at("09:17").toISOString()]);
    // Wait 20 min: exactly 5 either way.
    expect(range("09:20")).toEqual([at("09:15").toISOString(), at("09:25").toISOString()]);
    // A quote before the check-in is a wait of 0: ± 5 min.
    expect(range("08:58")).toEqual([at("08:53").toISOString(), at("09:03").toISOString()]);
  });

  it("measures the error and the share inside the range as soon as consultations have started", () => {
    const seen = (checkedIn: string, quoted: string, started: string, doctorId = "d1", date = DATE) =>
      appt({
        scheduled: "09:00",
        date,
        doctorId,
        status: "COMPLETED",
        checkedInAt: at(checkedIn, date),
        quotedStartAt: at(quoted, date),
        startedAt: at(started, date),
        endedAt: at(started, date),
      });
    const rows = [
      seen("09:00", "09:40", "09:50"), // +10, range ±10: inside (end included)
      seen("09:00", "09:12", "09:20"), // +8, range ±5: outside
      seen("09:00", "09:20", "09:16"), // -4, inside
      // Started without a quote: not an error of the estimate, counted apart.
      appt({ scheduled: "09:00", status: "COMPLETED", checkedInAt: at("09:00"), startedAt: at("09:30") }),
      appt({
        scheduled: "10:00",
        status: "CHECKED_IN",
        checkedInAt: at("09:50"),
        quotedStartAt: at("10:05"),
      }),
    ];
    const a = estimateAccuracyOf(rows);
    expect(a).toMatchObject({
      count: 3,
      meanAbsoluteError: 7.3, // (10 + 8 + 4) / 3
      meanSignedError: 4.7, // (10 + 8 - 4) / 3
      within5Minutes: 0.333,
      within10Minutes: 1,
      withinRange: 0.667,
      unquoted: 1,
    });

    const other = seen("09:00", "09:30", "10:00", "d2", "2026-06-05"); // +30, outside
    const byDay = accuracyByDoctorDay(
      [
        { id: "d1", name: "Dr One" },
        { id: "d2", name: "Dr Two" },
        { id: "d3", name: "Dr Idle" },
      ],
      { from: DATE, to: "2026-06-05", timeZone: TZ, appointments: [...rows, other] },
    );
    expect(byDay).toEqual([
      {
        date: DATE,
        doctorId: "d1",
        name: "Dr One",
        checked: 3,
        unquoted: 1,
        meanAbsoluteError: 7.3,
        meanSignedError: 4.7,
        withinRange: 0.667,
        rangeAssumed: 3,
      },
      {
        date: "2026-06-05",
        doctorId: "d2",
        name: "Dr Two",
        checked: 1,
        unquoted: 0,
        meanAbsoluteError: 30,
        meanSignedError: 30,
        withinRange: 0,
        rangeAssumed: 1,
      },
    ]);
  });

  /** Checked in at 09:00 with a quote and its stored range, started at `started`. */
  const quote = (quoted: string, from: string, to: string, started: string) =>
    appt({
      scheduled: "09:00",
      status: "COMPLETED",
      checkedInAt: at("09:00"),
      quotedStartAt: at(quoted),
      quotedEarliestAt: at(from),
      quotedLatestAt: at(to),
      startedAt: at(started),
      endedAt: at(started),
    });

  it("judges 'inside range' by the range the patient was shown, where it was stored with the quote", () => {
    const shown = quote;
    const rows = [
      // Quoted 09:40, shown "likely 09:25 to 10:05": a 10:05 start is inside (ends included), though
      // the older ± rule (09:30 to 09:50) would call it outside.
      shown("09:40", "09:25", "10:05", "10:05"),
      shown("09:40", "09:25", "10:05", "09:24"), // just before it: outside
      // Quoted before ranges were stored: the older rule, and counted as assumed.
      appt({
        scheduled: "09:00",
        status: "COMPLETED",
        checkedInAt: at("09:00"),
        quotedStartAt: at("09:40"),
        startedAt: at("09:45"),
        endedAt: at("09:45"),
      }),
    ];
    expect(startedWithinRange(rows[0] as StatAppointment)).toBe(true);
    expect(startedWithinRange(rows[1] as StatAppointment)).toBe(false);
    expect(estimateAccuracyOf(rows)).toMatchObject({ count: 3, withinRange: 0.667, rangeAssumed: 1 });
    expect(estimateAccuracyOf(rows.slice(0, 2)).rangeAssumed).toBe(0);
  });

  it("judges by the range as the page showed it: rounded outwards to 5 min, and ± 5 min where it showed none", () => {
    // Stored 09:31 to 09:54: the page said "likely 30 to 55".
    expect(shownRangeOfQuote(quote("09:40", "09:31", "09:54", "09:55"))).toEqual({ from: 30, to: 55 });
    expect(startedWithinRange(quote("09:40", "09:31", "09:54", "09:55"))).toBe(true);
    expect(startedWithinRange(quote("09:40", "09:31", "09:54", "09:30"))).toBe(true);
    expect(startedWithinRange(quote("09:40", "09:31", "09:54", "09:56"))).toBe(false);
    expect(startedWithinRange(quote("09:40", "09:31", "09:54", "09:29"))).toBe(false);
    // Up to 10 minutes wide it is shown as it is.
    expect(shownRangeOfQuote(quote("09:06", "09:02", "09:11", "09:11"))).toEqual({ from: 2, to: 11 });
    expect(startedWithinRange(quote("09:06", "09:02", "09:11", "09:12"))).toBe(false);
    // Stored 09:01 to 09:03: the page said "about 2 min" with no range; that is held to ± 5 min.
    expect(shownRangeOfQuote(quote("09:02", "09:01", "09:03", "09:04"))).toBeNull();
    expect(startedWithinRange(quote("09:02", "09:01", "09:03", "09:04"))).toBe(true);
    expect(startedWithinRange(quote("09:02", "09:01", "09:03", "09:07"))).toBe(true);
    expect(startedWithinRange(quote("09:02", "09:01", "09:03", "09:08"))).toBe(false);
    // "Any minute now" (a range of nothing at all): a start 2 minutes later is inside.
    expect(startedWithinRange(quote("09:00", "09:00", "09:00", "09:02"))).toBe(true);
  });
});
