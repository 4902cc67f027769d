import { describe, expect, it } from "vitest";
import { consultationSpread, medianRemainingMinutes, todaysPace, USUAL_SPREAD } from "./pace.ts";

describe("todaysPace", () => {
  const history = Array.from({ length: 30 }, (_, i) => (i % 2 ? 8 : 12));

  it("plans with the history until today shows otherwise, and is less sure of it", () => {
    const before = todaysPace(history, [], 15);
    expect(before.minutes).toBeCloseTo((300 + 75) / 35);
    // The day-to-day drift at least: a new day may run 15 % faster or slower than the last ones.
    expect(before.doubt).toBeGreaterThanOrEqual(0.15);
  });

  it("moves to today's pace as today's visits add up, and grows surer", () => {
    const paces = [0, 4, 8, 16, 32].map((n) => {
      const today = Array(n).fill(20);
      return todaysPace([...today, ...history].slice(0, 30), today, 15);
    });
    const minutes = paces.map((p) => p.minutes);
    expect(minutes).toEqual([...minutes].sort((a, b) => a - b));
    expect(minutes.at(-1)).toBeGreaterThan(17);
    const doubts = paces.map((p) => p.doubt);
    expect(doubts.slice(1)).toEqual([...doubts.slice(1)].sort((a, b) => b - a));
  });

  it("counts today's long visits as today's pace, but not a forgotten 'complete'", () => {
    const today = [30, 32, 28, 300];
    const pace = todaysPace([...today, ...history], today, 15);
    // 300 is capped at 3 x today's median (31) = 93, not at 3 x the history's (10) = 30; the 30
    // visits of history (mean 10, the default worth 5 more) are worth 8 of today's.
    const historyPace = (30 * 10 + 5 * 15) / 35;
    expect(pace.minutes).toBeCloseTo((28 + 30 + 32 + 93 + 8 * historyPace) / 12);
  });

  it("measures the spread of lengths once there are a few", () => {
    expect(consultationSpread([10, 10, 10])).toBe(0);
    expect(consultationSpread([10, 10, 10, 10, 10])).toBe(0);
    expect(consultationSpread([5, 10, 20, 10, 5, 20])).toBeGreaterThan(0.4);
  });
});

describe("medianRemainingMinutes", () => {
  const pace = { minutes: 15, doubt: 0, spread: USUAL_SPREAD };

  it("expects a visit just begun to take a little under the mean: most are shorter, a few much longer", () => {
    const atStart = medianRemainingMinutes(pace, 0);
    // The median of a log-normal length with mean 15 and spread 0.45: 15 x exp(-0.45^2 / 2).
    expect(atStart).toBeCloseTo(15 * Math.exp(-(USUAL_SPREAD ** 2) / 2), 3);
    expect(atStart).toBeLessThan(15);
  });

  it("shrinks as the visit goes on, but not to nothing while it runs long", () => {
    const left = [0, 5, 10, 15, 20].map((m) => medianRemainingMinutes(pace, m));
    expect(left).toEqual([...left].sort((a, b) => b - a));
    // Twice the mean into it: one that long goes on a few minutes more (long visits run long).
    expect(medianRemainingMinutes(pace, 30)).toBeGreaterThan(4);
    // A tighter spread: a long-running visit is closer to its end.
    expect(medianRemainingMinutes({ ...pace, spread: 0.2 }, 20)).toBeLessThan(2);
  });

  it("has nothing to add far beyond any usual length (a forgotten 'complete')", () => {
    expect(medianRemainingMinutes(pace, 600)).toBe(0);
  });
});
