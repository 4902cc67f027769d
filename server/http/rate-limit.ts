// Rate limits (rate-limiter-flexible): Redis store shared by every instance, with an in-memory
// insurance limiter that answers while Redis is down. Limits are generous for public tracking,
// because a whole waiting room often shares one public IP address.
import { createHash } from "node:crypto";
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from "rate-limiter-flexible";
import { env } from "../env.ts";
import { log } from "../log.ts";
import { getRedis } from "../redis.ts";

export const LIMITS = {
  /** Public tracking reads per client IP. */
  trackIp: { points: 600, duration: 60 },
  /** Public tracking reads per link (a phone polling every 15 s uses 4 a minute). */
  trackToken: { points: 60, duration: 60 },
  /** Sign-in attempts per IP and per account. */
  loginIp: { points: 30, duration: 300 },
  loginAccount: { points: 10, duration: 900, blockDuration: 900 },
  /** New WebSocket connections per IP. */
  wsIp: { points: 120, duration: 60 },
} as const;

export type LimitName = keyof typeof LIMITS;
type Limiter = RateLimiterRedis | RateLimiterMemory;

const g = globalThis as unknown as { __pqLimiters?: Map<LimitName, Limiter> };

function limiter(name: LimitName): Limiter {
  g.__pqLimiters ??= new Map();
  let l = g.__pqLimiters.get(name);
  if (!l) {
    const spec = LIMITS[name];
    const memory = new RateLimiterMemory({ ...spec, keyPrefix: `pq-rl-${name}` });
    const redis = getRedis();
    l = redis
      ? new RateLimiterRedis({
          ...spec,
          storeClient: redis,
          keyPrefix: `${env().REDIS_KEY_PREFIX}rl:${name}`,
          rejectIfRedisNotReady: true,
          insuranceLimiter: memory,
        })
      : memory;
    g.__pqLimiters.set(name, l);
  }
  return l;
}

/** A stable short key for a secret (a token, an email) so the store never holds the secret itself. */
export function hashKey(value: string): string {
  return createHash("sha256").update(value).digest("base64url").slice(0, 22);
}

export type LimitResult = { ok: true } | { ok: false; retryAfterSeconds: number };

/** Takes one point; never throws (a limiter failure lets the request through). */
export async function consume(name: LimitName, key: string): Promise<LimitResult> {
  try {
    await limiter(name).consume(key);
    return { ok: true };
  } catch (err) {
    if (err instanceof RateLimiterRes)
      return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil(err.msBeforeNext / 1000)) };
    log.warn(`[rate-limit] ${name} unavailable: ${(err as Error).message}`);
    return { ok: true };
  }
}

/** Clears a key (after a successful sign-in, the account's failed attempts are forgiven). */
export async function forgive(name: LimitName, key: string) {
  await limiter(name)
    .delete(key)
    .catch(() => {});
}

export class RateLimited extends Error {
  constructor(readonly retryAfterSeconds: number) {
    super(`Too many requests. Please wait ${retryAfterSeconds} s and try again.`);
    this.name = "RateLimited";
  }
}

/** Consumes every (limit, key) pair; throws RateLimited with the longest wait when one is exhausted. */
export async function enforce(pairs: [LimitName, string][]) {
  const results = await Promise.all(pairs.map(([name, key]) => consume(name, key)));
  const waits = results.filter((r): r is { ok: false; retryAfterSeconds: number } => !r.ok);
  if (waits.length) throw new RateLimited(Math.max(...waits.map((w) => w.retryAfterSeconds)));
}
