// GET /health: is this instance able to serve? Redis being down only degrades it.
import { pingDb } from "../db/client.ts";
import { instanceId } from "../realtime/instance.ts";
import { redisStatus } from "../redis.ts";

const startedAt = Date.now();
const version = process.env.npm_package_version ?? "0.1.0";

export async function healthReport() {
  const dbOk = await pingDb();
  const redis = redisStatus();
  return {
    status: !dbOk ? "down" : redis === "degraded" ? "degraded" : "ok",
    database: dbOk ? "ok" : "down",
    redis,
    version,
    uptime: Math.round((Date.now() - startedAt) / 1000),
    instance: instanceId,
  } as const;
}
