import { describe, expect, it } from "vitest";
import { gettingStarted } from "./getting-started";

const doctor = (active = true, periods: unknown[] = [{}]) => ({ active, periods });
const desk = { active: true, role: "RECEPTIONIST" };

describe("a new clinic's first steps", () => {
  it("right after setup every step is to do, doctors first", () => {
    const steps = gettingStarted([], [{ active: true, role: "ADMIN" }]);
    expect(steps?.map((s) => [s.label, s.done])).toEqual([
      ["Add your doctors", false],
      ["Set each doctor's working hours", false],
      ["Add reception staff", false],
    ]);
    expect(steps?.[0]?.href).toBe("/admin/doctors");
  });

  it("a doctor without hours, or an inactive receptionist, is not done", () => {
    const steps = gettingStarted([doctor(), doctor(true, [])], [{ active: false, role: "RECEPTIONIST" }]);
    expect(steps?.map((s) => s.done)).toEqual([true, false, false]);
    // An inactive doctor's missing hours do not count.
    expect(gettingStarted([doctor(), doctor(false, [])], [])?.map((s) => s.done)).toEqual([
      true,
      true,
      false,
    ]);
  });

  it("goes away once the clinic can run a day", () => {
    expect(gettingStarted([doctor()], [desk])).toBeNull();
  });
});
