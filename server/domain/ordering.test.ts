import { describe, expect, it } from "vitest";
import { DomainError } from "./errors.ts";
import {
  applyRanks,
  callNextCandidate,
  computeMoveRanks,
  orderQueue,
  restorePosition,
  restoreRank,
  waitingEntries,
} from "./ordering.ts";
import { zonedTimeToUtc } from "./time.ts";
import type { QueueEntryInput } from "./types.ts";

const TZ = "Pacific/Auckland";
const DAY = "2026-06-04";
const local = (hhmm: string) => zonedTimeToUtc(DAY, hhmm, TZ);

let ticket = 0;
function entry(id: string, over: Partial<QueueEntryInput> = {}): QueueEntryInput {
  return {
    id,
    ticket: ++ticket,
    status: "BOOKED",
    priority: "NORMAL",
    scheduledAt: local("09:00"),
    bookedAt: local("07:00"),
    paidAt: null,
    orderRank: null,
    checkedInAt: null,
    calledAt: null,
    startedAt: null,
    ...over,
  };
}

const ids = (entries: { id: string }[]) => entries.map((e) => e.id);
const line = (entries: QueueEntryInput[]) => ids(waitingEntries(orderQueue(entries, TZ)));

function move(entries: QueueEntryInput[], id: string, position: number) {
  return applyRanks(entries, computeMoveRanks(orderQueue(entries, TZ), id, position));
}

describe("orderQueue", () => {
  it("lists the room, then the called patient, then the waiting line numbered from 1", () => {
    const queue = orderQueue(
      [
        entry("done", { status: "COMPLETED" }),
        entry("waiting-b", { scheduledAt: local("10:00") }),
        entry("called", { status: "CALLED", calledAt: local("09:20") }),
        entry("waiting-a", { status: "CHECKED_IN" }),
        entry("room", { status: "IN_CONSULTATION", startedAt: local("09:05") }),
        entry("gone", { status: "NO_SHOW" }),
        entry("cancelled", { status: "CANCELLED" }),
      ],
      TZ,
    );
    expect(queue.map((e) => [e.id, e.position])).toEqual([
      ["room", 0],
      ["called", 0],
      ["waiting-a", 1],
      ["waiting-b", 2],
    ]);
    expect(queue[2]?.slotStart).toEqual(local("09:00"));
  });

  it("orders by slot, then payment (earlier paid first, unpaid last), then booking time, then id", () => {
    const entries = [
      entry("later-slot", { scheduledAt: local("10:00"), paidAt: local("06:00") }),
      entry("unpaid-early-booking", { scheduledAt: local("09:45"), bookedAt: local("05:00") }),
      entry("paid-late", { scheduledAt: local("09:30"), paidAt: local("08:00") }),
      entry("paid-early", { scheduledAt: local("09:50"), paidAt: local("07:30") }),
      entry("unpaid-b", { bookedAt: local("06:00") }),
      entry("unpaid-a", { bookedAt: local("06:00") }),
    ];
    expect(line(entries)).toEqual([
      "paid-early",
      "paid-late",
      "unpaid-early-booking",
      "unpaid-a",
      "unpaid-b",
      "later-slot",
    ]);
  });

  it("puts URGENT entries before NORMAL ones", () => {
    const entries = [
      entry("normal", { paidAt: local("06:00") }),
      entry("urgent", { priority: "URGENT", scheduledAt: local("11:00") }),
    ];
    expect(line(entries)).toEqual(["urgent", "normal"]);
  });
});

