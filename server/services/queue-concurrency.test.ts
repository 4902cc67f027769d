// Issue 3's concurrency contract on real PostgreSQL: 200 changes of every kind on one QueueDay at
// once, through the service functions, over the pool's parallel connections. Every change that
// reported success has exactly one event, versions run 1..N with no gap, positions end 1..n, and
// no deadlock, serialization failure or timeout reaches a caller (refusals are DomainErrors).
import pg from "pg";
import { describe, expect } from "vitest";
import { DomainError } from "../domain/errors.ts";
import { itNeeding } from "../test/needs.ts";
import {
  callNext,
  cancelAppointment,
  checkIn,
  completeConsultation,
  startConsultation,
} from "./queue-changes.ts";
import { markNoShow, restoreNoShow } from "./queue-no-shows.ts";
import { moveToPosition, setPriority } from "./queue-order.ts";
import { queueWorld } from "./queue-test-kit.ts";
import { bookWalkIn } from "./walk-in.ts";

const CHANGES = 200;

/** A small seeded generator, so a failing mix can be replayed. */
function random(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Outcome =
  | { ok: true; op: string; version: number; type: string; appointmentId: string | null }
  | { ok: false; op: string; error: unknown };

describe("200 concurrent changes on one queue day (PostgreSQL; skipped on the embedded database, which runs one transaction at a time)", () => {
  itNeeding(
    ["pg"],
    "serializes them: one event per success, versions 1..N, positions 1..n",
    async () => {
      const w = await queueWorld((c) =>
        Array.from({ length: 60 }, (_, i) => ({
          at: c.hhmm(i % 4 === 0 ? -1 : i % 4 === 3 ? 1 : 0, (i * 7) % 60),
          status: i % 5 === 1 ? ("CHECKED_IN" as const) : ("BOOKED" as const),
          paidMinutesBefore: i % 3 === 0 ? null : 30 + i,
          bookedMinutesBefore: 600 - i * 5,
          priority: i % 17 === 0 ? ("URGENT" as const) : ("NORMAL" as const),
        })),
      );
      const ids = w.appointments.map((a) => a.id);
      const next = random(20260604);
      const pick = () => ids[Math.floor(next() * ids.length)]!;
      const { scope, actor } = w;
      const doctorId = w.doctor.id;

      type Result = { version: number; type: string; appointmentId: string | null };
      const attempt = async (op: string, run: () => Promise<Result>): Promise<Outcome> =>
        run().then(
          (r): Outcome => ({
            ok: true,
            op,
            version: r.version,
            type: r.type,
            appointmentId: r.appointmentId,
          }),
          (error): Outcome => ({ ok: false, op, error }),
        );
      /** The doctor's day: call the next present patient, start, complete; a few rounds in a row. */
      const doctorLoop = (rounds: number) => async () => {
        const seen: Outcome[] = [];
        for (let round = 0; round < rounds; round++) {
          const called = await attempt("callNext", () => callNext(scope, doctorId, w.date, actor));
          const id = called.ok ? called.appointmentId! : pick();
          seen.push(called, await attempt("start", () => startConsultation(scope, id, actor)));
          seen.push(await attempt("complete", () => completeConsultation(scope, id, actor)));
        }
        return seen;
      };
      /** Staff mark a no-show, then the patient turns up and is restored. */
      const missedThenArrives = (id: string) => async () => [
        await attempt("noShow", () => markNoShow(scope, id, actor, { gracePeriod: 0 })),
        await attempt("restore", () => restoreNoShow(scope, id, actor)),
      ];

      // Exactly CHANGES changes in all, every chain running alongside the others.
      const ops: (() => Promise<Outcome[]>)[] = [doctorLoop(5), doctorLoop(5)];
      let budget = CHANGES - 30;
      const one = (op: string, run: () => Promise<Result>) => {
        budget -= 1;
        ops.push(async () => [await attempt(op, run)]);
      };
      for (let i = 0; budget > 0; i++) {
        const r = next();
        const id = pick();
        if (r < 0.1 && budget >= 2) {
          budget -= 2;
          ops.push(missedThenArrives(id));
        } else if (r < 0.38) one("move", () => moveToPosition(scope, id, 1 + Math.floor(next() * 40), actor));
        else if (r < 0.55) one("checkIn", () => checkIn(scope, id, actor, { force: true }));
        else if (r < 0.62) one("noShow", () => markNoShow(scope, id, actor, { gracePeriod: 0 }));
        else if (r < 0.66) one("callNext", () => callNext(scope, doctorId, w.date, actor));
        else if (r < 0.78)
          one("walkIn", () =>
            bookWalkIn(scope, { doctorId, date: w.date, patientName: `Walk-in ${i}` }, actor).then((b) => ({
              version: b.version!,
              type: "WALK_IN",
              appointmentId: b.appointmentId,
            })),
          );
        else if (r < 0.82) one("start", () => startConsultation(scope, id, actor));
        else if (r < 0.86) one("complete", () => completeConsultation(scope, id, actor));
        else if (r < 0.94)
          one("priority", () => setPriority(scope, id, next() < 0.5 ? "URGENT" : "NORMAL", actor));
        else one("cancel", () => cancelAppointment(scope, id, actor));
      }

      // Watch PostgreSQL from a connection of its own: changes should queue on the row lock.
      const watcher = new pg.Client({ connectionString: process.env.DATABASE_URL });
      await watcher.connect();
      let lockWaits = 0;
      let watching = true;
      const watch = (async () => {
        while (watching) {
          const { rows } = await watcher.query(
            `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`,
          );
          lockWaits = Math.max(lockWaits, rows[0].n);
          await new Promise((resolve) => setTimeout(resolve, 5));
        }
      })();

      const started = Date.now();
      const outcomes = (await Promise.all(ops.map((run) => run()))).flat();
      const elapsed = Date.now() - started;
      watching = false;
      await watch;
      await watcher.end();
      // Parallel connections really contended for the QueueDay's row lock.
      expect(lockWaits).toBeGreaterThanOrEqual(1);
      expect(outcomes).toHaveLength(CHANGES);

      // Refusals are plain domain errors; nothing else (deadlock, serialization, pool or transaction timeout).
      const unexpected = outcomes.filter(
        (o) =>
          !o.ok && !(o.error instanceof DomainError && ["BAD_REQUEST", "CONFLICT"].includes(o.error.code)),
      );
      expect(
        unexpected.map((o) => (o.ok ? "" : `${o.op}: ${String((o.error as Error)?.message ?? o.error)}`)),
      ).toEqual([]);
      const successes = outcomes.filter((o): o is Extract<Outcome, { ok: true }> => o.ok);
      expect(successes.length).toBeGreaterThan(60);

      const events = await w.events();
      const { version } = await w.facts();
      expect(events.map((e) => e.version)).toEqual(Array.from({ length: version }, (_, i) => i + 1));
      expect(version).toBe(successes.length);
      const byVersion = new Map(events.map((e) => [e.version, e]));
      expect(new Set(successes.map((s) => s.version)).size).toBe(successes.length);
      for (const s of successes) {
        expect(byVersion.get(s.version)).toMatchObject({
          type: s.type,
          appointmentId: s.appointmentId,
          actor,
        });
      }

      const snapshot = await w.snapshot();
      expect(snapshot.version).toBe(version);
      const waiting = snapshot.entries.filter((e) => e.status === "BOOKED" || e.status === "CHECKED_IN");
      expect(waiting.map((e) => e.position)).toEqual(waiting.map((_, i) => i + 1));
      expect(snapshot.entries.filter((e) => e.status === "IN_CONSULTATION").length).toBeLessThanOrEqual(1);
      expect(snapshot.entries.filter((e) => e.status === "CALLED").length).toBeLessThanOrEqual(1);

      const kinds = Object.fromEntries(
        [...new Set(outcomes.map((o) => o.op))].map((op) => [
          op,
          `${successes.filter((s) => s.op === op).length}/${outcomes.filter((o) => o.op === op).length}`,
        ]),
      );
      console.info(
        `[concurrency] ${outcomes.length} changes in ${elapsed} ms, up to ${lockWaits} waiting on the row lock at once; succeeded/tried by kind:`,
        kinds,
      );
    },
    { timeout: 120_000 },
  );
});
