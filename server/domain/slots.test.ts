// Slot grouping, window overlaps and suggested slots with a pinned clock, in time zones far from UTC
// and on daylight-saving change days.
import { describe, expect, it } from "vitest";
import { DomainError } from "./errors.ts";
import { everyDay } from "./hours.ts";
import { orderQueue } from "./ordering.ts";
import {
  analyzeWindow,
  type ClinicRates,
  capacityFor,
  clinicRates,
  datesTouched,
  groupIntoSlots,
  instantOf,
  isoWeekday,
  positionInSlot,
  type SuggestInput,
  suggestSlots,
  workingSlotStarts,
} from "./slots.ts";
import { zonedTimeToUtc } from "./time.ts";
import type { QueueEntryInput } from "./types.ts";

const AKL = "Pacific/Auckland";
const DATE = "2026-06-04"; // a Thursday
const MIN = 60_000;
const local = (hhmm: string, date = DATE, tz = AKL) => zonedTimeToUtc(date, hhmm, tz);
const daily = (start: string, end: string) => ({ periods: everyDay(start, end) });
const NINE_TO_FIVE = daily("09:00", "17:00");

let serial = 0;
function appointment(at: string, over: Partial<QueueEntryInput> = {}, tz = AKL): QueueEntryInput {
  serial++;
  const scheduledAt = local(at, DATE, tz);
  return {
    id: `a${String(serial).padStart(3, "0")}`,
    ticket: serial,
    status: "BOOKED",
    priority: "NORMAL",
    scheduledAt,
    bookedAt: new Date(scheduledAt.getTime() - 24 * 60 * MIN + serial * MIN),
    paidAt: null,
    orderRank: null,
    checkedInAt: null,
    calledAt: null,
    startedAt: null,
    ...over,
  };
}

/** The day's appointments as a snapshot lists them: open ones in queue order, then the rest. */
function snapshotOrder(appointments: QueueEntryInput[], tz = AKL) {
  const ordered = orderQueue(appointments, tz);
  const open = new Set(ordered.map((e) => e.id));
  return [...ordered, ...appointments.filter((a) => !open.has(a.id))].map((a) => ({
    appointmentId: a.id,
    ticket: a.ticket,
    status: a.status,
    scheduledAt: a.scheduledAt,
  }));
}

const group = (appointments: QueueEntryInput[], over: Partial<Parameters<typeof groupIntoSlots>[0]> = {}) =>
  groupIntoSlots({
    date: DATE,
    timeZone: AKL,
    entries: snapshotOrder(appointments, over.timeZone ?? AKL),
    workingHours: NINE_TO_FIVE,
    expectedMinutes: 15,
    ...over,
  });

