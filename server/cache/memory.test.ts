import { describe, expect, it } from "vitest";
import { MemoryCache } from "./memory.ts";
import { cacheContract } from "./testing/contract.ts";

describe("MemoryCache", () => {
  cacheContract(() => new MemoryCache());

  it("keeps at most maxEntries, dropping the least recently used", async () => {
    const cache = new MemoryCache({ maxEntries: 3 });
    await cache.set("a", 1, 60);
    await cache.set("b", 2, 60);
    await cache.set("c", 3, 60);
    await cache.get("a");
    await cache.set("d", 4, 60);
    expect(cache.size).toBe(3);
    expect(await cache.get("b")).toBeUndefined();
    expect(await cache.get("a")).toBe(1);
    expect(await cache.get("d")).toBe(4);
  });

  it("expires by its clock, and an expired version no longer blocks setIfNewer", async () => {
    let now = 1_000_000;
    const cache = new MemoryCache({ now: () => now });
    await cache.setIfNewer("snap", { version: 9 }, 300);
    now += 299_000;
    expect(await cache.get("snap")).toEqual({ version: 9 });
    now += 1_000;
    expect(await cache.get("snap")).toBeUndefined();
    expect(await cache.setIfNewer("snap", { version: 2 }, 300)).toBe(true);
  });

  it("refuses a version that is not a finite number", async () => {
    await expect(new MemoryCache().setIfNewer("k", { version: Number.NaN }, 60)).rejects.toThrow(TypeError);
  });
});
