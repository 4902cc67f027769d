import { describe, expect, it } from "vitest";
import {
  addDayOff,
  checkWeek,
  copyMondayToWeekdays,
  emptyWeek,
  nextPeriod,
  periodsFromWeek,
  type Week,
  weekFromPeriods,
  weekSummary,
  withBreak,
} from "./hours";

const lunchBreak = [
  { start: "09:00", end: "12:30" },
  { start: "13:30", end: "17:00" },
];

describe("weekly hours", () => {
  it("groups the server's periods by day, sorted, and sends them back in the same order", () => {
    const week = weekFromPeriods([
      { weekday: 1, start: "13:30", end: "17:00" },
      { weekday: 1, start: "09:00", end: "12:30" },
      { weekday: 7, start: "10:00", end: "12:00" },
    ]);
    expect(week[0]).toEqual(lunchBreak);
    expect(week[6]).toEqual([{ start: "10:00", end: "12:00" }]);
    expect(periodsFromWeek(week)).toEqual([
      { weekday: 1, start: "09:00", end: "12:30" },
      { weekday: 1, start: "13:30", end: "17:00" },
      { weekday: 7, start: "10:00", end: "12:00" },
    ]);
  });

  it("copies Monday to Tuesday-Friday, leaves the weekend alone and shares no objects", () => {
    const week = emptyWeek();
    week[0] = lunchBreak.map((p) => ({ ...p }));
    week[5] = [{ start: "09:00", end: "12:00" }];
    const copied = copyMondayToWeekdays(week);
    for (const day of [1, 2, 3, 4]) expect(copied[day]).toEqual(lunchBreak);
    expect(copied[5]).toEqual([{ start: "09:00", end: "12:00" }]);
    expect(copied[6]).toEqual([]);
    expect(copied[1]?.[0]).not.toBe(copied[0]?.[0]);
  });

  it("accepts a lunch break, and a period that ends at midnight", () => {
    const week = emptyWeek();
    week[0] = lunchBreak;
    week[4] = [{ start: "18:00", end: "24:00" }];
    expect(checkWeek(week)).toEqual({});
  });

  it("marks an end before its start at the server's path (counting periods across days)", () => {
    const week = emptyWeek();
    week[0] = lunchBreak; // weekly.0, weekly.1
    week[2] = [{ start: "14:00", end: "13:00" }]; // weekly.2
    expect(checkWeek(week)).toEqual({ "weekly.2.end": "The end must be after the start." });
  });

  it("marks an overlap within a day, but not the same times on different days", () => {
    const week: Week = emptyWeek();
    week[1] = [
      { start: "09:00", end: "12:00" },
      { start: "11:30", end: "15:00" },
    ];
    week[2] = [{ start: "09:00", end: "12:00" }];
    const errors = checkWeek(week);
    expect(Object.keys(errors)).toEqual(["weekly.1.start"]);
    expect(errors["weekly.1.start"]).toContain("09:00–12:00");
  });

  it("treats touching periods as no overlap", () => {
    const week = emptyWeek();
    week[0] = [
      { start: "09:00", end: "12:00" },
      { start: "12:00", end: "15:00" },
    ];
    expect(checkWeek(week)).toEqual({});
  });

  it("asks for a time left empty", () => {
    const week = emptyWeek();
    week[3] = [{ start: "", end: "10:00" }];
    expect(checkWeek(week)).toEqual({ "weekly.0.start": "Enter a start time." });
  });

  it("suggests a next period after the last one, or a working day when none fits", () => {
    expect(nextPeriod([])).toEqual({ start: "09:00", end: "17:00" });
    expect(nextPeriod([{ start: "09:00", end: "12:00" }])).toEqual({ start: "13:00", end: "17:00" });
    expect(nextPeriod([{ start: "20:00", end: "22:00" }])).toEqual({ start: "23:00", end: "24:00" });
    expect(nextPeriod([{ start: "20:00", end: "23:30" }])).toEqual({ start: "09:00", end: "17:00" });
  });

  it("keeps days off unique and sorted, ignoring an empty date", () => {
    expect(addDayOff(["2026-12-31"], "2026-12-25")).toEqual(["2026-12-25", "2026-12-31"]);
    expect(addDayOff(["2026-12-25"], "2026-12-25")).toEqual(["2026-12-25"]);
    expect(addDayOff(["2026-12-25"], "")).toEqual(["2026-12-25"]);
  });

  it("summarises a week, joining alike days", () => {
    const periods = [1, 2, 3, 4, 5].flatMap((weekday) => lunchBreak.map((p) => ({ weekday, ...p })));
    periods.push({ weekday: 6, start: "09:00", end: "12:00" });
    expect(weekSummary(periods)).toBe("Mon–Fri 09:00–12:30, 13:30–17:00 · Sat 09:00–12:00");
    expect(weekSummary([])).toBe("No hours set");
  });
});

describe("a lunch break in one step", () => {
  it("splits the day's one long period at 12:00-13:00", () => {
    expect(withBreak([{ start: "08:00", end: "16:00" }])).toEqual([
      { start: "08:00", end: "12:00" },
      { start: "13:00", end: "16:00" },
    ]);
  });

  it("takes the middle hour when noon does not fit, and nothing from a short or split day", () => {
    expect(withBreak([{ start: "14:00", end: "22:00" }])).toEqual([
      { start: "14:00", end: "17:00" },
      { start: "18:00", end: "22:00" },
    ]);
    expect(withBreak([{ start: "09:00", end: "12:00" }])).toBeNull();
    expect(withBreak([])).toBeNull();
    expect(
      withBreak([
        { start: "09:00", end: "12:00" },
        { start: "13:00", end: "17:00" },
      ]),
    ).toBeNull();
  });
});
