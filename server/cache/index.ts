// The process's cache, one per process on globalThis (Next loads server modules more than once).
import { env } from "../env.ts";
import { getRedis } from "../redis.ts";
import type { Cache } from "./cache.ts";
import { type CacheStats, ResilientCache } from "./resilient.ts";

export type { Cache } from "./cache.ts";
export type { CacheStats } from "./resilient.ts";

const g = globalThis as unknown as { __pqCache?: ResilientCache };

function cache(): ResilientCache {
  g.__pqCache ??= new ResilientCache({ client: getRedis(), prefix: env().REDIS_KEY_PREFIX });
  return g.__pqCache;
}

export const getCache = (): Cache => cache();

/** Hit, miss and fallback counters since start, for /metrics. */
export const cacheStats = (): CacheStats => cache().stats();
