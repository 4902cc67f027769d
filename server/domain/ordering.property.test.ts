// Invariants of the queue order over random queues (rules 3-5 and 8).
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  applyRanks,
  callNextCandidate,
  computeMoveRanks,
  orderQueue,
  RANK_STEP,
  restorePosition,
  restoreRank,
  waitingEntries,
} from "./ordering.ts";
import { zonedTimeToUtc } from "./time.ts";
import { APPOINTMENT_STATUSES, type AppointmentStatus, type QueueEntryInput } from "./types.ts";

const TZ = "Asia/Kolkata";
const DAY_START = zonedTimeToUtc("2026-06-04", "00:00", TZ).getTime();
const MIN = 60_000;
const STATUSES: readonly AppointmentStatus[] = APPOINTMENT_STATUSES;
const RANK_SCORE = { URGENT: 0, NORMAL: 1 } as const;

type Shape = {
  status: AppointmentStatus;
  urgent: boolean;
  scheduledMinute: number;
  bookedMinute: number;
  paidMinute: number | null;
  rank: number | null;
};

const shapeArb = (opts: { statuses?: AppointmentStatus[]; ranked?: boolean } = {}): fc.Arbitrary<Shape> =>
  fc.record({
    status: fc.constantFrom(...(opts.statuses ?? STATUSES)),
    urgent: fc.integer({ min: 0, max: 3 }).map((n) => n === 0),
    // Few distinct values, so ties in slot, payment and booking time are common.
    scheduledMinute: fc.integer({ min: 8 * 60, max: 12 * 60 + 59 }),
    bookedMinute: fc.integer({ min: 0, max: 6 }).map((n) => n * 30),
    paidMinute: fc.option(
      fc.integer({ min: 0, max: 6 }).map((n) => n * 30),
      { nil: null },
    ),
    rank:
      opts.ranked === false
        ? fc.constant(null)
        : fc.option(
            fc.integer({ min: -4, max: 8 }).map((n) => (n * RANK_STEP) / 2),
            { nil: null, freq: 2 },
          ),
  });

let serial = 0;
function toEntry(shape: Shape, id = `e${serial++}`): QueueEntryInput {
  return {
    id,
    ticket: serial,
    status: shape.status,
    priority: shape.urgent ? "URGENT" : "NORMAL",
    scheduledAt: new Date(DAY_START + shape.scheduledMinute * MIN),
    bookedAt: new Date(DAY_START + shape.bookedMinute * MIN),
    paidAt: shape.paidMinute === null ? null : new Date(DAY_START + shape.paidMinute * MIN),
    orderRank: shape.rank,
    checkedInAt: null,
    calledAt: null,
    startedAt: null,
  };
}

const queueArb = (opts: Parameters<typeof shapeArb>[0] = {}) =>
  fc
    .array(shapeArb(opts), { maxLength: 24 })
    .map((shapes) => shapes.map((s, i) => toEntry(s, `e${String(i).padStart(2, "0")}`)));

const lineIds = (entries: QueueEntryInput[]) => waitingEntries(orderQueue(entries, TZ)).map((e) => e.id);
const without = (ids: string[], id: string) => ids.filter((x) => x !== id);
const isSubsequence = (sub: string[], of: string[]) =>
  sub.join() === of.filter((id) => sub.includes(id)).join();

