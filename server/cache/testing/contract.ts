// The behaviour every Cache implementation promises, run against each of them.
import fc from "fast-check";
import { expect, it } from "vitest";
import type { Cache } from "../cache.ts";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export function cacheContract(make: () => Cache, opts: { propertyRuns?: number } = {}) {
  let n = 0;
  const key = (name: string) => `${name}:${++n}`;

  it("returns what was set, with dates and nesting intact, until it expires", async () => {
    const cache = make();
    const k = key("ref");
    const value = { id: "a1", scheduledAt: new Date("2026-06-04T09:00:00Z"), tags: ["x"], nested: { n: 1 } };
    expect(await cache.get(k)).toBeUndefined();
    await cache.set(k, value, 0.3);
    const got = await cache.get<typeof value>(k);
    expect(got).toEqual(value);
    expect(got?.scheduledAt).toBeInstanceOf(Date);
    await sleep(450);
    expect(await cache.get(k)).toBeUndefined();
  });

  it("set overwrites and del removes several keys at once", async () => {
    const cache = make();
    const [a, b, c] = [key("a"), key("b"), key("c")];
    await cache.set(a, 1, 60);
    await cache.set(a, 2, 60);
    await cache.set(b, "b", 60);
    await cache.set(c, "c", 60);
    expect(await cache.get(a)).toBe(2);
    await cache.del(a, b);
    expect(await cache.get(a)).toBeUndefined();
    expect(await cache.get(b)).toBeUndefined();
    expect(await cache.get(c)).toBe("c");
    await cache.del();
  });

  it("setIfNewer writes only over a lower version, including fractional invalidation markers", async () => {
    const cache = make();
    const k = key("snap");
    expect(await cache.setIfNewer(k, { version: 3, body: "v3" }, 60)).toBe(true);
    expect(await cache.setIfNewer(k, { version: 2, body: "v2" }, 60)).toBe(false);
    expect(await cache.setIfNewer(k, { version: 3, body: "v3 again" }, 60)).toBe(false);
    expect(await cache.get(k)).toEqual({ version: 3, body: "v3" });
    // A commit of version 5 marks the key 4.5: a reader still holding version 4 cannot put it back.
    expect(await cache.setIfNewer(k, { version: 4.5 }, 60)).toBe(true);
    expect(await cache.setIfNewer(k, { version: 4, body: "v4" }, 60)).toBe(false);
    expect(await cache.setIfNewer(k, { version: 5, body: "v5" }, 60)).toBe(true);
    expect(await cache.get(k)).toEqual({ version: 5, body: "v5" });
  });

  it("setIfNewer respects a version stored by set, and writes over an unversioned value", async () => {
    const cache = make();
    const [versioned, plain] = [key("versioned"), key("plain")];
    await cache.set(versioned, { version: 7 }, 60);
    expect(await cache.setIfNewer(versioned, { version: 6 }, 60)).toBe(false);
    await cache.set(plain, { note: "no version" }, 60);
    expect(await cache.setIfNewer(plain, { version: 1 }, 60)).toBe(true);
    expect(await cache.get(plain)).toEqual({ version: 1 });
  });

  it("setIfNewer always leaves the highest version written", async () => {
    const cache = make();
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.integer({ min: 0, max: 50 }), { minLength: 1, maxLength: 20 }),
        async (versions) => {
          const k = key("prop");
          let highest = Number.NEGATIVE_INFINITY;
          for (const version of versions) {
            expect(await cache.setIfNewer(k, { version }, 60)).toBe(version > highest);
            highest = Math.max(highest, version);
            expect((await cache.get<{ version: number }>(k))?.version).toBe(highest);
          }
        },
      ),
      { numRuns: opts.propertyRuns ?? 100 },
    );
  });
}
