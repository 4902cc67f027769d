import { afterEach, describe, expect, it, vi } from "vitest";
import { freePort, isListening, until } from "./cache/testing/redis-server.ts";
import { parseEnv } from "./env.ts";
import { log } from "./log.ts";
import { closeRedis, getRedis, getRedisSubscriber, redisStatus } from "./redis.ts";

const useRedisUrl = (url: string | undefined) => {
  (globalThis as { __pqEnv?: unknown }).__pqEnv = parseEnv({
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
    useRedisUrl(`redis://127.0.0.1:${port}`);
    const redis = getRedis()!;
    getRedisSubscriber();
    expect(getRedis()).toBe(redis);
    await new Promise((r) => setTimeout(r, 700));
    expect(redisStatus()).toBe("degraded");
    const started = Date.now();
    await expect(redis.get("k")).rejects.toThrow();
    expect(Date.now() - started).toBeLessThan(100);
    expect(warn.mock.calls.map(([m]) => String(m).split(" connection")[0])).toEqual([
      "[redis] commands",
      "[redis] subscriber",
    ]);
  });

  it.skipIf(!process.env.REDIS_URL)(
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
});
