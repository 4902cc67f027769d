// The local tier of the tracking limits: reserving points from a shared store keeps the limit
// across instances (never more than the limit in total) and exact for one instance alone.
import { RateLimiterMemory } from "rate-limiter-flexible";
import { describe, expect, it } from "vitest";
import { ReservedPoints } from "./rate-limit.ts";

const spec = { points: 60, duration: 60 };
const shared = () => new RateLimiterMemory({ ...spec, keyPrefix: `rp-${Math.random()}` });
const allowed = async (tier: ReservedPoints, key: string, reads: number) => {
  let ok = 0;
  for (let i = 0; i < reads; i++) if ((await tier.take(key)).ok) ok++;
  return ok;
};

describe("ReservedPoints", () => {
  it("alone, allows exactly the limit, then refuses with the time left in the window", async () => {
    const store = shared();
    const tier = new ReservedPoints(() => store, spec.points);
    expect(await allowed(tier, "k", 100)).toBe(spec.points);
    const refused = await tier.take("k");
    expect(refused.ok).toBe(false);
    if (!refused.ok) expect(refused.retryAfterSeconds).toBeGreaterThan(50);
    // Other keys are untouched; most reads are answered without a promise.
    expect(tier.take("other")).toBeInstanceOf(Promise);
    await tier.take("other");
    expect(tier.take("other")).toEqual({ ok: true });
  });

  it("with instances sharing one store, never allows more than the limit in total", async () => {
    const store = shared();
    const instances = [1, 2, 3].map(() => new ReservedPoints(() => store, spec.points));
    let total = 0;
    // Round robin, as a load balancer without sticky sessions would send one phone's reads.
    for (let i = 0; i < 300; i++) if ((await instances[i % 3]!.take("k")).ok) total++;
    expect(total).toBeLessThanOrEqual(spec.points);
    // Stricter by at most a reservation minus one per instance (3 of 60 here: 2 each).
    expect(total).toBeGreaterThanOrEqual(spec.points - 3 * 2);
  });

  it("shares one store round trip between concurrent reads of a key", async () => {
    const store = shared();
    let asked = 0;
    const counting = {
      consume: (key: string, n?: number) => {
        asked++;
        return store.consume(key, n);
      },
    };
    const tier = new ReservedPoints(() => counting, 6_000);
    const results = await Promise.all(Array.from({ length: 200 }, () => tier.take("k")));
    expect(results.every((r) => r.ok)).toBe(true);
    expect(asked).toBeLessThanOrEqual(Math.ceil(200 / (6_000 / 20)) + 1);
  });

  it("while the shared store is away, takes one point per read from its insurance (nothing kept for later)", async () => {
    const store = shared();
    let asked = 0;
    const counting = {
      consume: (key: string, n?: number) => {
        asked++;
        return store.consume(key, n);
      },
    };
    let up = false;
    const tier = new ReservedPoints(() => counting, spec.points, { storeIsShared: () => up });
    expect(await allowed(tier, "k", 10)).toBe(10);
    expect(asked).toBe(10);
    up = true;
    expect(await allowed(tier, "k", 3)).toBe(3);
    expect(asked).toBe(11);
  });

  it("lets reads through when the store fails with something other than a refusal", async () => {
    const broken = { consume: () => Promise.reject(new Error("store down")) };
    const tier = new ReservedPoints(() => broken, spec.points);
    expect((await tier.take("k")).ok).toBe(true);
  });
});
