import pg from "pg";
import { describe, expect, it } from "vitest";
import { createThrowawayDatabase } from "../db/throwaway-database.ts";
import { itNeeding } from "./needs.ts";
import { applyWorkerResources, testWorkerCount, testWorkerIndex, workerDatabaseVar } from "./workers.ts";

describe("test workers", () => {
  it("counts PQ_TEST_WORKERS, refusing what is not 1 to 16", () => {
    expect(testWorkerCount({ PQ_TEST_WORKERS: "3" })).toBe(3);
    expect(testWorkerCount({})).toBeGreaterThanOrEqual(1);
    expect(testWorkerCount({})).toBeLessThanOrEqual(4);
    for (const bad of ["0", "17", "2.5", "two"])
      expect(() => testWorkerCount({ PQ_TEST_WORKERS: bad })).toThrow(/PQ_TEST_WORKERS must be 1 to 16/);
  });

  it("points each worker at its own database (PostgreSQL or embedded) and Redis prefix", () => {
    expect(testWorkerIndex({})).toBe(1);
    expect(testWorkerIndex({ VITEST_POOL_ID: "2" })).toBe(2);
    const pgEnv: Record<string, string | undefined> = {
      VITEST_POOL_ID: "2",
      DATABASE_URL: "postgresql://h/run",
      REDIS_KEY_PREFIX: "pq-test-ab:",
      [workerDatabaseVar(1)]: "postgresql://h/one",
      [workerDatabaseVar(2)]: "postgresql://h/two",
    };
    applyWorkerResources(pgEnv);
    expect(pgEnv.DATABASE_URL).toBe("postgresql://h/two");
    expect(pgEnv.DATA_DIR).toBeUndefined();
    expect(pgEnv.REDIS_KEY_PREFIX).toBe("pq-test-ab:w2:");
    // The next files in the same process (no isolation): the same database, a prefix of their own
    // made from the run's, never grown from the last file's.
    applyWorkerResources(pgEnv, 2);
    expect(pgEnv.DATABASE_URL).toBe("postgresql://h/two");
    expect(pgEnv.REDIS_KEY_PREFIX).toBe("pq-test-ab:w2:f2:");
    applyWorkerResources(pgEnv, 3);
    expect(pgEnv.REDIS_KEY_PREFIX).toBe("pq-test-ab:w2:f3:");

    const embedded: Record<string, string | undefined> = {
      VITEST_POOL_ID: "1",
      [workerDatabaseVar(1)]: "/tmp/x/worker-1",
    };
    applyWorkerResources(embedded);
    expect(embedded.DATA_DIR).toBe("/tmp/x/worker-1");
    expect(embedded.DATABASE_URL).toBeUndefined();

    expect(() => applyWorkerResources({ VITEST_POOL_ID: "3", PQ_TEST_WORKERS: "2" })).toThrow(
      /No test database for worker 3/,
    );
  });

  itNeeding(
    ["pg"],
    "copies a migrated database as a template, rows included, and drops the copy",
    async () => {
      const base = process.env.PQ_TEST_BASE_DATABASE_URL ?? (process.env.DATABASE_URL as string);
      const source = await createThrowawayDatabase(base, "pq_tmpl");
      const query = async (url: string, sql: string) => {
        const client = new pg.Client({ connectionString: url });
        await client.connect();
        try {
          return (await client.query(sql)).rows;
        } finally {
          await client.end();
        }
      };
      try {
        await query(source.url, "CREATE TABLE t (n int); INSERT INTO t VALUES (7)");
        const copy = await createThrowawayDatabase(base, "pq_tmpl", { template: source.name });
        expect(await query(copy.url, "SELECT n FROM t")).toEqual([{ n: 7 }]);
        await copy.drop();
        expect(await query(base, `SELECT 1 FROM pg_database WHERE datname = '${copy.name}'`)).toEqual([]);
        await expect(
          createThrowawayDatabase(base, "pq_tmpl", { template: 'x"; DROP DATABASE y; --' }),
        ).rejects.toThrow(/Not a database name/);
      } finally {
        await source.drop();
      }
    },
  );
});
