// Redis cache. Each key is a hash: `d` = the value as superjson (Dates survive the trip), `v` = its
// version when it has one, so setIfNewer compares and writes in one atomic script.
import superjson from "superjson";
import type { RedisClient } from "../redis.ts";
import { assertVersion, type Cache, versionOf } from "./cache.ts";

// KEYS[1] key; ARGV: data, ttl in ms, version ('' = none).
const SET = `
redis.call('DEL', KEYS[1])
if ARGV[3] == '' then redis.call('HSET', KEYS[1], 'd', ARGV[1])
else redis.call('HSET', KEYS[1], 'd', ARGV[1], 'v', ARGV[3]) end
redis.call('PEXPIRE', KEYS[1], ARGV[2])
return 1`;

const SET_IF_NEWER = `
local stored = redis.call('HGET', KEYS[1], 'v')
if stored and tonumber(stored) >= tonumber(ARGV[3]) then return 0 end
redis.call('HSET', KEYS[1], 'd', ARGV[1], 'v', ARGV[3])
redis.call('PEXPIRE', KEYS[1], ARGV[2])
return 1`;

type Scripts = {
  pqCacheSet(key: string, data: string, ttlMs: number, version: string): Promise<number>;
  pqCacheSetIfNewer(key: string, data: string, ttlMs: number, version: string): Promise<number>;
};

const ttlMs = (ttlSeconds: number) => Math.max(1, Math.ceil(ttlSeconds * 1000));

export class RedisCache implements Cache {
  readonly client: RedisClient;
  private readonly prefix: string;
  private readonly scripts: Scripts;

  constructor(opts: { client: RedisClient; prefix?: string }) {
    this.client = opts.client;
    this.prefix = opts.prefix ?? "";
    this.client.defineCommand("pqCacheSet", { numberOfKeys: 1, lua: SET });
    this.client.defineCommand("pqCacheSetIfNewer", { numberOfKeys: 1, lua: SET_IF_NEWER });
    this.scripts = this.client as unknown as Scripts;
  }

  async get<T>(key: string): Promise<T | undefined> {
    const data = await this.client.hget(this.prefix + key, "d");
    if (data === null) return undefined;
    try {
      return superjson.parse<T>(data);
    } catch {
      return undefined;
    }
  }

  async set<T>(key: string, value: T, ttlSeconds: number): Promise<void> {
    const version = versionOf(value);
    await this.scripts.pqCacheSet(
      this.prefix + key,
      superjson.stringify(value),
      ttlMs(ttlSeconds),
      version === undefined ? "" : String(version),
    );
  }

  async setIfNewer<T extends { version: number }>(
    key: string,
    value: T,
    ttlSeconds: number,
  ): Promise<boolean> {
    assertVersion(value.version);
    const written = await this.scripts.pqCacheSetIfNewer(
      this.prefix + key,
      superjson.stringify(value),
      ttlMs(ttlSeconds),
      String(value.version),
    );
    return written === 1;
  }

  async del(...keys: string[]): Promise<void> {
    // One DEL per key: in cluster mode the keys may live in different slots.
    await Promise.all(keys.map((key) => this.client.del(this.prefix + key)));
  }
}
