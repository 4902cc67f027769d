import { describe, expect, it } from "vitest";
import { countUp } from "./use-clock";

describe("countUp: the consultation timer's count and its next change", () => {
  it("changes exactly at each whole second since the start", () => {
    expect(countUp(0)).toEqual({ seconds: 0, nextInMs: 1_000 });
    expect(countUp(999)).toEqual({ seconds: 0, nextInMs: 1 });
    expect(countUp(1_000)).toEqual({ seconds: 1, nextInMs: 1_000 });
    expect(countUp(61_250)).toEqual({ seconds: 61, nextInMs: 750 });
  });

  it("shows 0 before the start and wakes at it, a minute at a time at most", () => {
    expect(countUp(-400)).toEqual({ seconds: 0, nextInMs: 400 });
    expect(countUp(-5 * 86_400_000)).toEqual({ seconds: 0, nextInMs: 60_000 });
  });

  it("no start, no timer (no loop of immediate timeouts)", () => {
    expect(countUp(Number.NaN)).toBeNull();
    expect(countUp(Number.POSITIVE_INFINITY)).toBeNull();
  });
});