describe("manual moves", () => {
  const base = () => ["a", "b", "c", "d", "e"].map((id, i) => entry(id, { bookedAt: local(`0${i + 1}:00`) }));

  it("puts the entry at the asked position and keeps everyone else's order", () => {
    expect(line(move(base(), "d", 2))).toEqual(["a", "d", "b", "c", "e"]);
    expect(line(move(base(), "a", 5))).toEqual(["b", "c", "d", "e", "a"]);
    expect(line(move(base(), "c", 3))).toEqual(["a", "b", "c", "d", "e"]);
  });

  it("holds when a later booking arrives in the same slot", () => {
    const moved = move(base(), "e", 1);
    const withLater = [...moved, entry("late-booking", { bookedAt: local("08:00") })];
    expect(line(withLater)).toEqual(["e", "a", "b", "c", "d", "late-booking"]);
    const withPaid = [...moved, entry("paid-walk-in", { bookedAt: local("08:00"), paidAt: local("08:05") })];
    expect(line(withPaid).indexOf("e")).toBeLessThan(line(withPaid).indexOf("a"));
  });

  it("changes only the moved entry's rank once the line is ranked", () => {
    const once = move(base(), "e", 1);
    const ranks = computeMoveRanks(orderQueue(once, TZ), "b", 4);
    expect([...ranks.keys()]).toEqual(["b"]);
    expect(line(applyRanks(once, ranks))).toEqual(["e", "a", "c", "b", "d"]);
  });

  it("stays exact after many moves into the same gap", () => {
    let entries = base();
    for (let i = 0; i < 80; i++) {
      entries = move(entries, i % 2 === 0 ? "e" : "d", 2);
      expect(line(entries)[1]).toBe(i % 2 === 0 ? "e" : "d");
    }
  });

  it("refuses to move a called patient, an unknown entry or to a position that does not exist", () => {
    const entries = [...base(), entry("called", { status: "CALLED" })];
    const ordered = orderQueue(entries, TZ);
    const refused = (reason: string) => expect.objectContaining({ reason });
    expect(() => computeMoveRanks(ordered, "called", 1)).toThrow(refused("NOT_WAITING"));
    expect(() => computeMoveRanks(ordered, "nobody", 1)).toThrow(DomainError);
    expect(() => computeMoveRanks(ordered, "nobody", 1)).toThrow(refused("APPOINTMENT_NOT_IN_QUEUE"));
    expect(() => computeMoveRanks(ordered, "a", 6)).toThrow(/between 1 and 5/);
    expect(() => computeMoveRanks(ordered, "a", 0)).toThrow(refused("POSITION_OUT_OF_RANGE"));
  });

  it("lets a new URGENT entry go ahead of ranked ones", () => {
    const moved = move(base(), "c", 1);
    expect(line([...moved, entry("urgent", { priority: "URGENT", bookedAt: local("08:30") })])[0]).toBe(
      "urgent",
    );
  });
});

describe("restoring a no-show who arrives", () => {
  it("goes to the end of the current slot's waiting entries, before later slots", () => {
    const entries = [
      entry("nine-a", { status: "CHECKED_IN" }),
      entry("nine-b", { bookedAt: local("07:30") }),
      entry("ten-a", { scheduledAt: local("10:00") }),
      entry("late", { status: "NO_SHOW", scheduledAt: local("08:00"), orderRank: 5 }),
    ];
    const now = local("09:40");
    const ordered = orderQueue(entries, TZ);
    expect(restorePosition(ordered, "late", now, TZ)).toBe(3);
    const ranks = restoreRank(ordered, { id: "late", orderRank: 5 }, now, TZ);
    const restored = applyRanks(entries, ranks).map((e) =>
      e.id === "late" ? { ...e, status: "CHECKED_IN" as const } : e,
    );
    expect(line(restored)).toEqual(["nine-a", "nine-b", "late", "ten-a"]);
  });

  it("goes first when only later slots are waiting", () => {
    const entries = [entry("eleven", { scheduledAt: local("11:00") }), entry("late", { status: "NO_SHOW" })];
    const ordered = orderQueue(entries, TZ);
    const ranks = restoreRank(ordered, { id: "late", orderRank: null }, local("09:50"), TZ);
    const restored = applyRanks(entries, ranks).map((e) =>
      e.id === "late" ? { ...e, status: "CHECKED_IN" as const } : e,
    );
    expect(line(restored)).toEqual(["late", "eleven"]);
  });
});

describe("callNextCandidate", () => {
  it("takes the first present patient; absent ones ahead keep their place", () => {
    const entries = [
      entry("absent", { bookedAt: local("01:00") }),
      entry("present", { status: "CHECKED_IN", bookedAt: local("02:00") }),
      entry("present-later", { status: "CHECKED_IN", scheduledAt: local("10:00") }),
    ];
    const ordered = orderQueue(entries, TZ);
    expect(callNextCandidate(ordered)?.id).toBe("present");
    const after = orderQueue(
      entries.map((e) => (e.id === "present" ? { ...e, status: "CALLED" as const } : e)),
      TZ,
    );
    expect(after.find((e) => e.id === "absent")?.position).toBe(1);
  });

  it("finds nobody when nobody is checked in", () => {
    expect(callNextCandidate(orderQueue([entry("absent")], TZ))).toBeNull();
  });
});