describe("groupIntoSlots", () => {
  it("covers the working hours with local 1-hour slots and adds a slot for an entry outside them", () => {
    const early = appointment("10:10");
    const evening = appointment("18:30");
    const slots = group([early, evening]);
    expect(slots.map((s) => s.timeSlot)).toEqual([
      "09:00-10:00",
      "10:00-11:00",
      "11:00-12:00",
      "12:00-13:00",
      "13:00-14:00",
      "14:00-15:00",
      "15:00-16:00",
      "16:00-17:00",
      "18:00-19:00",
    ]);
    expect(slots.at(-1)?.withinWorkingHours).toBe(false);
    expect(slots[0]?.start).toEqual(new Date("2026-06-03T21:00:00Z")); // 09:00 NZST is 21:00 UTC the day before
    expect(slots[1]?.entries.map((e) => e.appointmentId)).toEqual([early.id]);
    expect(slots.at(-1)?.entries.map((e) => e.appointmentId)).toEqual([evening.id]);
  });

  it("keeps queue order inside a slot, numbers waiting entries 1..k and the one in the room 0", () => {
    const paidLate = appointment("10:00", { paidAt: local("09:00") });
    const paidEarly = appointment("10:20", { paidAt: local("08:00") });
    const unpaid = appointment("10:05");
    const inRoom = appointment("10:40", { status: "IN_CONSULTATION", startedAt: local("10:00") });
    const done = appointment("10:50", { status: "COMPLETED" });
    const gone = appointment("10:55", { status: "NO_SHOW" });
    const slot = group([paidLate, paidEarly, unpaid, inRoom, done, gone])[1]!;
    expect(slot.entries.map((e) => [e.appointmentId, e.slotPosition])).toEqual([
      [inRoom.id, 0],
      [paidEarly.id, 1],
      [paidLate.id, 2],
      [unpaid.id, 3],
    ]);
    expect(slot.finished.map((e) => e.appointmentId)).toEqual([done.id, gone.id]);
    expect(slot.counts).toMatchObject({
      BOOKED: 3,
      IN_CONSULTATION: 1,
      COMPLETED: 1,
      NO_SHOW: 1,
      CANCELLED: 0,
    });
  });

  it("capacity is whole consultations of the expected length per hour; load beyond it is overflow", () => {
    const six = Array.from({ length: 6 }, (_, i) => appointment(`11:${String(i * 5).padStart(2, "0")}`));
    const cancelled = appointment("11:50", { status: "CANCELLED" });
    const slot = group([...six, cancelled])[2]!;
    expect(slot).toMatchObject({ capacity: 4, load: 6, overflow: 2, freeCapacity: 0 });
    expect(group(six, { expectedMinutes: 20 })[2]).toMatchObject({ capacity: 3, overflow: 3 });
    expect(group([], { expectedMinutes: 13.7 })[0]).toMatchObject({
      capacity: 4,
      freeCapacity: 4,
      overflow: 0,
    });
    expect(capacityFor(60, 90)).toBe(0);
  });

  it("partial working hours include the slots they touch; a day off has none", () => {
    const slots = workingSlotStarts(DATE, AKL, daily("08:30", "17:30"));
    expect(slots).toHaveLength(10);
    expect(slots[0]).toEqual(local("08:00"));
    expect(slots.at(-1)).toEqual(local("17:00"));
    expect(isoWeekday(DATE)).toBe(4);
    expect(workingSlotStarts(DATE, AKL, { periods: everyDay("09:00", "17:00", [1, 2, 3, 5]) })).toEqual([]);
    expect(workingSlotStarts(DATE, AKL, { ...NINE_TO_FIVE, daysOff: [DATE] })).toEqual([]);
    expect(workingSlotStarts(DATE, AKL, daily("22:00", "24:00"))).toHaveLength(2);
  });

  it("Asia/Kolkata: slots start on the local hour, half past the UTC hour", () => {
    const tz = "Asia/Kolkata";
    const a = appointment("10:40", {}, tz);
    const slots = group([a], { timeZone: tz });
    const slot = slots.find((s) => s.entries.length > 0)!;
    expect(slot.start).toEqual(new Date("2026-06-04T04:30:00Z"));
    expect(slot.timeSlot).toBe("10:00-11:00");
  });

  it("America/New_York 2026-11-01 (fall back): 24 slots; the repeated 01:00 hour is one 2-hour slot with twice the places", () => {
    const tz = "America/New_York";
    const date = "2026-11-01";
    const first = { ...appointment("00:00"), scheduledAt: new Date("2026-11-01T05:30:00Z") }; // 01:30 EDT
    const second = { ...appointment("00:00"), scheduledAt: new Date("2026-11-01T06:30:00Z") }; // 01:30 EST
    const slots = groupIntoSlots({
      date,
      timeZone: tz,
      entries: snapshotOrder([first, second], tz),
      workingHours: daily("00:00", "24:00"),
      expectedMinutes: 15,
    });
    expect(slots).toHaveLength(24);
    expect(new Set(slots.map((s) => s.timeSlot)).size).toBe(24);
    const ones = slots.filter((s) => s.label === "01:00");
    expect(ones).toHaveLength(1);
    const [one] = ones;
    expect(one).toMatchObject({
      timeSlot: "01:00-02:00",
      start: new Date("2026-11-01T05:00:00Z"), // the first 01:00 (EDT)
      end: new Date("2026-11-01T07:00:00Z"), // 02:00 EST, two real hours later
      capacity: 8,
    });
    expect(one?.entries.map((e) => [e.appointmentId, e.slotPosition])).toEqual([
      [first.id, 1],
      [second.id, 2],
    ]);
    expect(slots.find((s) => s.label === "00:00")?.capacity).toBe(4);
  });

  it("America/New_York 2026-03-08 (spring forward): 23 slots, none for the skipped 02:00 hour; 01:00-02:00 ends when clocks read 03:00", () => {
    const slots = groupIntoSlots({
      date: "2026-03-08",
      timeZone: "America/New_York",
      entries: [],
      workingHours: daily("00:00", "24:00"),
      expectedMinutes: 15,
    });
    expect(slots).toHaveLength(23);
    expect(slots.map((s) => s.label)).not.toContain("02:00");
    expect(slots[1]).toMatchObject({
      timeSlot: "01:00-02:00",
      start: new Date("2026-03-08T06:00:00Z"),
      end: new Date("2026-03-08T07:00:00Z"), // 03:00 EDT
      capacity: 4,
    });
    expect(slots[2]).toMatchObject({ timeSlot: "03:00-04:00", start: new Date("2026-03-08T07:00:00Z") });
  });
});

