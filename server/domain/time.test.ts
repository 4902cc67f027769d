import { describe, expect, it } from "vitest";
import {
  addDays,
  dayBoundsUtc,
  formatLocalTime,
  isValidTimeZone,
  localDateOf,
  localHourOf,
  slotEndOf,
  slotStartOf,
  slotStartsOfDay,
  zonedTimeToUtc,
} from "./time.ts";

const at = (iso: string) => new Date(iso);
const HOUR = 3_600_000;

describe("hospital-local dates far from UTC", () => {
  it("Pacific/Auckland is already tomorrow while UTC is in the afternoon", () => {
    const instant = at("2026-06-04T13:30:00Z"); // NZST, +12
    expect(localDateOf(instant, "Pacific/Auckland")).toBe("2026-06-05");
    expect(localHourOf(instant, "Pacific/Auckland")).toBe(1);
    expect(formatLocalTime(instant, "Pacific/Auckland")).toBe("01:30");
    expect(zonedTimeToUtc("2026-06-05", "09:00", "Pacific/Auckland")).toEqual(at("2026-06-04T21:00:00Z"));
  });

  it("Asia/Kolkata (+05:30): slots start on the local hour, half past the UTC hour", () => {
    expect(zonedTimeToUtc("2026-06-04", "10:00", "Asia/Kolkata")).toEqual(at("2026-06-04T04:30:00Z"));
    const instant = at("2026-06-04T05:10:00Z");
    expect(formatLocalTime(instant, "Asia/Kolkata")).toBe("10:40");
    expect(slotStartOf(instant, "Asia/Kolkata")).toEqual(at("2026-06-04T04:30:00Z"));
  });

  it("a slot that straddles midnight UTC is one slot, dated by the local day", () => {
    const before = at("2026-06-04T23:50:00Z"); // 05:20 on the 5th in Kolkata
    const after = at("2026-06-05T00:10:00Z"); // 05:40
    expect(slotStartOf(before, "Asia/Kolkata")).toEqual(at("2026-06-04T23:30:00Z"));
    expect(slotStartOf(after, "Asia/Kolkata")).toEqual(at("2026-06-04T23:30:00Z"));
    expect(localDateOf(before, "Asia/Kolkata")).toBe("2026-06-05");
    expect(localDateOf(after, "UTC")).toBe("2026-06-05");
    expect(localDateOf(before, "UTC")).toBe("2026-06-04");
  });

  it("day bounds of an ordinary day are 24 hours apart and round-trip", () => {
    const { start, end } = dayBoundsUtc("2026-06-05", "Pacific/Auckland");
    expect(start).toEqual(at("2026-06-04T12:00:00Z"));
    expect(end.getTime() - start.getTime()).toBe(24 * HOUR);
    expect(localDateOf(start, "Pacific/Auckland")).toBe("2026-06-05");
    expect(localDateOf(new Date(end.getTime() - 1), "Pacific/Auckland")).toBe("2026-06-05");
    expect(slotStartsOfDay("2026-06-05", "Asia/Kolkata")).toHaveLength(24);
  });
});

