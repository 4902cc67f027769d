// One fresh database per test run: a new PostgreSQL database on DATABASE_URL's server (dropped
// after), or a new embedded PGlite directory when DATABASE_URL is unset. Migrated once here.
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";

export default async function setup() {
  process.env.JWT_SECRET ??= randomBytes(32).toString("base64url");
  // Redis keys of this run (cache, rate limits) never meet another run's.
  process.env.REDIS_KEY_PREFIX = `pq-test-${randomBytes(4).toString("hex")}:`;
  const { migrateDeploy } = await import("../db/migrations.ts");
  const base = process.env.DATABASE_URL;
  if (base) {
    const name = `pq_test_${Date.now()}_${randomBytes(3).toString("hex")}`;
    const admin = new pg.Client({ connectionString: base });
    await admin.connect();
    await admin.query(`CREATE DATABASE "${name}"`);
    await admin.end();
    const url = new URL(base);
    url.pathname = `/${name}`;
    process.env.DATABASE_URL = url.toString();
    process.env.PQ_TEST_BASE_DATABASE_URL = base;
    await migrateDeploy(url.toString());
    console.info(`[test] fresh PostgreSQL database ${name}`);
    return async () => {
      const drop = new pg.Client({ connectionString: base });
      await drop.connect();
      await drop.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await drop.end();
    };
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "pq-test-"));
  process.env.DATA_DIR = dir;
  await migrateDeploy();
  const { closeDb } = await import("../db/client.ts");
  await closeDb(); // one process per data directory: the test workers open it after this
  console.info(`[test] fresh embedded database in ${dir}`);
  return async () => fs.rmSync(dir, { recursive: true, force: true });
}
