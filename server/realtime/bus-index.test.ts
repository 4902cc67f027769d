import { afterAll, afterEach, describe, expect, it, vi } from "vitest";
import { startRedisServer, until } from "../cache/testing/redis-server.ts";
import { closeRedis, closeRedisConnection, createRedisConnection, type RedisClient } from "../redis.ts";
import { describeNeeding } from "../test/needs.ts";
import type { QueueUpdate } from "./bus.ts";
import { HybridBus } from "./bus-index.ts";
import { RedisBus } from "./bus-redis.ts";

const clients: RedisClient[] = [];

afterEach(() => {
  vi.restoreAllMocks();
});

afterAll(async () => {
  await Promise.all(clients.map(closeRedisConnection));
});

describe("HybridBus without Redis", () => {
  it("delivers to local subscribers at once", async () => {
    const bus = new HybridBus(null);
    const got: QueueUpdate[] = [];
    bus.subscribe((m) => got.push(m));
    const published = bus.publish({ topic: "t", version: 1, reason: "r" });
    expect(got).toEqual([{ topic: "t", version: 1, reason: "r" }]);
    await published;
  });
});

describeNeeding(["redis-server"], "HybridBus across a Redis outage (own redis-server)", () => {
  it("keeps local delivery while Redis is down and resumes cross-instance delivery when it returns", async () => {
    vi.spyOn(console, "warn").mockImplementation(() => {});
    vi.spyOn(console, "info").mockImplementation(() => {});
    const server = await startRedisServer();
    const instance = (id: string) => {
      const publisher = createRedisConnection(server.url);
      const subscriber = createRedisConnection(server.url, { role: "subscriber" });
      clients.push(publisher, subscriber);
      const remote = new RedisBus({ publisher, subscriber, instanceId: id });
      return { bus: new HybridBus(remote), remote, got: [] as number[] };
    };
    try {
      const a = instance("a");
      const b = instance("b");
      a.bus.subscribe((m) => a.got.push(m.version));
      b.bus.subscribe((m) => b.got.push(m.version));
      let version = 0;
      // Probes until one arrives: right after a (re)connect, the first ones may be lost.
      const reachesB = async () => {
        const from = version + 1;
        await until(
          async () => {
            await a.bus.publish({ topic: "h:q", version: ++version, reason: "probe" });
            return b.got.some((v) => v >= from);
          },
          15_000,
          "cross-instance delivery",
        );
      };

      await reachesB();
      // Redis's echo of a's probes reaches a too: it must not count twice. A message from b, published
      // after them on the same channel, reaches a after every echo.
      await b.bus.publish({ topic: "h:q", version: ++version, reason: "from b" });
      await until(() => a.got.includes(version), 5000, "delivery from b to a");
      expect(a.got).toEqual(Array.from({ length: version }, (_, i) => i + 1));

      await server.kill();
      await until(() => !a.remote.isUp(), 5000, "the outage to be noticed");
      const duringOutage = ++version;
      await expect(
        a.bus.publish({ topic: "h:q", version: duringOutage, reason: "during outage" }),
      ).resolves.toBeUndefined();
      expect(a.got.at(-1)).toBe(duringOutage);

      await server.start();
      await reachesB();
      // Probes published after it have reached b: the one published during the outage never will.
      expect(b.got).not.toContain(duringOutage);
      await b.bus.publish({ topic: "h:q", version: ++version, reason: "from b" });
      await until(() => a.got.includes(version), 5000, "delivery from b to a");
      expect(new Set(a.got).size).toBe(a.got.length);
      expect(new Set(b.got).size).toBe(b.got.length);
    } finally {
      await server.stop();
    }
  });
});

describe("getBus", () => {
  afterAll(async () => {
    await closeRedis();
  });

  it("is one bus per process, however many times its module is loaded", async () => {
    process.env.JWT_SECRET ??= "x".repeat(40);
    const first = (await import("./bus-index.ts")).getBus();
    vi.resetModules();
    const second = (await import("./bus-index.ts")).getBus();
    expect(second).toBe(first);
  });
});
