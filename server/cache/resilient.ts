// The cache the process uses: Redis when configured and up, process memory otherwise, and never an
// error for the caller. While Redis is away memory is correct for this one instance only (the
// documented trade-off); when Redis returns, the keys written meanwhile are reconciled — newer
// versions pushed, everything else deleted — and memory is cleared, so no instance reads a value
// this one had already replaced.

import { log } from "../log.ts";
import { isRedisReady, type RedisClient } from "../redis.ts";
import { type Cache, versionOf } from "./cache.ts";
import { MemoryCache } from "./memory.ts";
import { RedisCache } from "./redis-cache.ts";

export type CacheStats = {
  hits: number;
  misses: number;
  /** Calls served from memory although Redis is configured. */
  fallbacks: number;
  backend: "redis" | "memory";
  memoryEntries: number;
};

// Past this, further outage writes are not tracked; their keys may then stay stale in Redis until TTL.
const MAX_DIRTY = 100_000;

export class ResilientCache implements Cache {
  private readonly remote: RedisCache | null;
  private readonly memory: MemoryCache;
  private readonly dirty = new Set<string>();
  private reconciling: Promise<void> | null = null;
  private warned = false;
  private readonly counts = { hits: 0, misses: 0, fallbacks: 0 };

  constructor(opts: { client: RedisClient | null; prefix?: string; memory?: MemoryCache }) {
    this.memory = opts.memory ?? new MemoryCache();
    this.remote = opts.client ? new RedisCache({ client: opts.client, prefix: opts.prefix }) : null;
    opts.client?.on("ready", () => void this.reconcile());
  }

  async get<T>(key: string): Promise<T | undefined> {
    const value = await this.run((cache) => cache.get<T>(key), []);
    if (value === undefined) this.counts.misses++;
    else this.counts.hits++;
    return value;
  }

  set<T>(key: string, value: T, ttlSeconds: number): Promise<void> {
    return this.run((cache) => cache.set(key, value, ttlSeconds), [key]);
  }

  setIfNewer<T extends { version: number }>(key: string, value: T, ttlSeconds: number): Promise<boolean> {
    return this.run((cache) => cache.setIfNewer(key, value, ttlSeconds), [key]);
  }

  del(...keys: string[]): Promise<void> {
    return this.run((cache) => cache.del(...keys), keys);
  }

  stats(): CacheStats {
    const backend = this.remote && isRedisReady(this.remote.client) ? "redis" : "memory";
    return { ...this.counts, backend, memoryEntries: this.memory.size };
  }

  /** Runs after every reconnect; safe to call any time. */
  reconcile(): Promise<void> {
    this.reconciling ??= this.pushOutageWrites().finally(() => {
      this.reconciling = null;
    });
    return this.reconciling;
  }

  private async run<R>(op: (cache: Cache) => Promise<R>, writtenKeys: string[]): Promise<R> {
    const remote = this.remote;
    if (remote && isRedisReady(remote.client)) {
      try {
        const result = await op(remote);
        if (this.dirty.size > 0) void this.reconcile();
        return result;
      } catch (err) {
        this.warnOnce(err);
      }
    }
    if (remote) {
      this.counts.fallbacks++;
      for (const key of writtenKeys) if (this.dirty.size < MAX_DIRTY) this.dirty.add(key);
    }
    return op(this.memory);
  }

  private async pushOutageWrites() {
    const remote = this.remote;
    if (!remote || !isRedisReady(remote.client)) return;
    const pending = [...this.dirty].map((key) => ({ key, entry: this.memory.peek(key) }));
    this.dirty.clear();
    this.memory.clear();
    const results = await Promise.allSettled(
      pending.map(({ key, entry }) =>
        entry && versionOf(entry.value) !== undefined
          ? remote.setIfNewer(key, entry.value as { version: number }, entry.ttlSeconds)
          : remote.del(key),
      ),
    );
    results.forEach((result, i) => {
      if (result.status === "rejected") this.dirty.add(pending[i]!.key);
    });
    if (this.dirty.size === 0) this.warned = false;
  }

  private warnOnce(err: unknown) {
    if (this.warned) return;
    this.warned = true;
    log.warn(
      `[cache] Redis call failed, serving from memory: ${err instanceof Error ? err.message : String(err)}`,
    );
  }
}