describe("positionInSlot", () => {
  it("gives the place among the open entries of the appointment's own slot", () => {
    const a = appointment("09:10");
    const b = appointment("10:00");
    const c = appointment("10:30");
    const d = appointment("10:45", { status: "CALLED", calledAt: local("10:00") });
    const entries = snapshotOrder([a, b, c, d]);
    expect(positionInSlot(entries, c.id, AKL)).toMatchObject({
      slotPosition: 2,
      slotSize: 3,
      slotWaiting: 2,
      slot: { timeSlot: "10:00-11:00" },
    });
    expect(positionInSlot(entries, d.id, AKL)?.slotPosition).toBe(0);
    expect(positionInSlot(entries, "missing", AKL)).toBeNull();
  });
});

describe("analyzeWindow", () => {
  const now = local("08:00");
  const analyze = (appointments: QueueEntryInput[], start: Date, end: Date, at = now) => {
    const entries = snapshotOrder(appointments);
    const slots = groupIntoSlots({
      date: DATE,
      timeZone: AKL,
      entries,
      workingHours: NINE_TO_FIVE,
      expectedMinutes: 15,
    });
    return analyzeWindow({ start, end, now: at, timeZone: AKL, expectedMinutes: 15, entries, slots });
  };

  it("finds the window's entries in queue order, marks the last waiting ones beyond capacity as overflow", () => {
    const six = Array.from({ length: 6 }, (_, i) => appointment(`10:${String(i * 5).padStart(2, "0")}`));
    const later = [appointment("11:00")];
    const result = analyze([...six, ...later], local("10:00"), local("11:00"));
    expect(result).toMatchObject({ label: "10:00-11:00", minutes: 60, capacity: 4, load: 6, overflow: 2 });
    expect(result.entries.map((e) => e.windowPosition)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(result.entries.filter((e) => e.overflow).map((e) => e.appointmentId)).toEqual([
      six[4]!.id,
      six[5]!.id,
    ]);
    // The next later slot (11:00, one booked) takes both; no earlier one is needed.
    expect(result.overflowTargets).toEqual([
      expect.objectContaining({ timeSlot: "11:00-12:00", direction: "later", freeCapacity: 3, moves: 2 }),
    ]);
    expect(result.unplaced).toBe(0);
  });

  it("offers earlier slots when later ones are full, never a slot that has ended, and reports what does not fit", () => {
    const crowded = Array.from({ length: 7 }, (_, i) => appointment(`15:${String(i * 5).padStart(2, "0")}`));
    const full = Array.from({ length: 4 }, (_, i) => appointment(`16:${String(i * 5).padStart(2, "0")}`));
    const result = analyze([...crowded, ...full], local("15:00"), local("16:00"), local("13:30"));
    expect(result.overflow).toBe(3);
    // 16:00 is full; 14:00 is the nearest earlier slot; 13:00 has not ended yet at 13:30.
    expect(result.overflowTargets.map((t) => [t.timeSlot, t.direction, t.moves])).toEqual([
      ["14:00-15:00", "earlier", 3],
    ]);
    const late = analyze([...crowded, ...full], local("15:00"), local("16:00"), local("14:59"));
    expect(late.overflowTargets.map((t) => t.timeSlot)).toEqual(["14:00-15:00"]);
    const tooLate = analyze([...crowded, ...full], local("15:00"), local("16:00"), local("15:01"));
    expect(tooLate.overflowTargets).toEqual([]);
    expect(tooLate.unplaced).toBe(3);
  });

  it("refuses a window that ends before it starts or is longer than 24 hours", () => {
    expect(() => analyze([], local("11:00"), local("10:00"))).toThrow(DomainError);
    expect(() => analyze([], local("10:00"), local("10:00"))).toThrow(/end of the slot must be after/);
    expect(() => analyze([], local("10:00"), new Date(local("10:00").getTime() + 24 * 60 * MIN + 1))).toThrow(
      /at most 24 hours/,
    );
    expect(() => analyze([], new Date("1999-12-31T23:00:00Z"), local("10:00"))).toThrow(
      /years 2000 and 2099/,
    );
    try {
      analyze([], local("11:00"), local("10:00"));
    } catch (err) {
      expect((err as DomainError).code).toBe("BAD_REQUEST");
    }
  });

  it("reads a time with an offset as that instant and one without as hospital-local", () => {
    expect(instantOf("2026-06-04T14:00:00+05:30", AKL)).toEqual(new Date("2026-06-04T08:30:00Z"));
    expect(instantOf("2026-06-04T14:00", AKL)).toEqual(local("14:00"));
    expect(instantOf("2026-06-04T14:00:30", "Asia/Kolkata")).toEqual(new Date("2026-06-04T08:30:30Z"));
    expect(() => instantOf("not a time", AKL)).toThrow(DomainError);
    expect(datesTouched(local("22:00"), local("02:00", "2026-06-05"), AKL)).toEqual([
      "2026-06-04",
      "2026-06-05",
    ]);
    expect(datesTouched(local("10:00"), local("00:00", "2026-06-05"), AKL)).toEqual(["2026-06-04"]);
  });
});

describe("suggestSlots", () => {
  const noHistory: ClinicRates = { noShowRate: 0, earlyArrivalRate: 0, meanEarlyMinutes: 0 };
  const suggest = (over: Partial<SuggestInput> = {}) =>
    suggestSlots({
      date: DATE,
      timeZone: AKL,
      now: local("07:00"),
      workingHours: daily("08:00", "17:00"),
      appointments: [],
      consultationMinutes: 15,
      recentDurations: [],
      delayMinutes: 0,
      rates: noHistory,
      maxEarlyArrivalMinutes: 30,
      ...over,
    });
  const byLabel = (list: ReturnType<typeof suggest>, label: string) => list.find((s) => s.label === label)!;
  const fourAt = (hh: string) =>
    Array.from({ length: 4 }, (_, i) => appointment(`${hh}:${String(i * 10).padStart(2, "0")}`));

  it("ranks the preferred hour first on an empty day, then its neighbours; scores stay in 0..100", () => {
    const list = suggest({ preferredHour: 14 });
    expect(list).toHaveLength(9);
    expect(list[0]).toMatchObject({
      timeSlot: "14:00-15:00",
      currentAppointments: 0,
      capacity: 4,
      estimatedWaitTime: 0,
      priorityScore: 100,
      hasRoom: true,
    });
    expect(
      list
        .slice(1, 3)
        .map((s) => s.label)
        .sort(),
    ).toEqual(["13:00", "15:00"]);
    for (const s of list) expect(s.priorityScore).toBeGreaterThanOrEqual(0);
    for (const s of list) expect(s.priorityScore).toBeLessThanOrEqual(100);
  });

  it("without a preferred hour, equal slots come in time order", () => {
    expect(suggest().map((s) => s.label)).toEqual(
      ["08", "09", "10", "11", "12", "13", "14", "15", "16"].map((h) => `${h}:00`),
    );
  });

  it("prefers a free neighbour to a full slot at the preferred hour, and says why", () => {
    const list = suggest({ preferredHour: 10, appointments: fourAt("10") });
    const full = byLabel(list, "10:00");
    expect(full).toMatchObject({ currentAppointments: 4, expectedLoad: 4, freeCapacity: 0, hasRoom: false });
    // A new booking would see the four booked patients first.
    expect(full.estimatedWaitTime).toBe(60);
    expect(
      list
        .slice(0, 2)
        .map((s) => s.label)
        .sort(),
    ).toEqual(["09:00", "11:00"]);
    expect(list[0]!.priorityScore).toBeGreaterThan(full.priorityScore);
  });

  it("a new booking queues behind existing ones even when theirs are recorded later than now", () => {
    // The bookings say they were made after `now` (imported with later timestamps, or seen just
    // after midnight when "a day before the slot" is still ahead): they are still ahead of a new one.
    const later = fourAt("10").map((a) => ({ ...a, bookedAt: local("09:30") }));
    const full = byLabel(suggest({ now: local("07:00"), appointments: later }), "10:00");
    expect(full.estimatedWaitTime).toBe(60);
  });

  it("leaves out slots that have ended; the current slot counts its wait from now", () => {
    const list = suggest({ now: local("13:20"), preferredHour: 9 });
    expect(list.map((s) => s.label).sort()).toEqual(["13:00", "14:00", "15:00", "16:00"]);
    expect(list[0]?.label).toBe("13:00");
    expect(suggest({ now: local("17:00") })).toEqual([]);
    const busyNow = suggest({
      now: local("13:20"),
      appointments: [appointment("13:00", { status: "CHECKED_IN", checkedInAt: local("12:55") })],
    });
    expect(byLabel(busyNow, "13:00").estimatedWaitTime).toBe(15);
  });

  it("discounts the booked load and the wait by the clinic's no-show rate", () => {
    const rates = { ...noHistory, noShowRate: 0.25 };
    const slot = byLabel(suggest({ appointments: fourAt("10"), rates }), "10:00");
    expect(slot).toMatchObject({ currentAppointments: 4, expectedLoad: 3, freeCapacity: 1, hasRoom: true });
    expect(slot.estimatedWaitTime).toBe(45);
    // Patients already here are not discounted.
    const present = fourAt("10").map((a) => ({
      ...a,
      status: "CHECKED_IN" as const,
      checkedInAt: local("06:50"),
    }));
    expect(byLabel(suggest({ appointments: present, rates }), "10:00").expectedLoad).toBe(4);
  });

  it("early arrivals fill the doctor's idle time before the slot and shorten the wait after it", () => {
    const appointments = fourAt("10");
    const early = { noShowRate: 0, earlyArrivalRate: 1, meanEarlyMinutes: 30 };
    expect(byLabel(suggest({ appointments, rates: early }), "10:00").estimatedWaitTime).toBe(30);
    const half = { ...early, earlyArrivalRate: 0.5 };
    expect(byLabel(suggest({ appointments, rates: half }), "10:00").estimatedWaitTime).toBe(45);
    // Never earlier than the clinic lets patients check in.
    const hour = { ...early, meanEarlyMinutes: 60 };
    expect(
      byLabel(suggest({ appointments, rates: hour, maxEarlyArrivalMinutes: 30 }), "10:00").estimatedWaitTime,
    ).toBe(30);
  });

  it("works in Asia/Kolkata and on a 25-hour day in New York", () => {
    const kolkata = suggestSlots({
      date: DATE,
      timeZone: "Asia/Kolkata",
      now: new Date("2026-06-04T05:10:00Z"), // 10:40 IST
      workingHours: NINE_TO_FIVE,
      appointments: [],
      consultationMinutes: 20,
      recentDurations: [],
      delayMinutes: 0,
      rates: noHistory,
      maxEarlyArrivalMinutes: 30,
      preferredHour: 16,
    });
    expect(kolkata.map((s) => s.timeSlot)).toContain("10:00-11:00");
    expect(kolkata.map((s) => s.timeSlot)).not.toContain("09:00-10:00");
    expect(kolkata[0]).toMatchObject({
      timeSlot: "16:00-17:00",
      start: new Date("2026-06-04T10:30:00Z"),
      capacity: 3,
    });
    const newYork = suggestSlots({
      date: "2026-11-01",
      timeZone: "America/New_York",
      now: new Date("2026-10-31T12:00:00Z"),
      workingHours: daily("00:00", "24:00"),
      appointments: [],
      consultationMinutes: 15,
      recentDurations: [],
      delayMinutes: 0,
      rates: noHistory,
      maxEarlyArrivalMinutes: 30,
      preferredHour: 1,
    });
    expect(newYork).toHaveLength(24);
    expect(newYork[0]).toMatchObject({ label: "01:00", timeSlot: "01:00-02:00", capacity: 8 });
  });

  it("the clinic's rates come from its history, pulled towards 'everyone comes' while it is short", () => {
    const many = clinicRates({
      completed: 990,
      noShows: 110,
      checkedIn: 990,
      earlyArrivals: 500,
      meanEarlyMinutes: 12,
    });
    expect(many.noShowRate).toBeCloseTo(0.099, 3);
    expect(many.earlyArrivalRate).toBeCloseTo(0.5, 2);
    expect(many.meanEarlyMinutes).toBe(12);
    const few = clinicRates({
      completed: 0,
      noShows: 1,
      checkedIn: 0,
      earlyArrivals: 0,
      meanEarlyMinutes: 0,
    });
    expect(few.noShowRate).toBeCloseTo(1 / 11, 5);
    expect(
      clinicRates({ completed: 0, noShows: 0, checkedIn: 0, earlyArrivals: 0, meanEarlyMinutes: 0 }),
    ).toEqual({
      noShowRate: 0,
      earlyArrivalRate: 0,
      meanEarlyMinutes: 0,
    });
  });
});
