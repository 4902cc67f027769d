// Runs before every test file. Each file starts on this worker's database, a Redis prefix of its own
// and the clock of the run, and closes the process-wide connections it opened (the embedded database
// allows one process at a time, and open handles would keep a worker alive).
//
// Several files may share one worker process (vitest.config.ts runs most files without isolation):
// each file then starts as it would in a process of its own. The environment is put back as the
// worker got it, and every process-wide singleton (`__pq*` on globalThis: configuration, database and
// Redis clients, cache, limiters, hub, clock) is forgotten, so the next use builds it again from that
// environment. Done at the start of a file too, since a file whose tests are all skipped runs no
// afterAll.
import { afterAll } from "vitest";
import { startConfiguredClock } from "../clock-start.ts";
import { applyWorkerResources } from "./workers.ts";

const g = globalThis as unknown as {
  __testFilesInProcess?: number;
  __testWorkerEnv?: Record<string, string | undefined>;
};

async function forgetProcessState() {
  const { getHub } = await import("../realtime/hub.ts");
  await getHub().stop();
  const { closeRedis } = await import("../redis.ts");
  await closeRedis();
  const { closeDb } = await import("../db/client.ts");
  await closeDb();
  for (const key of Object.keys(globalThis))
    if (key.startsWith("__pq")) delete (globalThis as Record<string, unknown>)[key];
}

g.__testFilesInProcess = (g.__testFilesInProcess ?? 0) + 1;
if (g.__testWorkerEnv) {
  await forgetProcessState();
  for (const key of Object.keys(process.env)) if (!(key in g.__testWorkerEnv)) delete process.env[key];
  Object.assign(process.env, g.__testWorkerEnv);
} else {
  g.__testWorkerEnv = { ...process.env };
}

// This worker's own database and Redis key prefix (workers.ts), before anything opens either.
applyWorkerResources(process.env, g.__testFilesInProcess);

// Business time of the run (global-setup.ts): the same instant in every worker, at any hour.
startConfiguredClock();

afterAll(forgetProcessState);