describe("queue order invariants", () => {
  it("positions are 1..n among waiting entries, with no gap or repeat; everyone open appears once", () => {
    fc.assert(
      fc.property(queueArb(), (entries) => {
        const ordered = orderQueue(entries, TZ);
        const open = entries.filter((e) =>
          ["BOOKED", "CHECKED_IN", "CALLED", "IN_CONSULTATION"].includes(e.status),
        );
        expect(ordered.map((e) => e.id).sort()).toEqual(open.map((e) => e.id).sort());
        const waiting = ordered.filter((e) => e.status === "BOOKED" || e.status === "CHECKED_IN");
        expect(waiting.map((e) => e.position)).toEqual(waiting.map((_, i) => i + 1));
        expect(
          ordered
            .filter((e) => e.position === 0)
            .every((e) => e.status === "CALLED" || e.status === "IN_CONSULTATION"),
        ).toBe(true);
        // Those with the doctor come first.
        expect(ordered.slice(0, ordered.length - waiting.length).every((e) => e.position === 0)).toBe(true);
      }),
    );
  });

  it("a move lands at the asked position and keeps everyone else's relative order", () => {
    fc.assert(
      fc.property(queueArb(), fc.nat(), fc.nat(), (entries, pick, to) => {
        const before = lineIds(entries);
        fc.pre(before.length > 0);
        const id = before[pick % before.length] as string;
        const position = (to % before.length) + 1;
        const after = lineIds(applyRanks(entries, computeMoveRanks(orderQueue(entries, TZ), id, position)));
        expect(after[position - 1]).toBe(id);
        expect(without(after, id)).toEqual(without(before, id));
      }),
    );
  });

  it("later bookings never undo a manual move", () => {
    fc.assert(
      fc.property(
        queueArb(),
        fc.nat(),
        fc.nat(),
        fc.array(shapeArb({ statuses: ["BOOKED", "CHECKED_IN"], ranked: false }), {
          minLength: 1,
          maxLength: 4,
        }),
        (entries, pick, to, newcomers) => {
          const before = lineIds(entries);
          fc.pre(before.length > 0);
          const id = before[pick % before.length] as string;
          const moved = applyRanks(
            entries,
            computeMoveRanks(orderQueue(entries, TZ), id, (to % before.length) + 1),
          );
          const afterMove = lineIds(moved);
          const later = lineIds([...moved, ...newcomers.map((s, i) => toEntry(s, `new${i}`))]);
          // Everyone already waiting, the moved entry included, keeps the order the move gave them.
          expect(isSubsequence(afterMove, later)).toBe(true);
        },
      ),
    );
  });

  it("call next takes the first present patient; the absent ones ahead keep their positions", () => {
    fc.assert(
      fc.property(queueArb(), (entries) => {
        const ordered = orderQueue(entries, TZ);
        const next = callNextCandidate(ordered);
        const waiting = waitingEntries(ordered);
        if (!next) {
          expect(waiting.every((e) => e.status === "BOOKED")).toBe(true);
          return;
        }
        expect(next.status).toBe("CHECKED_IN");
        const ahead = waiting.filter((e) => e.position < next.position);
        expect(ahead.every((e) => e.status === "BOOKED")).toBe(true);
        const afterCall = orderQueue(
          entries.map((e) => (e.id === next.id ? { ...e, status: "CALLED" as const } : e)),
          TZ,
        );
        for (const e of waiting) {
          const now = afterCall.find((x) => x.id === e.id);
          if (e.id === next.id) expect(now?.position).toBe(0);
          else expect(now?.position).toBe(e.position < next.position ? e.position : e.position - 1);
        }
      }),
    );
  });

  it("an early arrival never gets ahead of a present patient of an earlier slot", () => {
    fc.assert(
      fc.property(queueArb({ ranked: false }), (entries) => {
        const ordered = orderQueue(entries, TZ);
        const next = callNextCandidate(ordered);
        if (!next) return;
        for (const other of waitingEntries(ordered)) {
          if (other.id === next.id || other.status !== "CHECKED_IN") continue;
          const sameOrLessUrgent = RANK_SCORE[other.priority] >= RANK_SCORE[next.priority];
          expect(sameOrLessUrgent).toBe(true);
          if (other.priority === next.priority)
            expect(other.slotStart.getTime()).toBeGreaterThanOrEqual(next.slotStart.getTime());
        }
      }),
    );
  });

  it("over a day of bookings, calls, no-shows, cancellations, moves and restores, only the entry acted on changes place", () => {
    const opArb = fc.oneof(
      fc.record({
        kind: fc.constant("book" as const),
        shape: shapeArb({ statuses: ["BOOKED", "CHECKED_IN"], ranked: false }),
      }),
      fc.record({ kind: fc.constant("callNext" as const) }),
      fc.record({
        kind: fc.constant("close" as const),
        pick: fc.nat(),
        status: fc.constantFrom("NO_SHOW" as const, "CANCELLED" as const),
      }),
      fc.record({ kind: fc.constant("move" as const), pick: fc.nat(), to: fc.nat() }),
      fc.record({
        kind: fc.constant("restore" as const),
        pick: fc.nat(),
        minute: fc.integer({ min: 8 * 60, max: 13 * 60 }),
      }),
    );
    fc.assert(
      fc.property(queueArb({ ranked: false }), fc.array(opArb, { maxLength: 30 }), (start, ops) => {
        let entries = start;
        ops.forEach((op, n) => {
          const ordered = orderQueue(entries, TZ);
          const line = waitingEntries(ordered);
          const before = line.map((e) => e.id);
          const set = (id: string, change: Partial<QueueEntryInput>) =>
            entries.map((e) => (e.id === id ? { ...e, ...change } : e));
          let actedOn: string | null = null;
          if (op.kind === "book") {
            actedOn = `op${n}`;
            entries = [...entries, toEntry(op.shape, actedOn)];
          } else if (op.kind === "callNext") {
            actedOn = callNextCandidate(ordered)?.id ?? null;
            if (actedOn) entries = set(actedOn, { status: "CALLED" });
          } else if (op.kind === "close" && line.length > 0) {
            actedOn = line[op.pick % line.length]?.id ?? null;
            if (actedOn) entries = set(actedOn, { status: op.status });
          } else if (op.kind === "move" && line.length > 0) {
            actedOn = line[op.pick % line.length]?.id ?? null;
            if (actedOn)
              entries = applyRanks(entries, computeMoveRanks(ordered, actedOn, (op.to % line.length) + 1));
          } else if (op.kind === "restore") {
            const absent = entries.filter((e) => e.status === "NO_SHOW");
            const late = absent[op.pick % Math.max(1, absent.length)];
            if (late) {
              actedOn = late.id;
              const ranks = restoreRank(ordered, late, new Date(DAY_START + op.minute * MIN), TZ);
              entries = applyRanks(set(late.id, { status: "CHECKED_IN" }), ranks);
            }
          }
          const after = lineIds(entries);
          const stayed = before.filter((id) => id !== actedOn);
          expect(without(after, actedOn ?? "").filter((id) => stayed.includes(id))).toEqual(stayed);
          expect(after.length).toBe(new Set(after).size);
        });
      }),
    );
  });

  it("a restored no-show lands where restorePosition says and the others keep their order", () => {
    fc.assert(
      fc.property(
        queueArb(),
        shapeArb({ statuses: ["NO_SHOW"] }),
        fc.integer({ min: 8 * 60, max: 13 * 60 }),
        (entries, shape, nowMinute) => {
          const lateOne = toEntry(shape, "late");
          const all = [...entries, lateOne];
          const now = new Date(DAY_START + nowMinute * MIN);
          const ordered = orderQueue(all, TZ);
          const position = restorePosition(ordered, "late", now, TZ);
          const ranks = restoreRank(ordered, lateOne, now, TZ);
          const restored = applyRanks(all, ranks).map((e) =>
            e.id === "late" ? { ...e, status: "CHECKED_IN" as const } : e,
          );
          const after = lineIds(restored);
          expect(after[position - 1]).toBe("late");
          expect(without(after, "late")).toEqual(lineIds(all));
        },
      ),
    );
  });
});
