import { afterAll, expect, it, vi } from "vitest";
import { closeRedis } from "../redis.ts";

afterAll(async () => {
  await closeRedis();
});

it("getCache is one cache per process, however many times its module is loaded, and counts hits", async () => {
  process.env.JWT_SECRET ??= "x".repeat(40);
  const first = await import("./index.ts");
  vi.resetModules();
  const second = await import("./index.ts");
  expect(second.getCache()).toBe(first.getCache());
  const before = second.cacheStats();
  await first.getCache().get(`pq-test:missing:${Date.now()}`);
  expect(second.cacheStats().misses).toBe(before.misses + 1);
});
