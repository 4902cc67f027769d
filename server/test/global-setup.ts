// One fresh database per test run: a new PostgreSQL database on DATABASE_URL's server (dropped
// after), or a new embedded PGlite directory when DATABASE_URL is unset. Migrated once here, then
// copied once per worker (workers.ts): files running side by side each have a database of their own.
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { createThrowawayDatabase, type ThrowawayDatabase } from "../db/throwaway-database.ts";
import { testWorkerCount, workerDatabaseVar } from "./workers.ts";

/**
 * The business instant every test starts from, whatever the hour of the run: a Wednesday, 10:20 in
 * Auckland (NZDT, UTC+13), 21:20 UTC the day before. Suites about other instants (midnight, a
 * daylight-saving change, far zones) set their own clock (server/clock.ts).
 */
export const TEST_CLOCK_START = "2026-03-10T21:20:00.000Z";

/**
 * Vitest runs the global setup once per project (vitest.config.ts has two, in one process): the first
 * call prepares the run, the others share it, and the last teardown drops what it made.
 */
const g = globalThis as unknown as { __testRun?: { ready: Promise<() => Promise<void>>; users: number } };

export default async function setup() {
  g.__testRun ??= { ready: prepareRun(), users: 0 };
  const run = g.__testRun;
  run.users++;
  const teardown = await run.ready;
  return async () => {
    if (--run.users === 0) await teardown();
  };
}

async function prepareRun(): Promise<() => Promise<void>> {
  // One clock for the whole run: every worker and every server process it spawns reads business
  // time as TEST_CLOCK_START at this wall instant, running on at the wall clock's pace.
  process.env.PQ_CLOCK_START ??= TEST_CLOCK_START;
  process.env.PQ_CLOCK_ANCHOR_MS ??= String(Date.now());
  process.env.JWT_SECRET ??= randomBytes(32).toString("base64url");
  // Redis keys of this run (cache, rate limits) never meet another run's.
  process.env.REDIS_KEY_PREFIX = `pq-test-${randomBytes(4).toString("hex")}:`;
  // Push tests stand a local HTTP server in for the push service (server/services/push.test.ts).
  process.env.PUSH_ALLOW_LOOPBACK_HTTP ??= "1";
  const { migrateDeploy } = await import("../db/migrations.ts");
  const base = process.env.DATABASE_URL;
  const workers = testWorkerCount();
  if (base) {
    const db = await createThrowawayDatabase(base, "pq_test");
    process.env.DATABASE_URL = db.url;
    process.env.PQ_TEST_BASE_DATABASE_URL = base;
    await migrateDeploy(db.url);
    const copies: ThrowawayDatabase[] = [];
    try {
      for (let i = 1; i <= workers; i++) {
        const copy = await createThrowawayDatabase(base, "pq_test", { template: db.name });
        copies.push(copy);
        process.env[workerDatabaseVar(i)] = copy.url;
      }
    } catch (e) {
      await Promise.all([...copies, db].map((d) => d.drop()));
      throw e;
    }
    console.info(`[test] fresh PostgreSQL database ${db.name}, one copy for each of ${workers} workers`);
    return async () => {
      await Promise.all([...copies, db].map((d) => d.drop()));
    };
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "pq-test-"));
  process.env.DATA_DIR = dir;
  await migrateDeploy();
  const { closeDb } = await import("../db/client.ts");
  await closeDb(); // one process per data directory: the test workers open it after this
  for (let i = 1; i <= workers; i++) {
    const copy = path.join(dir, `worker-${i}`);
    fs.cpSync(path.join(dir, "pglite"), path.join(copy, "pglite"), { recursive: true });
    process.env[workerDatabaseVar(i)] = copy;
  }
  console.info(`[test] fresh embedded database in ${dir}, one copy for each of ${workers} workers`);
  return async () => fs.rmSync(dir, { recursive: true, force: true });
}
