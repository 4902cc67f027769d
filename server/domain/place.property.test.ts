// Rule 9 over random queues: the place a patient is told comes from the expected order of being
// seen, so sorted by place the expected times never go down, people ahead = place - 1, places are
// 1..n without gap or repeat, and every surface built from one snapshot (the patient page and the
// REST answer share PatientViews; the board and the doctor's page read the snapshot entries; the
// waiting-room screen reads displayView) says the same.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { estimateQueue } from "./estimate.ts";
import { orderQueue } from "./ordering.ts";
import { displayView, PatientViews, type QueueSnapshotView, snapshotEntries } from "./snapshot.ts";
import { zonedTimeToUtc } from "./time.ts";
import type { AppointmentStatus, QueueEntryInput } from "./types.ts";

const TZ = "America/Los_Angeles";
const DAY = "2026-06-04";
const MIN = 60_000;
const at = (minute: number) => new Date(zonedTimeToUtc(DAY, "00:00", TZ).getTime() + minute * MIN);

type Shape = {
  status: AppointmentStatus;
  urgent: boolean;
  slotMinute: number;
  checkedInOffset: number;
  paid: boolean;
  rank: number | null;
};

const OPEN: AppointmentStatus[] = [
  "BOOKED",
  "BOOKED",
  "CHECKED_IN",
  "CHECKED_IN",
  "CALLED",
  "IN_CONSULTATION",
];

const queueArb = fc
  .record({
    shapes: fc.array(
      fc.record({
        status: fc.constantFrom(...OPEN),
        urgent: fc.integer({ min: 0, max: 4 }).map((n) => n === 0),
        slotMinute: fc.integer({ min: 7 * 60, max: 13 * 60 }).map((m) => m - (m % 15)),
        checkedInOffset: fc.integer({ min: -40, max: 40 }),
        paid: fc.boolean(),
        rank: fc.option(
          fc.integer({ min: -3, max: 30 }).map((n) => n * 512),
          { nil: null, freq: 3 },
        ),
      }),
      { maxLength: 30 },
    ),
    nowMinute: fc.integer({ min: 6 * 60, max: 14 * 60 }),
    delay: fc.constantFrom(0, 0, 20, 45),
    durations: fc.array(fc.integer({ min: 3, max: 40 }), { maxLength: 10 }),
    showProbability: fc.double({ min: 0.3, max: 1, noNaN: true }),
    unscheduledPerHour: fc.constantFrom(0, 0, 1, 2.5),
    arrivalSpreadMinutes: fc.constantFrom(0, 0, 10, 25),
  })
  .map(({ shapes, nowMinute, ...rest }) => ({
    now: at(nowMinute),
    entries: shapes.map((s: Shape, i): QueueEntryInput => {
      const slot = at(s.slotMinute);
      const present = s.status !== "BOOKED";
      return {
        id: `a${String(i).padStart(2, "0")}`,
        ticket: i + 1,
        status: s.status,
        priority: s.urgent ? "URGENT" : "NORMAL",
        scheduledAt: slot,
        bookedAt: at(s.slotMinute - 600 + i),
        paidAt: s.paid ? at(s.slotMinute - 300 + i) : null,
        orderRank: s.rank,
        checkedInAt: present
          ? new Date(Math.min(at(nowMinute).getTime(), slot.getTime() + s.checkedInOffset * MIN))
          : null,
        calledAt: s.status === "CALLED" || s.status === "IN_CONSULTATION" ? at(nowMinute - 5) : null,
        startedAt: s.status === "IN_CONSULTATION" ? at(nowMinute - 4) : null,
      };
    }),
    ...rest,
  }));

type Queue = {
  entries: QueueEntryInput[];
  now: Date;
  delay: number;
  durations: number[];
  showProbability: number;
  unscheduledPerHour: number;
  arrivalSpreadMinutes: number;
};

function build(q: Queue): QueueSnapshotView {
  const ordered = orderQueue(q.entries, TZ);
  const estimates = estimateQueue({
    ordered,
    now: q.now,
    consultationMinutes: 15,
    recentDurations: q.durations,
    delayMinutes: q.delay,
    paused: false,
    showProbability: q.showProbability,
    unscheduledPerHour: q.unscheduledPerHour,
    arrivalSpreadMinutes: q.arrivalSpreadMinutes,
  });
  return { doctor: { room: "4" }, notice: null, paused: null, entries: snapshotEntries(ordered, estimates) };
}

