// Every statistic against figures worked out by hand, in a hospital 12 hours ahead of UTC.
import { describe, expect, it } from "vitest";
import {
  activityOf,
  computeStatistics,
  daysInRange,
  doctorBreakdown,
  percentile,
  rangeProblem,
  type StatAppointment,
  summarize,
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

  it("counts both ends and refuses reversed or longer-than-92-day periods in words", () => {
    expect(daysInRange("2026-06-04", "2026-06-04")).toBe(1);
    expect(daysInRange("2026-03-28", "2026-04-06")).toBe(10); // across Auckland's DST change
    expect(rangeProblem("2026-01-01", "2026-04-02")).toBeNull(); // 31 + 28 + 31 + 2 = 92 days
    expect(rangeProblem("2026-01-01", "2026-04-03")).toBe(
      "That period is 93 days long; statistics cover at most 92 days at a time.",
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
