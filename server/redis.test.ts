import type { Redis } from "ioredis";
import { afterEach, describe, expect, it, vi } from "vitest";
import { freePort, isListening, until } from "./cache/testing/redis-server.ts";
import { parseEnv } from "./env.ts";
import { log } from "./log.ts";
import { closeRedis, getRedis, getRedisSubscriber, redisStatus } from "./redis.ts";
import { itNeeding } from "./test/needs.ts";

const useRedisUrl = (url: string | undefined, more: Record<string, string> = {}) => {
  (globalThis as { __pqEnv?: unknown }).__pqEnv = parseEnv({
    ...more,
    REDIS_URL: url,
    JWT_SECRET: "x".repeat(40),
    NODE_ENV: "test",
  });
};

afterEach(async () => {
  await closeRedis();
  (globalThis as { __pqEnv?: unknown }).__pqEnv = undefined;
  vi.restoreAllMocks();
});

describe("process Redis connections", () => {
  it("are off when REDIS_URL is unset", () => {
    useRedisUrl(undefined);
    expect(getRedis()).toBeNull();
    expect(getRedisSubscriber()).toBeNull();
    expect(redisStatus()).toBe("off");
  });

  it("report degraded while Redis is unreachable, fail commands at once, and warn once per connection", async () => {
    const warn = vi.spyOn(log, "warn").mockImplementation(() => {});
    const port = (await isListening(6390)) ? await freePort() : 6390;
    useRedisUrl(`redis://127.0.0.1:${port}`, { REDIS_POOL_SIZE: "1" });
    const redis = getRedis()!;
    const subscriber = getRedisSubscriber()!;
    expect(getRedis()).toBe(redis);
    const reconnects = { commands: 0, subscriber: 0 };
    redis.on("reconnecting", () => reconnects.commands++);
    subscriber.on("reconnecting", () => reconnects.subscriber++);
    await until(
      () => reconnects.commands >= 3 && reconnects.subscriber >= 3,
      10_000,
      "several failed reconnect attempts on each connection",
    );
    expect(redisStatus()).toBe("degraded");
    // Refused at once by the client (no offline queue), not after a command timeout.
    await expect(redis.get("k")).rejects.toThrow(/enableOfflineQueue/);
    expect(warn.mock.calls.map(([m]) => String(m).split(" connection")[0])).toEqual([
      "[redis] commands",
      "[redis] subscriber",
    ]);
  });

  itNeeding(
    ["redis"],
    "report ok once connected, and closeRedis lets the next caller open new ones",
    async () => {
      useRedisUrl(process.env.REDIS_URL);
      const first = getRedis()!;
      await until(() => redisStatus() === "ok", 5000, "Redis");
      expect(await first.ping()).toBe("PONG");
      await closeRedis();
      expect(first.status).toBe("end");
      const second = getRedis()!;
      expect(second).not.toBe(first);
      await until(() => second.status === "ready", 5000, "Redis");
    },
  );

  it("are REDIS_POOL_SIZE command connections, handed out in turn, and one warning per role for an outage", async () => {
    const warn = vi.spyOn(log, "warn").mockImplementation(() => {});
    const port = (await isListening(6390)) ? await freePort() : 6390;
    useRedisUrl(`redis://127.0.0.1:${port}`, { REDIS_POOL_SIZE: "3" });
    const handedOut = [getRedis()!, getRedis()!, getRedis()!, getRedis()!];
    expect(new Set(handedOut).size).toBe(3);
    expect(handedOut[3]).toBe(handedOut[0]);
    const names = handedOut.map((c) => (c as Redis).options.connectionName);
    expect(names).toEqual([
      "patient-queue:commands:1",
      "patient-queue:commands:2",
      "patient-queue:commands:3",
      "patient-queue:commands:1",
    ]);
    const reconnects = new Map(handedOut.map((c) => [c, 0]));
    for (const c of new Set(handedOut)) c.on("reconnecting", () => reconnects.set(c, reconnects.get(c)! + 1));
    await until(() => [...reconnects.values()].every((n) => n >= 2), 10_000, "failed reconnects on each");
    expect(redisStatus()).toBe("degraded");
    expect(warn.mock.calls.map(([m]) => String(m).split(" connection")[0])).toEqual(["[redis] commands"]);
  });

  itNeeding(["redis"], "spread commands over separate sockets, and report ok once all are up", async () => {
    useRedisUrl(process.env.REDIS_URL, { REDIS_POOL_SIZE: "2" });
    const [a, b] = [getRedis()!, getRedis()!];
    await until(() => redisStatus() === "ok", 5000, "Redis");
    expect(a.status).toBe("ready");
    expect(b.status).toBe("ready");
    const ids = await Promise.all([a.client("ID"), b.client("ID")]);
    expect(ids[0]).not.toEqual(ids[1]);
  });
});