describe("DST change days", () => {
  it("America/New_York 2026-03-08: 23 slots, 02:30 does not exist and moves to 03:30", () => {
    const { start, end } = dayBoundsUtc("2026-03-08", "America/New_York");
    expect(start).toEqual(at("2026-03-08T05:00:00Z"));
    expect(end).toEqual(at("2026-03-09T04:00:00Z"));
    expect(zonedTimeToUtc("2026-03-08", "01:59", "America/New_York")).toEqual(at("2026-03-08T06:59:00Z"));
    expect(zonedTimeToUtc("2026-03-08", "02:30", "America/New_York")).toEqual(at("2026-03-08T07:30:00Z"));
    expect(formatLocalTime(at("2026-03-08T07:30:00Z"), "America/New_York")).toBe("03:30");
    expect(zonedTimeToUtc("2026-03-08", "03:00", "America/New_York")).toEqual(at("2026-03-08T07:00:00Z"));
    const slots = slotStartsOfDay("2026-03-08", "America/New_York");
    expect(slots).toHaveLength(23);
    expect(slots.map((s) => localHourOf(s, "America/New_York"))).not.toContain(2);
  });

  it("America/New_York 2026-11-01: 24 slots, 01:30 is its first occurrence, the repeated 01:00 hour is one slot", () => {
    const { start, end } = dayBoundsUtc("2026-11-01", "America/New_York");
    expect(end.getTime() - start.getTime()).toBe(25 * HOUR);
    expect(zonedTimeToUtc("2026-11-01", "01:30", "America/New_York")).toEqual(at("2026-11-01T05:30:00Z"));
    expect(slotStartOf(at("2026-11-01T05:30:00Z"), "America/New_York")).toEqual(at("2026-11-01T05:00:00Z"));
    // The second 01:30 (EST) is in the same slot: the hour is repeated, the slot lasts two hours.
    expect(slotStartOf(at("2026-11-01T06:30:00Z"), "America/New_York")).toEqual(at("2026-11-01T05:00:00Z"));
    expect(slotEndOf(at("2026-11-01T05:00:00Z"), "America/New_York")).toEqual(at("2026-11-01T07:00:00Z"));
    const slots = slotStartsOfDay("2026-11-01", "America/New_York");
    expect(slots).toHaveLength(24);
    expect(slots.filter((s) => localHourOf(s, "America/New_York") === 1)).toHaveLength(1);
  });

  it("Pacific/Auckland 2026-04-05 (clocks go back at 03:00): 24 slots, 02:00-03:00 lasts two hours", () => {
    const { start, end } = dayBoundsUtc("2026-04-05", "Pacific/Auckland");
    expect(start).toEqual(at("2026-04-04T11:00:00Z"));
    expect(end).toEqual(at("2026-04-05T12:00:00Z"));
    expect(zonedTimeToUtc("2026-04-05", "02:30", "Pacific/Auckland")).toEqual(at("2026-04-04T13:30:00Z"));
    expect(slotStartsOfDay("2026-04-05", "Pacific/Auckland")).toHaveLength(24);
    expect(slotStartOf(at("2026-04-04T14:30:00Z"), "Pacific/Auckland")).toEqual(at("2026-04-04T13:00:00Z"));
    expect(slotEndOf(at("2026-04-04T13:00:00Z"), "Pacific/Auckland")).toEqual(at("2026-04-04T15:00:00Z"));
  });

  it("Pacific/Auckland 2026-09-27 (clocks go forward at 02:00): 23 slots, 02:30 moves to 03:30", () => {
    const { start, end } = dayBoundsUtc("2026-09-27", "Pacific/Auckland");
    expect(end.getTime() - start.getTime()).toBe(23 * HOUR);
    const gap = zonedTimeToUtc("2026-09-27", "02:30", "Pacific/Auckland");
    expect(gap).toEqual(at("2026-09-26T14:30:00Z"));
    expect(formatLocalTime(gap, "Pacific/Auckland")).toBe("03:30");
    expect(slotStartsOfDay("2026-09-27", "Pacific/Auckland")).toHaveLength(23);
    // 01:00-02:00 ends when the clocks jump to 03:00: one real hour.
    expect(slotEndOf(zonedTimeToUtc("2026-09-27", "01:00", "Pacific/Auckland"), "Pacific/Auckland")).toEqual(
      at("2026-09-26T14:00:00Z"),
    );
  });

  it("every slot of a DST day is one local hour that contains its own start", () => {
    for (const [date, tz] of [
      ["2026-03-08", "America/New_York"],
      ["2026-11-01", "America/New_York"],
      ["2026-04-05", "Pacific/Auckland"],
      ["2026-09-27", "Pacific/Auckland"],
    ] as const) {
      for (const slot of slotStartsOfDay(date, tz)) {
        expect(formatLocalTime(slot, tz).endsWith(":00")).toBe(true);
        expect(slotStartOf(slot, tz)).toEqual(slot);
        expect(slotStartOf(new Date(slot.getTime() + 59 * 60_000), tz)).toEqual(slot);
        expect(localDateOf(slot, tz)).toBe(date);
      }
    }
  });

  it("the slots of any day tile it: each ends where the next starts, every minute falls in one, names are unique", () => {
    for (const [date, tz] of [
      ["2026-03-08", "America/New_York"],
      ["2026-11-01", "America/New_York"],
      ["2026-04-05", "Pacific/Auckland"],
      ["2026-09-27", "Pacific/Auckland"],
      ["2026-10-04", "Australia/Lord_Howe"], // a half-hour change
      ["2026-06-10", "Pacific/Kiritimati"], // UTC+14
      ["2026-06-10", "Pacific/Pago_Pago"], // UTC-11
    ] as const) {
      const { start, end } = dayBoundsUtc(date, tz);
      const slots = slotStartsOfDay(date, tz);
      expect(slots[0]).toEqual(start);
      for (const [i, s] of slots.entries()) expect(slotEndOf(s, tz)).toEqual(slots[i + 1] ?? end);
      expect(new Set(slots.map((s) => localHourOf(s, tz))).size).toBe(slots.length);
      for (let t = start.getTime(); t < end.getTime(); t += 5 * 60_000) {
        const s = slotStartOf(new Date(t), tz);
        expect(s.getTime() <= t && t < slotEndOf(s, tz).getTime(), `${tz} ${new Date(t).toISOString()}`).toBe(
          true,
        );
      }
    }
  });
});

describe("input checks", () => {
  it("knows real time zones", () => {
    expect(isValidTimeZone("Pacific/Auckland")).toBe(true);
    expect(isValidTimeZone("UTC")).toBe(true);
    expect(isValidTimeZone("Mars/Olympus_Mons")).toBe(false);
    expect(isValidTimeZone("")).toBe(false);
  });

  it("refuses dates and times that do not exist", () => {
    expect(() => zonedTimeToUtc("2026-02-30", "09:00", "UTC")).toThrow(RangeError);
    expect(() => zonedTimeToUtc("2026-06-04", "24:00", "UTC")).toThrow(RangeError);
    expect(() => zonedTimeToUtc("4 June", "09:00", "UTC")).toThrow(RangeError);
  });

  it("adds calendar days across month ends", () => {
    expect(addDays("2026-02-28", 1)).toBe("2026-03-01");
    expect(addDays("2026-01-01", -1)).toBe("2025-12-31");
  });
});
