import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  type EstimateInput,
  estimateQueue,
  expectedConsultationMinutes,
  naiveEstimateMinutes,
} from "./estimate.ts";
import { orderQueue } from "./ordering.ts";
import { zonedTimeToUtc } from "./time.ts";
import type { AppointmentStatus, QueueEntryInput } from "./types.ts";

const TZ = "Pacific/Auckland";
const local = (hhmm: string) => zonedTimeToUtc("2026-06-04", hhmm, TZ);
const NOW = local("09:10");
const MIN = 60_000;

let serial = 0;
function entry(over: Partial<QueueEntryInput> = {}): QueueEntryInput {
  serial++;
  return {
    id: `a${String(serial).padStart(3, "0")}`,
    ticket: serial,
    status: "CHECKED_IN",
    priority: "NORMAL",
    scheduledAt: local("09:00"),
    bookedAt: new Date(local("07:00").getTime() + serial * MIN),
    paidAt: null,
    orderRank: null,
    checkedInAt: null,
    calledAt: null,
    startedAt: null,
    ...over,
  };
}

function estimate(entries: QueueEntryInput[], over: Partial<EstimateInput> = {}) {
  const ordered = orderQueue(entries, TZ);
  const result = estimateQueue({
    ordered,
    now: NOW,
    consultationMinutes: 15,
    recentDurations: [],
    delayMinutes: 0,
    paused: false,
    ...over,
  });
  return { ordered, result, waitOf: (e: QueueEntryInput) => result.get(e.id)?.estimatedWaitMinutes };
}

describe("estimateQueue", () => {
  it("has nothing to say about an empty queue", () => {
    expect(estimate([]).result.size).toBe(0);
  });

  it("gives the rest of the consultation in progress, then one consultation each", () => {
    const inRoom = entry({ status: "IN_CONSULTATION", startedAt: local("09:00") });
    const first = entry();
    const second = entry();
    const { result, waitOf } = estimate([inRoom, first, second]);
    expect(result.get(inRoom.id)?.estimatedStartAt).toEqual(local("09:00"));
    expect(waitOf(inRoom)).toBe(0);
    expect(waitOf(first)).toBe(5);
    expect(result.get(first.id)?.estimatedStartAt).toEqual(local("09:15"));
    expect(waitOf(second)).toBe(20);
  });

  it("still leaves a few minutes for a consultation that is running over", () => {
    const inRoom = entry({ status: "IN_CONSULTATION", startedAt: local("08:30") });
    const first = entry();
    expect(estimate([inRoom, first]).waitOf(first)).toBe(3);
  });

  it("starts a called patient as soon as the doctor is free", () => {
    const called = entry({ status: "CALLED", calledAt: local("09:09") });
    const first = entry();
    const { waitOf } = estimate([called, first]);
    expect(waitOf(called)).toBe(0);
    expect(waitOf(first)).toBe(15);
  });

  it("adds an announced delay to every estimate of a full queue", () => {
    const entries = [
      entry({ status: "IN_CONSULTATION", startedAt: local("09:00") }),
      entry({ status: "CALLED" }),
      entry(),
      entry(),
      entry(),
    ];
    const plain = estimate(entries);
    const late = estimate(entries, { delayMinutes: 20 });
    for (const e of entries.filter((x) => x.status !== "IN_CONSULTATION")) {
      expect(late.waitOf(e)).toBe((plain.waitOf(e) ?? 0) + 20);
    }
  });

  it("does not estimate a patient of a later slot before that slot starts", () => {
    const now = entry();
    const eleven = entry({ status: "BOOKED", scheduledAt: local("11:20") });
    const { result, waitOf } = estimate([now, eleven]);
    expect(result.get(eleven.id)?.estimatedStartAt).toEqual(local("11:00"));
    expect(waitOf(eleven)).toBe(110);
  });

  it("sees a present early arrival before an absent patient ahead of them (rule 5)", () => {
    const absent = entry({ status: "BOOKED", scheduledAt: local("10:00") });
    const early = entry({ status: "CHECKED_IN", scheduledAt: local("10:00") });
    const { ordered, waitOf } = estimate([absent, early]);
    expect(ordered.map((e) => e.id)).toEqual([absent.id, early.id]);
    expect(waitOf(early)).toBe(0);
    expect(waitOf(absent)).toBe(50);
  });

  it("counts a patient whose slot started but who is not here as half a consultation", () => {
    const late = entry({ status: "BOOKED", scheduledAt: local("09:00") });
    const here = entry();
    const { waitOf } = estimate([late, here]);
    expect(waitOf(late)).toBe(0);
    expect(waitOf(here)).toBe(8); // 7.5 minutes
  });

  it("does not start before the doctor's working start", () => {
    const first = entry();
    const { result } = estimate([first], { workStart: local("09:30") });
    expect(result.get(first.id)?.estimatedStartAt).toEqual(local("09:30"));
  });

  it("gives no estimate while the queue is paused", () => {
    expect(estimate([entry()], { paused: true }).result.size).toBe(0);
  });

  it("is non-decreasing along the waiting order when everyone is here", () => {
    const entries = [
      entry({ priority: "URGENT" }),
      entry({ paidAt: local("08:00") }),
      entry(),
      entry({ scheduledAt: local("10:00") }),
      entry(),
    ];
    const { ordered, result } = estimate(entries, { recentDurations: [12, 9, 30, 14] });
    const starts = ordered.map((e) => result.get(e.id)?.estimatedStartAt.getTime() ?? Number.NaN);
    expect(starts).toEqual([...starts].sort((a, b) => a - b));
  });
});

