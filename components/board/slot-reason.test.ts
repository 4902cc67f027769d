import { describe, expect, it } from "vitest";
import {
  bookingInstant,
  noShowText,
  placesText,
  type RankedSlot,
  rankSlots,
  seenAround,
  slotErrorOf,
  slotReason,
  waitText,
  walkInChoice,
} from "./slot-reason";

const slot = (over: Partial<RankedSlot> & { label: string }): RankedSlot => ({
  start: `2026-03-12T${over.label}:00+13:00`,
  capacity: 4,
  currentAppointments: 0,
  freeCapacity: 4,
  hasRoom: true,
  estimatedWaitTime: 0,
  priorityScore: 50,
  ...over,
});

describe("rankSlots", () => {
  it("puts the best score first, full slots last and ties in time order", () => {
    const ranked = rankSlots([
      slot({ label: "11:00", priorityScore: 70 }),
      slot({ label: "09:00", priorityScore: 90, hasRoom: false }),
      slot({ label: "10:00", priorityScore: 70 }),
      slot({ label: "12:00", priorityScore: 80 }),
    ]);
    expect(ranked.map((s) => s.label)).toEqual(["12:00", "10:00", "11:00", "09:00"]);
  });
});

describe("slot reasons in words", () => {
  it("counts the free places", () => {
    expect(placesText(slot({ label: "09:00", currentAppointments: 1 }))).toBe("3 of 4 places free");
    expect(placesText(slot({ label: "09:00", capacity: 1 }))).toBe("1 of 1 place free");
    expect(placesText(slot({ label: "09:00", currentAppointments: 4 }))).toBe("full (4 of 4 booked)");
  });

  it("says the wait", () => {
    expect(waitText(0)).toBe("no wait expected");
    expect(waitText(25)).toBe("wait about 25 min");
    expect(waitText(75)).toBe("wait about 1 h 15 min");
    // An hour still to come: its wait counts from the hour's start, and the line says so.
    expect(waitText(92, false)).toBe("about 1 h 32 min after the hour starts");
    expect(waitText(0, false)).toBe("no wait expected");
  });

  it("mentions no-shows only when they matter", () => {
    expect(noShowText(slot({ label: "09:00", currentAppointments: 3 }), 0.02)).toBeNull();
    expect(noShowText(slot({ label: "09:00" }), 0.3)).toBeNull();
    expect(noShowText(slot({ label: "09:00", currentAppointments: 4 }), 0.25)).toBe(
      "about 1 of the 4 booked patients may not come (25% no-shows here)",
    );
    expect(noShowText(slot({ label: "09:00", currentAppointments: 1 }), 0.1)).toBe(
      "10% of booked patients here do not come",
    );
  });

  it("joins them in one line", () => {
    const nine = slot({ label: "09:00", currentAppointments: 2, estimatedWaitTime: 12 });
    expect(slotReason(nine, 0, Date.parse("2026-03-12T09:20:00+13:00"))).toBe(
      "2 of 4 places free · wait about 12 min",
    );
    expect(slotReason(nine, 0, Date.parse("2026-03-12T08:20:00+13:00"))).toBe(
      "2 of 4 places free · about 12 min after the hour starts",
    );
  });
});

describe("bookingInstant", () => {
  it("books the hour under way for now and later hours for their start", () => {
    const s = slot({ label: "10:00", start: "2026-03-11T10:00:00+13:00" });
    const now = Date.parse("2026-03-11T10:20:00+13:00");
    expect(bookingInstant(s, now).getTime()).toBe(now);
    expect(bookingInstant(s, Date.parse("2026-03-11T09:20:00+13:00")).toISOString()).toBe(
      "2026-03-10T21:00:00.000Z",
    );
  });
});

describe("slotErrorOf", () => {
  const none = { fields: {}, reason: null, message: null };
  it("puts refusals about the time under the picker, others elsewhere", () => {
    expect(slotErrorOf({ ...none, reason: "SLOT_ENDED", message: "That slot has already ended." })).toBe(
      "That slot has already ended.",
    );
    expect(slotErrorOf({ ...none, fields: { scheduledAt: "Use an ISO time." }, message: "x" })).toBe(
      "Use an ISO time.",
    );
    expect(slotErrorOf({ ...none, reason: "CONCURRENT_CHANGE", message: "Try again." })).toBeUndefined();
    expect(slotErrorOf({ ...none, fields: { patientName: "Too long" }, message: "x" })).toBeUndefined();
  });
});

describe("walkInChoice (a patient at the desk now)", () => {
  // 19:01 on the 12th (+13:00): the hour under way has a long backlog, later hours none.
  const now = Date.parse("2026-03-12T19:01:00+13:00");
  const current = slot({ label: "19:00", estimatedWaitTime: 88, priorityScore: 60 });
  const next = slot({ label: "20:00", estimatedWaitTime: 51, priorityScore: 70 });
  const last = slot({ label: "21:00", estimatedWaitTime: 0, priorityScore: 90 });

  it("offers the slot where they are seen soonest, not the best booking score", () => {
    expect(seenAround(current, now)).toBe(Date.parse("2026-03-12T20:29:00+13:00"));
    expect(seenAround(next, now)).toBe(Date.parse("2026-03-12T20:51:00+13:00"));
    expect(seenAround(last, now)).toBe(Date.parse("2026-03-12T21:00:00+13:00"));
    expect(walkInChoice([last, next, current], now)?.label).toBe("19:00");
    expect(rankSlots([last, next, current])[0]?.label).toBe("21:00"); // what the dialog offered before
  });

  it("skips slots without room, unless none has any; ties go to the earlier slot", () => {
    expect(walkInChoice([{ ...current, hasRoom: false }, next, last], now)?.label).toBe("20:00");
    const full = [current, next].map((s) => ({ ...s, hasRoom: false }));
    expect(walkInChoice(full, now)?.label).toBe("19:00");
    const tie = slot({ label: "20:00", estimatedWaitTime: 29 });
    expect(walkInChoice([tie, current], now)?.label).toBe("19:00");
    expect(walkInChoice([], now)).toBeUndefined();
  });
});
