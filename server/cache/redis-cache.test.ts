// Against the real Redis at REDIS_URL, under a random key prefix that is removed afterwards.
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, expect, it } from "vitest";
import { closeRedisConnection, createRedisConnection, type RedisClient } from "../redis.ts";
import { describeNeeding } from "../test/needs.ts";
import { RedisCache } from "./redis-cache.ts";
import { cacheContract } from "./testing/contract.ts";
import { until } from "./testing/redis-server.ts";

const url = process.env.REDIS_URL;

describeNeeding(["redis"], "RedisCache on a real Redis", () => {
  const prefix = `pq-test:${randomBytes(6).toString("hex")}:`;
  const clients: RedisClient[] = [];
  const connect = async () => {
    const client = createRedisConnection(url!);
    clients.push(client);
    await until(() => client.status === "ready", 5000, "Redis");
    return client;
  };
  let client: RedisClient;

  beforeAll(async () => {
    client = await connect();
  });

  afterAll(async () => {
    const keys = await client.keys(`${prefix}*`);
    if (keys.length) await client.del(...keys);
    await Promise.all(clients.map(closeRedisConnection));
  });

  cacheContract(() => new RedisCache({ client, prefix }), { propertyRuns: 30 });

  it("racing writers on separate connections never leave an older version over a newer one", async () => {
    const writers = await Promise.all(
      [1, 2, 3, 4].map(async () => new RedisCache({ client: await connect(), prefix })),
    );
    const reader = new RedisCache({ client, prefix });
    const versions = Array.from({ length: 400 }, (_, i) => i + 1).sort(() => Math.random() - 0.5);
    const seen: number[] = [];
    let done = false;
    const reading = (async () => {
      // Reads until the writers are done, and at least once after a write landed.
      while (!done || seen.length === 0) {
        const got = await reader.get<{ version: number }>("race");
        if (got) seen.push(got.version);
      }
    })();
    const results = await Promise.all(
      versions.map((version, i) =>
        writers[i % writers.length]!.setIfNewer("race", { version, by: i % 4 }, 60),
      ),
    );
    done = true;
    await reading;
    expect((await reader.get<{ version: number }>("race"))?.version).toBe(400);
    expect(results.filter(Boolean).length).toBeGreaterThanOrEqual(1);
    for (let i = 1; i < seen.length; i++) expect(seen[i]!).toBeGreaterThanOrEqual(seen[i - 1]!);
    expect(seen.length).toBeGreaterThan(0);
  });

  it("stores the value and its version in one hash that expires", async () => {
    const cache = new RedisCache({ client, prefix });
    await cache.setIfNewer("shape", { version: 12, at: new Date(0) }, 30);
    expect(await client.hget(`${prefix}shape`, "v")).toBe("12");
    const ttl = await client.pttl(`${prefix}shape`);
    expect(ttl).toBeGreaterThan(25_000);
    expect(ttl).toBeLessThanOrEqual(30_000);
  });
});
