import { describe, expect, it } from "vitest";
import { parseScenario, ScenarioError } from "./scenario.ts";

const valid = {
  timezone: "Asia/Kolkata",
  date: "2026-06-04",
  doctors: [{ id: "d1", workStart: "09:00", workEnd: "17:00" }],
  appointments: [
    {
      id: "a1",
      doctorId: "d1",
      slotStart: "2026-06-04T09:00:00+05:30",
      bookedAt: "2026-06-01T09:00:00+05:30",
      paidAt: null,
      arrivesAt: null,
      consultationMinutes: 12.5,
      priority: "NORMAL",
    },
  ],
};

const errorOf = (value: unknown) => {
  try {
    parseScenario(typeof value === "string" ? value : JSON.stringify(value), "day.json");
  } catch (error) {
    expect(error).toBeInstanceOf(ScenarioError);
    return (error as Error).message;
  }
  throw new Error("expected the scenario to be refused");
};

describe("parseScenario", () => {
  it("fills in the defaults of a minimal file", () => {
    const s = parseScenario(JSON.stringify(valid), "day.json");
    expect(s).toMatchObject({
      defaultConsultationMinutes: 15,
      delays: [],
      history: [],
      noShowGraceMinutes: 15,
    });
    expect(s.doctors[0]?.startsLateMinutes).toBe(0);
  });

  it("says which file and which field is wrong", () => {
    expect(errorOf("{ nope")).toMatch(/^day\.json: not valid JSON/);
    const bad = errorOf({
      ...valid,
      timezone: "Mars/Olympus",
      appointments: [{ ...valid.appointments[0], doctorId: "d9", slotStart: "09:00" }],
    });
    expect(bad).toMatch(/^day\.json: not a valid scenario/);
    expect(bad).toContain("not an IANA time zone");
    expect(bad).toContain("appointments[0].slotStart");
    const unknownDoctor = errorOf({ ...valid, appointments: [{ ...valid.appointments[0], doctorId: "d9" }] });
    expect(unknownDoctor).toContain('unknown doctor "d9"');
  });

  it("refuses an appointment on another day", () => {
    const other = { ...valid.appointments[0], slotStart: "2026-06-05T09:00:00+05:30" };
    expect(errorOf({ ...valid, appointments: [other] })).toContain("not on 2026-06-04 in Asia/Kolkata");
  });
});
