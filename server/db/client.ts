// THE database client of the process. Next gives every page and route handler its own copy of the
// server modules, so the client (and the embedded PGlite instance) lives on globalThis and is built
// on first use, never at import time (else `next build` would open the live data directory).
import fs from "node:fs";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { PrismaPg } from "@prisma/adapter-pg";
import type { SqlMigrationAwareDriverAdapterFactory } from "@prisma/driver-adapter-utils";
import pg from "pg";
import { PrismaPGlite } from "pglite-prisma-adapter";
import { env } from "../env.ts";
import { log } from "../log.ts";
import { PrismaClient } from "./generated/client.ts";

type DbGlobals = {
  __pqDb?: PrismaClient;
  __pqPglite?: PGlite;
  __pqPgliteDir?: string;
  __pqDbClosing?: Promise<void>;
};
const g = globalThis as unknown as DbGlobals;

export type DatabaseKind = "postgres" | "embedded";

export function databaseKind(): DatabaseKind {
  return env().DATABASE_URL ? "postgres" : "embedded";
}

/** Directory of the embedded database. */
export function pgliteDir(): string {
  return path.resolve(env().DATA_DIR, "pglite");
}

/** The process-wide PGlite instance (embedded mode only); opened on first use. */
export function getPglite(): PGlite {
  if (!g.__pqPglite) {
    const dir = pgliteDir();
    claimDataDir(dir);
    g.__pqPgliteDir = dir;
    g.__pqPglite = new PGlite(dir);
  }
  return g.__pqPglite;
}

const lockFile = (dir: string) => `${dir}.pid`;

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
  try {
    // A killed process that its parent has not reaped yet (a zombie) still answers kill(pid, 0).
    return !/^\d+ \(.*\) Z/.test(fs.readFileSync(`/proc/${pid}/stat`, "utf8"));
  } catch {
    return true;
  }
}

/**
 * PGlite does not lock its directory, and a second process on it silently corrupts it: refuse with
 * a clear message instead. A lock left by a dead process (kill -9) is taken over.
 */
function claimDataDir(dir: string) {
  const file = lockFile(dir);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      fs.writeFileSync(file, String(process.pid), { flag: "wx" });
      return;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
    }
    const owner = Number(fs.readFileSync(file, "utf8").trim());
    if (owner === process.pid) return;
    if (Number.isInteger(owner) && owner > 0 && isAlive(owner)) {
      throw new Error(
        `The embedded database ${dir} is open in process ${owner}; one process per data directory ` +
          "(a second one corrupts it). Stop that process first (scripts run while the server is stopped).",
      );
    }
    fs.rmSync(file, { force: true });
  }
  throw new Error(`Could not lock the embedded database ${dir}.`);
}

function releaseDataDir(dir: string) {
  const file = lockFile(dir);
  try {
    if (Number(fs.readFileSync(file, "utf8").trim()) === process.pid) fs.rmSync(file, { force: true });
  } catch {
    // already gone
  }
}

/**
 * PostgreSQL's internal `"char"` type (oid 18, returned by the catalog queries of the schema
 * engine) is rejected by adapter-pg ("Column type 'char' could not be deserialized"). Reporting
 * it as bpchar (1042) makes it plain text; only the schema engine's connections use this.
 */
export function charAsBpchar<R>(result: R): R {
  const fields = (result as { fields?: { dataTypeID: number }[] } | undefined)?.fields;
  if (fields) for (const f of fields) if (f.dataTypeID === 18) f.dataTypeID = 1042;
  return result;
}

class SchemaEngineClient extends pg.Client {
  // biome-ignore lint/suspicious/noExplicitAny: pg's overloads (promise or callback style)
  override query(...args: any[]): any {
    const last = args.length - 1;
    if (typeof args[last] === "function") {
      const cb = args[last];
      args[last] = (err: unknown, res: unknown) => cb(err, err ? res : charAsBpchar(res));
      return (super.query as (...a: unknown[]) => unknown)(...args);
    }
    const ret = (super.query as (...a: unknown[]) => unknown)(...args);
    return ret instanceof Promise ? ret.then(charAsBpchar) : ret;
  }
}

export type AdapterOptions = {
  /** Pool size (PostgreSQL). */
  max?: number;
  /** Map "char" to bpchar in results, for the schema engine. */
  forSchemaEngine?: boolean;
  /** Without a URL: this PGlite instead of the process-wide one (throwaway databases). */
  pglite?: PGlite;
};

/**
 * The one place that builds a driver adapter. With a URL: PostgreSQL through a pg pool that has an
 * acquire timeout (pg waits forever by default). Without: the process-wide embedded PGlite.
 */
export function createAdapterFor(
  url?: string,
  opts: AdapterOptions = {},
): SqlMigrationAwareDriverAdapterFactory {
  if (!url) return new PrismaPGlite(opts.pglite ?? getPglite());
  const pool: pg.PoolConfig = {
    connectionString: url,
    max: opts.max ?? 10,
    connectionTimeoutMillis: 5_000,
    idleTimeoutMillis: 30_000,
    ...(opts.forSchemaEngine ? { Client: SchemaEngineClient } : {}),
  };
  return new PrismaPg(pool, {
    onPoolError: (err) => log.error(`[db] idle connection error: ${err.message}`),
  });
}

/** The process's Prisma client, built on first use and kept on globalThis. */
export function getDb(): PrismaClient {
  if (!g.__pqDb) {
    const adapter = createAdapterFor(env().DATABASE_URL);
    g.__pqDb = new PrismaClient({ adapter });
  }
  return g.__pqDb;
}

/** SELECT 1; false on any error, never throws. */
export async function pingDb(): Promise<boolean> {
  try {
    await getDb().$queryRaw`SELECT 1`;
    return true;
  } catch {
    return false;
  }
}

/** Disconnects the client, then closes PGlite (flushes the data directory). Idempotent. */
export async function closeDb(): Promise<void> {
  if (g.__pqDbClosing) return g.__pqDbClosing;
  const db = g.__pqDb;
  const lite = g.__pqPglite;
  const liteDir = g.__pqPgliteDir;
  if (!db && !lite) return;
  g.__pqDbClosing = (async () => {
    try {
      if (db) await db.$disconnect();
      if (lite && !lite.closed) await lite.close();
      if (liteDir) releaseDataDir(liteDir);
    } finally {
      g.__pqDb = undefined;
      g.__pqPglite = undefined;
      g.__pqPgliteDir = undefined;
      g.__pqDbClosing = undefined;
    }
  })();
  return g.__pqDbClosing;
}
