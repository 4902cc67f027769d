// Every test file closes the process-wide connections it opened (the embedded database allows
// one process at a time, and open handles would keep a worker alive).
import { afterAll } from "vitest";

afterAll(async () => {
  const { getHub } = await import("../realtime/hub.ts");
  await getHub().stop();
  const { closeRedis } = await import("../redis.ts");
  await closeRedis();
  const { closeDb } = await import("../db/client.ts");
  await closeDb();
});