describe("rule 9: the place a patient is told never contradicts the time", () => {
  it("sorted by place, expected times never go down; people ahead = place - 1; places 1..n", () => {
    fc.assert(
      fc.property(queueArb, (q) => {
        const snapshot = build(q);
        const views = new PatientViews(snapshot);
        const waiting = snapshot.entries
          .filter((e) => e.status === "BOOKED" || e.status === "CHECKED_IN")
          .map((e) => views.of(e.appointmentId))
          .sort((a, b) => (a.position ?? 0) - (b.position ?? 0));
        expect(waiting.map((v) => v.position)).toEqual(waiting.map((_, i) => i + 1));
        for (const [i, v] of waiting.entries()) {
          expect(v.peopleAhead).toBe((v.position ?? 0) - 1);
          expect(v.totalWaiting).toBe(waiting.length);
          if (i > 0) {
            const before = waiting[i - 1]!;
            expect(v.estimatedStartAt!.getTime()).toBeGreaterThanOrEqual(before.estimatedStartAt!.getTime());
            expect(v.estimatedWaitMinutes!).toBeGreaterThanOrEqual(before.estimatedWaitMinutes!);
          }
        }
      }),
      { numRuns: 400 },
    );
  });

  it("the board's entries, the patient views and the waiting-room screen agree", () => {
    fc.assert(
      fc.property(queueArb, (q) => {
        const snapshot = build(q);
        const views = new PatientViews(snapshot);
        for (const e of snapshot.entries) {
          const v = views.of(e.appointmentId);
          // The board shows e.place and e.estimatedStartAt: the same as the patient is told.
          if (e.status === "BOOKED" || e.status === "CHECKED_IN") {
            expect(v.position).toBe(e.place);
            expect(v.estimatedStartAt).toEqual(e.estimatedStartAt);
          }
        }
        // The screen's "next" are the present patients in the order they are expected to be seen.
        const present = snapshot.entries
          .filter((e) => e.status === "CHECKED_IN")
          .sort((a, b) => (a.place ?? 0) - (b.place ?? 0))
          .map((e) => e.ticket);
        expect(displayView(snapshot, 50).next).toEqual(present);
        const times = present.map((t) =>
          snapshot.entries.find((e) => e.ticket === t)!.estimatedStartAt!.getTime(),
        );
        expect(times).toEqual([...times].sort((a, b) => a - b));
      }),
      { numRuns: 300 },
    );
  });

  it("the bug report's case: an urgent patient who is not here is not told 'place 1, nobody ahead'", () => {
    // Urgent but absent, slot 2 h ahead; three present patients are seen first.
    const now = at(9 * 60);
    const entries: QueueEntryInput[] = [
      { slot: 11 * 60, status: "BOOKED" as const, urgent: true },
      { slot: 9 * 60, status: "CHECKED_IN" as const, urgent: false },
      { slot: 9 * 60, status: "CHECKED_IN" as const, urgent: false },
      { slot: 9 * 60, status: "CHECKED_IN" as const, urgent: false },
    ].map((s, i) => ({
      id: `b${i}`,
      ticket: i + 1,
      status: s.status,
      priority: s.urgent ? "URGENT" : "NORMAL",
      scheduledAt: at(s.slot),
      bookedAt: at(6 * 60 + i),
      paidAt: null,
      orderRank: null,
      checkedInAt: s.status === "CHECKED_IN" ? at(8 * 60 + 50) : null,
      calledAt: null,
      startedAt: null,
    }));
    const snapshot = build({
      entries,
      now,
      delay: 0,
      durations: [],
      showProbability: 1,
      unscheduledPerHour: 0,
      arrivalSpreadMinutes: 0,
    });
    const urgent = new PatientViews(snapshot).of("b0");
    expect(urgent.position).toBe(4);
    expect(urgent.peopleAhead).toBe(3);
    expect(snapshot.entries.find((e) => e.appointmentId === "b0")!.position).toBe(1); // queue order kept
  });
});
