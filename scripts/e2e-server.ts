// Starts the built server for the end-to-end suite on a fresh database with the demo data:
// a new PostgreSQL database when DATABASE_URL is set (dropped on exit), else a new embedded one.
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";

const port = process.env.E2E_PORT ?? "8100";
const childEnv: NodeJS.ProcessEnv = {
  ...process.env,
  PORT: port,
  NODE_ENV: "production",
  PUBLIC_URL: `http://localhost:${port}`,
  JWT_SECRET: process.env.JWT_SECRET ?? randomBytes(32).toString("base64url"),
  PQ_DEMO_LINKS: "1",
  REDIS_KEY_PREFIX: `pq-e2e-${randomBytes(4).toString("hex")}:`,
  NEXT_TELEMETRY_DISABLED: "1",
};

// The demo data is "today" around the current hour: run the journeys where it is daytime, so the
// demo's day neither has run out of patients nor ends (local midnight) during the run.
const ZONES = [
  "Pacific/Auckland",
  "Asia/Tokyo",
  "Asia/Kolkata",
  "America/Sao_Paulo",
  "America/New_York",
  "America/Los_Angeles",
  "Pacific/Honolulu",
  "Europe/Berlin", // only where no zone far from UTC is in daytime (about 11:00–12:00 UTC)
];
const localHour = (zone: string) =>
  Number(
    new Intl.DateTimeFormat("en-GB", { timeZone: zone, hour: "2-digit", hourCycle: "h23" }).format(
      new Date(),
    ),
  );
childEnv.PQ_DEMO_TIME_ZONE ??= ZONES.find((z) => localHour(z) >= 9 && localHour(z) < 17) ?? ZONES[0];
console.info(`[e2e] demo hospital in ${childEnv.PQ_DEMO_TIME_ZONE}`);

let cleanup = async () => {};
const base = process.env.DATABASE_URL;
if (base) {
  const name = `pq_e2e_${Date.now()}_${randomBytes(3).toString("hex")}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  const url = new URL(base);
  url.pathname = `/${name}`;
  childEnv.DATABASE_URL = url.toString();
  cleanup = async () => {
    const c = new pg.Client({ connectionString: base });
    await c.connect();
    await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await c.end();
  };
} else {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "pq-e2e-"));
  childEnv.DATA_DIR = dir;
  cleanup = async () => fs.rmSync(dir, { recursive: true, force: true });
}

const run = (args: string[]) =>
  new Promise<void>((resolve, reject) => {
    const p = spawn(process.execPath, args, { env: childEnv, stdio: "inherit" });
    p.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`${args.join(" ")} exited ${code}`))));
  });

await run(["--import", "tsx", "scripts/prepare-db.ts", "--seed"]);
const server = spawn(process.execPath, ["dist/server.mjs"], { env: childEnv, stdio: "inherit" });
const stop = async () => {
  server.kill("SIGTERM");
  await new Promise((r) => server.once("exit", r));
  await cleanup().catch(() => {});
  process.exit(0);
};
process.on("SIGTERM", () => void stop());
process.on("SIGINT", () => void stop());
server.on("exit", (code) => {
  void cleanup().finally(() => process.exit(code ?? 1));
});
