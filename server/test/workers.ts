// How many test files run at once, and which database and Redis prefix each worker uses. Files in
// one worker run one after another on that worker's own database (a copy of the run's migrated one)
// and Redis key prefix, so two files running side by side never see each other's rows or keys.
import os from "node:os";

/** PQ_TEST_WORKERS, else the machine's cores (at most 4): each worker holds its own database. */
export function testWorkerCount(source: Record<string, string | undefined> = process.env): number {
  const raw = source.PQ_TEST_WORKERS?.trim();
  if (raw) {
    const n = Number(raw);
    if (!Number.isInteger(n) || n < 1 || n > 16)
      throw new Error(`PQ_TEST_WORKERS must be 1 to 16 (got "${raw}")`);
    return n;
  }
  return Math.max(1, Math.min(4, os.availableParallelism()));
}

/** Vitest numbers its workers 1..maxWorkers (VITEST_POOL_ID); 1 outside a pool. */
export function testWorkerIndex(source: Record<string, string | undefined> = process.env): number {
  const id = Number(source.VITEST_POOL_ID ?? "1");
  return Number.isInteger(id) && id >= 1 ? id : 1;
}

/** Env var names global-setup.ts fills per worker and setup-file.ts reads. */
export const workerDatabaseVar = (i: number) => `PQ_TEST_WORKER_${i}_DATABASE`;

/** The run's Redis prefix as global-setup.ts set it, kept here the first time a worker reads it. */
const RUN_PREFIX_VAR = "PQ_TEST_RUN_REDIS_KEY_PREFIX";

/**
 * Points this process at its worker's database and Redis prefix (before anything opens either).
 * Called once per test file; a worker that runs several files in one process (no isolation) gets the
 * same database each time and a Redis prefix of the run, the worker and the file (`file`, counted by
 * the caller), never a prefix grown from the last file's.
 */
export function applyWorkerResources(
  source: Record<string, string | undefined> = process.env,
  file = 1,
): void {
  const i = testWorkerIndex(source);
  const db = source[workerDatabaseVar(i)];
  if (!db)
    throw new Error(`No test database for worker ${i}: global-setup.ts prepares ${testWorkerCount(source)}`);
  if (source.DATABASE_URL) source.DATABASE_URL = db;
  else source.DATA_DIR = db;
  source[RUN_PREFIX_VAR] ??= source.REDIS_KEY_PREFIX ?? "pq-test:";
  source.REDIS_KEY_PREFIX = `${source[RUN_PREFIX_VAR]}w${i}:${file > 1 ? `f${file}:` : ""}`;
}
