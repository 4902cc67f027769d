// A fresh PostgreSQL database on the server a URL names, dropped after: the one way a test run, a
// benchmark, the e2e server and a migration diff get a database of their own (never wiping the
// database the URL names).
import { randomBytes } from "node:crypto";
import pg from "pg";

export type ThrowawayDatabase = {
  name: string;
  /** `baseUrl` with the new database's name: same server, credentials and options. */
  url: string;
  /** Drops it, closing any connection still open to it; safe to call more than once. */
  drop(): Promise<void>;
};

async function run(url: string, sql: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

const NAME = /^[a-z][a-z0-9_]{0,62}$/;

/**
 * Creates `<prefix>_<time>_<random>` beside the database `baseUrl` names; with `template`, a copy of
 * that database (nobody may be connected to it meanwhile).
 */
export async function createThrowawayDatabase(
  baseUrl: string,
  prefix: string,
  opts: { template?: string } = {},
): Promise<ThrowawayDatabase> {
  if (!/^[a-z][a-z0-9_]{0,30}$/.test(prefix)) throw new Error(`Not a database name prefix: "${prefix}"`);
  if (opts.template !== undefined && !NAME.test(opts.template))
    throw new Error(`Not a database name: "${opts.template}"`);
  const name = `${prefix}_${Date.now()}_${randomBytes(3).toString("hex")}`;
  await run(baseUrl, `CREATE DATABASE "${name}"${opts.template ? ` TEMPLATE "${opts.template}"` : ""}`);
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  let dropping: Promise<void> | null = null;
  return {
    name,
    url: url.toString(),
    drop: () => {
      dropping ??= run(baseUrl, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      return dropping;
    },
  };
}

/** Runs `work` with a throwaway database's URL and drops the database after, whatever happens. */
export async function withThrowawayDatabase<T>(
  baseUrl: string,
  prefix: string,
  work: (url: string) => Promise<T>,
): Promise<T> {
  const db = await createThrowawayDatabase(baseUrl, prefix);
  try {
    return await work(db.url);
  } finally {
    await db.drop();
  }
}
