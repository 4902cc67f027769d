// Starts the built server for the end-to-end suite on a fresh database with the demo data:
// a new PostgreSQL database when DATABASE_URL is set (dropped on exit), else a new embedded one.
// With --empty: a clinic's first run instead (PQ_DEMO=false, no data), its log also written to
// E2E_SERVER_LOG so a journey can read the setup code the server prints there.
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { createThrowawayDatabase } from "../server/db/throwaway-database.ts";

/** 2026-03-11 10:20 in Pacific/Auckland (UTC+13). */
export const E2E_CLOCK_START = "2026-03-10T21:20:00.000Z";

const empty = process.argv.includes("--empty");
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
  // Every journey signs in from 127.0.0.1: the suite makes more sign-ins in 5 minutes than a clinic.
  LOGIN_ATTEMPTS_PER_ADDRESS: "1000",
  // The patient journey's push goes to a stand-in push service on 127.0.0.1 (plain http).
  PUSH_ALLOW_LOOPBACK_HTTP: "1",
  ...(empty ? { PQ_DEMO: "false" } : {}),
};

// The journeys run at one business instant whatever the hour of the run: a Wednesday at 10:20 in the
// demo's zone (Auckland, NZDT), so the demo day is mid-morning with patients before and after.
childEnv.PQ_DEMO_TIME_ZONE ??= "Pacific/Auckland";
childEnv.PQ_CLOCK_START ??= E2E_CLOCK_START;
console.info(
  `[e2e] demo hospital in ${childEnv.PQ_DEMO_TIME_ZONE}, business time from ${childEnv.PQ_CLOCK_START}`,
);

let cleanup = async () => {};
const base = process.env.DATABASE_URL;
if (base) {
  const db = await createThrowawayDatabase(base, "pq_e2e");
  childEnv.DATABASE_URL = db.url;
  cleanup = db.drop;
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

await run(["--import", "tsx", "scripts/prepare-db.ts", ...(empty ? [] : ["--seed"])]);
const logFile = process.env.E2E_SERVER_LOG;
const server = spawn(process.execPath, ["dist/server.mjs"], {
  env: childEnv,
  stdio: logFile ? ["ignore", "pipe", "pipe"] : "inherit",
});
if (logFile) {
  fs.mkdirSync(path.dirname(logFile), { recursive: true });
  const log = fs.createWriteStream(logFile);
  server.stdout?.on("data", (chunk) => {
    process.stdout.write(chunk);
    log.write(chunk);
  });
  server.stderr?.on("data", (chunk) => {
    process.stderr.write(chunk);
    log.write(chunk);
  });
}
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
