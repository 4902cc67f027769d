import { describe, expect, it } from "vitest";
import { furtherLateness, lateSoFar } from "./late-start.ts";

const at = (minute: number) => new Date(Date.UTC(2026, 5, 4, 9, minute));
const waiting = (minute: number) => ({
  status: "CHECKED_IN",
  calledAt: null,
  startedAt: null,
  checkedInAt: at(minute),
});

describe("furtherLateness", () => {
  it("before anything says so: the usual lateness, mostly none", () => {
    const usual = furtherLateness(0);
    expect(usual.minutes).toBeCloseTo(0.15 * 7 + 0.25 * 30);
    expect(usual.spread).toBeGreaterThan(usual.minutes);
  });

  it("a doctor already late is likely one of the very late ones, and nearly there the later it gets", () => {
    expect(furtherLateness(5).minutes).toBeGreaterThan(furtherLateness(0).minutes);
    expect(furtherLateness(20).minutes).toBeCloseTo((50 + 20) / 2 - 20);
    expect(furtherLateness(40).minutes).toBeCloseTo(5);
    // Past every usual lateness: some more, without pretending to know how much.
    expect(furtherLateness(90)).toEqual({ minutes: 10, spread: 10 });
  });
});

describe("lateSoFar", () => {
  const start = at(0).getTime();

  it("counts from the later of the expected start and the first patient waiting", () => {
    expect(lateSoFar([waiting(-10)], 0, at(20).getTime(), start)).toBe(20);
    expect(lateSoFar([waiting(5)], 0, at(20).getTime(), start)).toBe(15);
    expect(lateSoFar([waiting(5)], 0, at(2).getTime(), start)).toBe(0);
    expect(lateSoFar([], 0, at(20).getTime(), start)).toBe(0);
  });

  it("says nothing once the start is long past: a doctor not working today, or round the clock", () => {
    expect(lateSoFar([waiting(-10)], 0, at(119).getTime(), start)).toBe(119);
    expect(lateSoFar([waiting(-10)], 0, at(121).getTime(), start)).toBeNull();
  });

  it("is over once the doctor has seen or called anyone", () => {
    expect(lateSoFar([waiting(-10)], 1, at(20).getTime(), start)).toBeNull();
    const called = { status: "CALLED", calledAt: at(10), startedAt: null, checkedInAt: at(-5) };
    expect(lateSoFar([called, waiting(-10)], 0, at(20).getTime(), start)).toBeNull();
  });
});
