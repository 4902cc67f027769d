import { describe, expect, it } from "vitest";
import { LIMITS, limitOf, overrideLimits } from "./rate-limit.ts";

const MAX_TIMER_MS = 2 ** 31 - 1;

describe("rate limits", () => {
  it("keep every window and block within what a Node timer can hold (the in-memory store expires keys with one)", () => {
    for (const [name, limit] of Object.entries(LIMITS)) {
      const l = limit as { duration: number; blockDuration?: number };
      expect(l.duration * 1000, name).toBeLessThanOrEqual(MAX_TIMER_MS);
      expect((l.blockDuration ?? 0) * 1000, name).toBeLessThanOrEqual(MAX_TIMER_MS);
    }
  });

  it("cannot be changed in place: a test that did so leaked its limits into the files after it", () => {
    expect(() => {
      (LIMITS as unknown as Record<string, unknown>).trackIp = { points: 1, duration: 1 };
    }).toThrow(TypeError);
    expect(() => {
      (LIMITS.trackIp as { points: number }).points = 1;
    }).toThrow(TypeError);
    expect(LIMITS.trackIp.points).toBe(600);
  });

  it("an override lives in a process-wide singleton (__pq*), which setup-file.ts forgets before the next file", () => {
    const before = new Set(Object.keys(globalThis));
    overrideLimits({ trackIp: { points: 5, duration: 60 } });
    expect(limitOf("trackIp")).toEqual({ points: 5, duration: 60 });
    expect(limitOf("trackToken")).toBe(LIMITS.trackToken);
    const added = Object.keys(globalThis).filter((k) => !before.has(k));
    expect(added.length).toBeGreaterThan(0);
    expect(added.every((k) => k.startsWith("__pq"))).toBe(true);
    for (const key of added) delete (globalThis as Record<string, unknown>)[key];
    expect(limitOf("trackIp")).toBe(LIMITS.trackIp);
  });
});
