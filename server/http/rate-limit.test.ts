import { describe, expect, it } from "vitest";
import { LIMITS } from "./rate-limit.ts";

const MAX_TIMER_MS = 2 ** 31 - 1;

describe("rate limits", () => {
  it("keep every window and block within what a Node timer can hold (the in-memory store expires keys with one)", () => {
    for (const [name, limit] of Object.entries(LIMITS)) {
      const l = limit as { duration: number; blockDuration?: number };
      expect(l.duration * 1000, name).toBeLessThanOrEqual(MAX_TIMER_MS);
      expect((l.blockDuration ?? 0) * 1000, name).toBeLessThanOrEqual(MAX_TIMER_MS);
    }
  });
});
