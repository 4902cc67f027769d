// Every test file closes the process-wide connections it opened (the embedded database allows
// one process at a time, and open handles would keep a worker alive).
import { afterAll } from "vitest";
import { startConfiguredClock } from "../clock-start.ts";
import { applyWorkerResources } from "./workers.ts";

// This worker's own database and Redis key prefix (workers.ts), before anything opens either.
applyWorkerResources();

// Business time of the run (global-setup.ts): the same instant in every worker, at any hour.
startConfiguredClock();

afterAll(async () => {
  const { getHub } = await import("../realtime/hub.ts");
  await getHub().stop();
  const { closeRedis } = await import("../redis.ts");
  await closeRedis();
  const { closeDb } = await import("../db/client.ts");
  await closeDb();
});