describe("expected consultation length", () => {
  it("uses the default without history and leans on it while samples are few", () => {
    expect(expectedConsultationMinutes([], 15)).toBe(15);
    expect(expectedConsultationMinutes([25], 15)).toBeCloseTo((25 + 5 * 15) / 6);
    expect(expectedConsultationMinutes(Array(25).fill(20), 15)).toBeCloseTo((25 * 20 + 75) / 30);
  });

  it("is not thrown by a forgotten 'complete' or a mistaken start", () => {
    const samples = [...Array(9).fill(20), 300, 0.1];
    expect(expectedConsultationMinutes(samples, 15)).toBeCloseTo((9 * 20 + 60 + 5 * 15) / 15);
  });

  it("naive estimate is position x default", () => {
    expect(naiveEstimateMinutes(3, 15)).toBe(45);
  });
});

describe("estimate invariants", () => {
  const statusArb = fc.constantFrom<AppointmentStatus>(
    "BOOKED",
    "CHECKED_IN",
    "CHECKED_IN",
    "CALLED",
    "IN_CONSULTATION",
    "COMPLETED",
  );
  const queueArb = fc.array(
    fc.record({
      status: statusArb,
      minute: fc.integer({ min: 8 * 60, max: 13 * 60 }),
      urgent: fc.integer({ min: 0, max: 5 }).map((n) => n === 0),
      startedMinutesAgo: fc.integer({ min: 0, max: 40 }),
    }),
    { maxLength: 20 },
  );
  const inputArb = fc.record({
    shapes: queueArb,
    delayMinutes: fc.integer({ min: 0, max: 45 }),
    recent: fc.array(fc.double({ min: 0, max: 120, noNaN: true }), { maxLength: 30 }),
    workStartMinute: fc.option(fc.integer({ min: 8 * 60, max: 10 * 60 }), { nil: undefined }),
  });

  it("every open entry gets one; nobody starts before now, their slot (if absent) or the working start; order holds among those already there", () => {
    fc.assert(
      fc.property(inputArb, ({ shapes, delayMinutes, recent, workStartMinute }) => {
        const day = local("00:00").getTime();
        const entries = shapes.map((s) =>
          entry({
            status: s.status,
            priority: s.urgent ? "URGENT" : "NORMAL",
            scheduledAt: new Date(day + s.minute * MIN),
            startedAt:
              s.status === "IN_CONSULTATION" ? new Date(NOW.getTime() - s.startedMinutesAgo * MIN) : null,
          }),
        );
        const workStart = workStartMinute === undefined ? undefined : new Date(day + workStartMinute * MIN);
        const { ordered, result } = estimate(entries, { delayMinutes, recentDurations: recent, workStart });
        expect(result.size).toBe(ordered.length);
        const availableAt = (e: (typeof ordered)[number]) =>
          e.status === "BOOKED" ? Math.max(NOW.getTime(), e.slotStart.getTime()) : NOW.getTime();
        const waiting = ordered.filter((e) => e.position > 0);
        for (const e of ordered) {
          const est = result.get(e.id);
          if (!est) throw new Error(`no estimate for ${e.id}`);
          expect(est.estimatedWaitMinutes).toBe(
            Math.max(0, Math.round((est.estimatedStartAt.getTime() - NOW.getTime()) / MIN)),
          );
          if (e.status === "IN_CONSULTATION") continue;
          expect(est.estimatedStartAt.getTime()).toBeGreaterThanOrEqual(availableAt(e));
          if (workStart && !ordered.some((x) => x.status === "IN_CONSULTATION")) {
            expect(est.estimatedStartAt.getTime()).toBeGreaterThanOrEqual(workStart.getTime());
          }
        }
        waiting.forEach((a, i) => {
          for (const b of waiting.slice(i + 1)) {
            if (availableAt(a) <= availableAt(b)) {
              expect(result.get(a.id)?.estimatedStartAt.getTime()).toBeLessThanOrEqual(
                result.get(b.id)?.estimatedStartAt.getTime() ?? 0,
              );
            }
          }
        });
        // Deterministic: the same snapshot gives the same answer.
        expect(estimate(entries, { delayMinutes, recentDurations: recent, workStart }).result).toEqual(
          result,
        );
      }),
    );
  });
});
