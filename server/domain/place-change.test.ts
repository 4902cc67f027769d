import { describe, expect, it } from "vitest";
import { QUEUE_EVENT, type QueueEventType } from "./events.ts";
import { type PlaceEntry, placeCauses } from "./place-change.ts";
import { patientView, type QueueSnapshotView } from "./snapshot.ts";

const at = (hhmm: string) => new Date(`2026-03-11T${hhmm}:00Z`);
const entry = (id: string, place: number | null, over: Partial<PlaceEntry> = {}): PlaceEntry => ({
  appointmentId: id,
  status: "BOOKED",
  priority: "NORMAL",
  place,
  slotStart: at("10:00"),
  ...over,
});
const event = (type: QueueEventType, appointmentId: string | null) => ({ type, appointmentId });

describe("why a patient's place went up", () => {
  it("names an urgent patient put ahead (booked, walked in, or marked urgent)", () => {
    const before = [entry("a", 1), entry("b", 2)];
    const urgent = entry("u", 1, { priority: "URGENT", slotStart: at("11:00") });
    const after = [urgent, entry("a", 2), entry("b", 3)];
    expect(placeCauses(before, after, event(QUEUE_EVENT.WALK_IN, "u"))).toEqual({ a: "urgent", b: "urgent" });
    const marked = [entry("b", 1, { priority: "URGENT" }), entry("a", 2)];
    expect(placeCauses(before, marked, event(QUEUE_EVENT.PRIORITY_URGENT, "b"))).toEqual({ a: "urgent" });
  });

  it("tells an earlier appointment's arrival from a present patient going first", () => {
    const me = entry("me", 1, { slotStart: at("10:00") });
    const earlier = entry("e", 2, { slotStart: at("09:00") });
    const later = entry("l", 2, { slotStart: at("11:00") });
    const arrived = (x: PlaceEntry) => ({ ...x, status: "CHECKED_IN" as const, place: 1 });
    expect(
      placeCauses([me, earlier], [arrived(earlier), { ...me, place: 2 }], event(QUEUE_EVENT.CHECKED_IN, "e")),
    ).toEqual({ me: "arrived" });
    // A later appointment who is here goes before one who has not come: check in to keep your place.
    expect(
      placeCauses([me, later], [arrived(later), { ...me, place: 2 }], event(QUEUE_EVENT.EARLY_ARRIVAL, "l")),
    ).toEqual({ me: "arrivedPresent" });
  });

  it("says the desk reordered, someone came back, or the patient's own lateness", () => {
    const before = [entry("a", 1), entry("b", 2)];
    const swapped = [entry("b", 1), entry("a", 2)];
    expect(placeCauses(before, swapped, event(QUEUE_EVENT.MOVED, "b"))).toEqual({ a: "reordered" });
    expect(placeCauses(before, swapped, event(QUEUE_EVENT.MOVED, "a"))).toEqual({ a: "reordered" });
    expect(placeCauses(before, swapped, event(QUEUE_EVENT.RESTORED, "b"))).toEqual({ a: "returned" });
    expect(placeCauses(before, swapped, event(QUEUE_EVENT.RUNNING_LATE, "a"))).toEqual({ a: "late" });
    expect(placeCauses(before, swapped, event(QUEUE_EVENT.DOCTOR_CHANGED, null))).toEqual({ a: "other" });
  });

  it("says nothing when nobody went back, or to those who left the line", () => {
    const before = [entry("a", 1), entry("b", 2), entry("c", 3)];
    // b is called: everyone behind moves up, nobody back.
    const called = [entry("b", 0, { status: "CALLED" }), entry("a", 1), entry("c", 2)];
    expect(placeCauses(before, called, event(QUEUE_EVENT.CALLED, "b"))).toEqual({});
    // a is cancelled (no place any more): not "went back".
    const cancelled = [entry("a", null, { status: "CANCELLED" }), entry("b", 1), entry("c", 2)];
    expect(placeCauses(before, cancelled, event(QUEUE_EVENT.CANCELLED, "a"))).toEqual({});
    // A new booking behind everyone moves nobody.
    const booked = [...before, entry("d", 4, { slotStart: at("12:00") })];
    expect(placeCauses(before, booked, event(QUEUE_EVENT.BOOKED, "d"))).toEqual({});
  });

  it("reaches only that patient's view, and only while waiting", () => {
    const snapshot: QueueSnapshotView = {
      doctor: { room: "7" },
      notice: null,
      paused: null,
      placeChanges: { a: "urgent" },
      entries: [
        { ...entry("u", 1), ticket: 9, position: 1, estimatedStartAt: null, estimatedWaitMinutes: null },
        { ...entry("a", 2), ticket: 3, position: 2, estimatedStartAt: null, estimatedWaitMinutes: null },
      ],
    };
    expect(patientView(snapshot, "a").placeChange).toBe("urgent");
    expect(patientView(snapshot, "u").placeChange).toBeNull();
    expect(patientView({ ...snapshot, placeChanges: undefined }, "a").placeChange).toBeNull();
  });
});
