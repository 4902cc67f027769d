// The snapshot cache under a reader racing a writer (the real Redis when REDIS_URL is set): after
// every commit the cache holds nothing older than that version, whatever readers were building.
import { describe, expect, it } from "vitest";
import { cacheStats, getCache } from "../cache/index.ts";
import { now as clockNow } from "../clock.ts";
import { loadQueueState } from "../db/queue-repo.ts";
import { env } from "../env.ts";
import { getRedis } from "../redis.ts";
import { checkIn } from "./queue-changes.ts";
import { moveToPosition, setPriority } from "./queue-order.ts";
import { queueWorld } from "./queue-test-kit.ts";
import { buildSnapshot, getSnapshot, packSnapshot, snapshotFromState, unpackSnapshot } from "./snapshot.ts";

type Cached = { version: number; packed?: string };
const key = (queueDayId: string) => `queue:snapshot:${queueDayId}`;
const cached = (queueDayId: string) => getCache().get<Cached>(key(queueDayId));

describe("snapshot cache vs. a racing writer", () => {
  it("never holds a snapshot older than the last commit while readers rebuild all along", async () => {
    const w = await queueWorld((c) =>
      Array.from({ length: 8 }, (_, i) => ({ at: c.hhmm(0), bookedMinutesBefore: 80 - i })),
    );
    const ids = w.appointments.map((a) => a.id);
    if (process.env.REDIS_URL)
      await expect.poll(() => cacheStats().backend, { timeout: 5_000 }).toBe("redis");
    let writing = true;
    let reads = 0;
    const reader = async (fresh: boolean) => {
      while (writing) {
        const s = fresh ? await buildSnapshot(w.queueDayId) : await getSnapshot(w.queueDayId);
        expect(s).not.toBeNull();
        reads++;
        // A cache hit can resolve without I/O: let the writer's I/O run between reads.
        await new Promise((resolve) => setImmediate(resolve));
      }
    };
    const readers = [reader(true), reader(false), reader(true), reader(false)];
    let last = 0;
    try {
      for (let i = 0; i < 30; i++) {
        const id = ids[i % ids.length]!;
        const r =
          i % 3 === 0
            ? await moveToPosition(w.scope, id, 1 + ((i * 5) % ids.length) || 1, w.actor).catch(() => null)
            : i % 3 === 1
              ? await setPriority(w.scope, id, i % 2 ? "URGENT" : "NORMAL", w.actor).catch(() => null)
              : await checkIn(w.scope, id, w.actor, { force: true }).catch(() => null);
        if (!r) continue;
        last = r.version;
        const now = await cached(w.queueDayId);
        expect(now?.version ?? Number.POSITIVE_INFINITY).toBeGreaterThanOrEqual(last - 0.5);
        // The change wrote its own snapshot before it answered.
        expect(now?.packed).toBeDefined();
        expect(unpackSnapshot(now!.packed!).version).toBe(last);
      }
    } finally {
      writing = false;
      await Promise.all(readers);
    }
    expect(last).toBeGreaterThan(10);
    expect(reads).toBeGreaterThan(0);
    const final = await cached(w.queueDayId);
    expect(final?.version ?? Number.POSITIVE_INFINITY).toBeGreaterThanOrEqual(last - 0.5);
    if (final?.packed) expect(unpackSnapshot(final.packed).version).toBeGreaterThanOrEqual(last);
    expect((await getSnapshot(w.queueDayId))?.version).toBe(last);
    if (process.env.REDIS_URL) {
      // The value checked above is the one in Redis itself, not a memory fallback.
      expect(cacheStats().backend).toBe("redis");
      const raw = await getRedis()!.hget(`${env().REDIS_KEY_PREFIX}${key(w.queueDayId)}`, "v");
      expect(Number(raw)).toBeGreaterThanOrEqual(last - 0.5);
    }
  });

  it("refuses the snapshot of a reader that loaded the queue before the commit and writes after it", async () => {
    const w = await queueWorld((c) => [{ at: c.hhmm(0) }, { at: c.hhmm(0) }]);
    await buildSnapshot(w.queueDayId);
    const state = await loadQueueState(w.queueDayId); // a slow reader on another instance
    const change = await checkIn(w.scope, w.appointments[1]!.id, w.actor, { force: true });
    const stale = snapshotFromState(state!, clockNow());
    expect(stale.version).toBe(change.version - 1);
    expect(
      await getCache().setIfNewer(
        `queue:snapshot:${w.queueDayId}`,
        { version: stale.version, packed: packSnapshot(stale) },
        300,
      ),
    ).toBe(false);
    expect((await getSnapshot(w.queueDayId))?.version).toBe(change.version);
  });
});
