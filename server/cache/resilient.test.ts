import { randomBytes } from "node:crypto";
import { afterAll, afterEach, describe, expect, it, vi } from "vitest";
import { log } from "../log.ts";
import { closeRedisConnection, createRedisConnection, type RedisClient } from "../redis.ts";
import { describeNeeding } from "../test/needs.ts";
import { RedisCache } from "./redis-cache.ts";
import { ResilientCache } from "./resilient.ts";
import { cacheContract } from "./testing/contract.ts";
import { freePort, isListening, startRedisServer, until } from "./testing/redis-server.ts";

const clients: RedisClient[] = [];
const connect = (url: string) => {
  const client = createRedisConnection(url);
  clients.push(client);
  return client;
};

afterEach(() => {
  vi.restoreAllMocks();
});

afterAll(async () => {
  await Promise.all(clients.map(closeRedisConnection));
});

describe("ResilientCache without Redis", () => {
  cacheContract(() => new ResilientCache({ client: null }));

  it("counts hits and misses", async () => {
    const cache = new ResilientCache({ client: null });
    await cache.get("nothing");
    await cache.set("k", 1, 60);
    await cache.get("k");
    await cache.get("k");
    expect(cache.stats()).toEqual({ hits: 2, misses: 1, fallbacks: 0, backend: "memory", memoryEntries: 1 });
  });
});

describe("ResilientCache with Redis unreachable", () => {
  it("answers every call from memory without sending Redis a command or raising an error, and warns once", async () => {
    const warn = vi.spyOn(log, "warn").mockImplementation(() => {});
    const port = (await isListening(6390)) ? await freePort() : 6390;
    const client = connect(`redis://127.0.0.1:${port}`);
    let reconnects = 0;
    client.on("reconnecting", () => reconnects++);
    const cache = new ResilientCache({ client });
    await until(() => reconnects >= 3, 10_000, "several failed reconnect attempts");
    // Answered from memory without a single command to Redis (nothing waits on a dead connection).
    const sent = vi.spyOn(client, "sendCommand");
    expect(await cache.get("snap")).toBeUndefined();
    expect(await cache.setIfNewer("snap", { version: 2 }, 60)).toBe(true);
    expect(await cache.setIfNewer("snap", { version: 1 }, 60)).toBe(false);
    await cache.set("ref", { at: new Date(0) }, 60);
    expect(await cache.get("snap")).toEqual({ version: 2 });
    await cache.del("ref");
    expect(sent).not.toHaveBeenCalled();
    expect(cache.stats()).toMatchObject({ backend: "memory", hits: 1, misses: 1 });
    expect(cache.stats().fallbacks).toBe(6);
    expect(warn.mock.calls.filter(([m]) => String(m).startsWith("[redis]"))).toHaveLength(1);
  });
});

describeNeeding(["redis"], "ResilientCache on a real Redis", () => {
  const prefix = `pq-test:${randomBytes(6).toString("hex")}:`;

  afterAll(async () => {
    const client = connect(process.env.REDIS_URL!);
    await until(() => client.status === "ready", 5000, "Redis");
    const keys = await client.keys(`${prefix}*`);
    if (keys.length) await client.del(...keys);
  });

  it("shares values between two instances", async () => {
    const a = new ResilientCache({ client: connect(process.env.REDIS_URL!), prefix });
    const b = new ResilientCache({ client: connect(process.env.REDIS_URL!), prefix });
    await until(() => a.stats().backend === "redis" && b.stats().backend === "redis", 5000, "Redis");
    await a.setIfNewer("snap", { version: 4 }, 60);
    expect(await b.get("snap")).toEqual({ version: 4 });
    expect(await b.setIfNewer("snap", { version: 3 }, 60)).toBe(false);
    expect(b.stats()).toMatchObject({ hits: 1, fallbacks: 0, memoryEntries: 0 });
  });
});

describeNeeding(["redis-server"], "ResilientCache across a Redis outage (own redis-server)", () => {
  it("serves from memory while Redis is down, then reconciles and clears memory when it returns", async () => {
    vi.spyOn(log, "warn").mockImplementation(() => {});
    vi.spyOn(log, "info").mockImplementation(() => {});
    const server = await startRedisServer({ persist: true });
    try {
      const cache = new ResilientCache({ client: connect(server.url), prefix: "pq:" });
      const other = new RedisCache({ client: connect(server.url), prefix: "pq:" }); // another instance's view
      await until(() => cache.stats().backend === "redis", 5000, "Redis");
      await cache.setIfNewer("snap", { version: 3 }, 60);
      await cache.set("ref", { room: "old" }, 60);
      await cache.set("untouched", "kept", 60);

      await server.kill();
      await until(() => cache.stats().backend === "memory", 5000, "the outage to be noticed");
      expect(await cache.setIfNewer("snap", { version: 5 }, 60)).toBe(true);
      await cache.del("ref");
      expect(await cache.get("snap")).toEqual({ version: 5 });
      expect(await cache.get("ref")).toBeUndefined();

      await server.start(); // the append-only file brings back version 3 and the old ref
      await until(() => cache.stats().backend === "redis", 10_000, "reconnect");
      await until(
        async () => (await other.get<{ version: number }>("snap").catch(() => undefined))?.version === 5,
      );
      expect(await other.get("ref")).toBeUndefined();
      expect(await other.get("untouched")).toBe("kept");
      expect(cache.stats().memoryEntries).toBe(0);
      expect(await cache.get("snap")).toEqual({ version: 5 });
    } finally {
      await server.stop();
    }
  });
});
