import { describe, expect, it } from "vitest";
import {
  callNext,
  clearScheduledNoShow,
  move,
  renumber,
  restore,
  setPriority,
  setStatus,
} from "./optimistic";
import { entry, order, snapshot } from "./test-fixtures";

const line = () =>
  snapshot([
    entry(1, { status: "IN_CONSULTATION" }),
    entry(2, { status: "BOOKED" }),
    entry(3, { status: "CHECKED_IN" }),
    entry(4, { status: "CHECKED_IN" }),
    entry(5, { status: "COMPLETED" }),
  ]);

describe("the board's optimistic changes", () => {
  it("renumbers: with the doctor 0, waiting 1..n, finished last without a place", () => {
    const s = line();
    const shuffled = renumber(s, [s.entries[4]!, s.entries[2]!, s.entries[0]!, s.entries[1]!, s.entries[3]!]);
    expect(order(shuffled)).toEqual([
      "1:IN_CONSULTATION:0",
      "3:CHECKED_IN:1",
      "2:BOOKED:2",
      "4:CHECKED_IN:3",
      "5:COMPLETED:null",
    ]);
  });

  it("calls the first checked-in patient, passing over an absent one ahead (rule 5)", () => {
    expect(order(callNext(line()))).toEqual([
      "1:IN_CONSULTATION:0",
      "3:CALLED:0",
      "2:BOOKED:1",
      "4:CHECKED_IN:2",
      "5:COMPLETED:null",
    ]);
  });

  it("calls nobody while someone is called or the queue is paused", () => {
    const called = callNext(line());
    expect(callNext(called)).toBe(called);
    const paused = { ...line(), paused: { reason: null } };
    expect(callNext(paused)).toBe(paused);
  });

  it("completes: the visit leaves the line and the others move up", () => {
    const s = setStatus(line(), "a1", "COMPLETED");
    expect(order(s)).toEqual([
      "2:BOOKED:1",
      "3:CHECKED_IN:2",
      "4:CHECKED_IN:3",
      "1:COMPLETED:null",
      "5:COMPLETED:null",
    ]);
    expect(s.entries.find((e) => e.ticket === 1)?.endedAt).toBeInstanceOf(Date);
  });

  it("moves one patient and keeps everyone else's order (rule 4)", () => {
    expect(order(move(line(), "a4", 1))).toEqual([
      "1:IN_CONSULTATION:0",
      "4:CHECKED_IN:1",
      "2:BOOKED:2",
      "3:CHECKED_IN:3",
      "5:COMPLETED:null",
    ]);
    expect(order(move(line(), "a1", 1))).toEqual(order(line()));
  });

  it("restores a no-show after the waiting patients whose slot has started", () => {
    const later = new Date("2026-06-04T10:00:00Z");
    const s = snapshot([
      entry(2, { status: "CHECKED_IN" }),
      entry(3, { status: "BOOKED", slotStart: later }),
      entry(4, { status: "NO_SHOW" }),
    ]);
    const restored = restore(s, "a4", new Date("2026-06-04T09:30:00Z"));
    expect(order(restored)).toEqual(["2:CHECKED_IN:1", "4:CHECKED_IN:2", "3:BOOKED:3"]);
  });

  it("puts an urgent patient ahead of the normal ones (rule 3)", () => {
    expect(order(setPriority(line(), "a4", "URGENT")).slice(1, 4)).toEqual([
      "4:CHECKED_IN:1",
      "2:BOOKED:2",
      "3:CHECKED_IN:3",
    ]);
  });

  it("takes back a scheduled no-show on that row only", () => {
    const due = new Date("2026-06-04T09:30:00Z");
    const s = snapshot([entry(1, { noShowDueAt: due }), entry(2, { noShowDueAt: due })]);
    expect(clearScheduledNoShow(s, "a1").entries.map((e) => e.noShowDueAt)).toEqual([null, due]);
  });
});
