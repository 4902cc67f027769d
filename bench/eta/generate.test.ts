import { describe, expect, it } from "vitest";
import { generateScenarios, isoInZone, SCENARIO_KINDS } from "./generate.ts";
import { scenarioSchema } from "./scenario.ts";

describe("generateScenarios", () => {
  it("is deterministic for a seed and varies between seeds", () => {
    expect(generateScenarios(7, 3)).toEqual(generateScenarios(7, 3));
    expect(generateScenarios(8, 3)).not.toEqual(generateScenarios(7, 3));
    // Day i depends only on the seed and i, not on how many days are asked for.
    expect(generateScenarios(7, 2)[1]).toEqual(generateScenarios(7, 12)[1]);
  });

  it("writes valid scenarios covering every kind of day", () => {
    const days = generateScenarios(1, SCENARIO_KINDS.length);
    expect(new Set(days.map((d) => d.kind))).toEqual(new Set(SCENARIO_KINDS));
    for (const { scenario } of days) {
      expect(() => scenarioSchema.parse(scenario)).not.toThrow();
      expect(scenario.appointments.length).toBeGreaterThan(0);
    }
  });

  it("gives each kind of day what its name says", () => {
    const days = generateScenarios(3, 36);
    const of = (kind: string) => days.filter((d) => d.kind === kind).map((d) => d.scenario);
    for (const s of of("late-doctor-announced")) {
      expect(s.doctors.some((d) => (d.startsLateMinutes ?? 0) >= 15)).toBe(true);
      expect(s.delays?.length).toBe(1);
    }
    for (const s of of("late-doctor-silent")) {
      expect(s.doctors.some((d) => (d.startsLateMinutes ?? 0) >= 15)).toBe(true);
      expect(s.delays).toEqual([]);
    }
    for (const s of of("urgent-walk-ins")) {
      expect(s.appointments.some((a) => a.priority === "URGENT")).toBe(true);
    }
    const noShowShare = (kind: string) => {
      const all = of(kind).flatMap((s) => s.appointments);
      return all.filter((a) => a.arrivesAt === null).length / all.length;
    };
    expect(noShowShare("many-no-shows")).toBeGreaterThan(noShowShare("light"));
  });
});

describe("isoInZone", () => {
  it("writes the local time with the zone's offset", () => {
    const instant = Date.parse("2026-06-04T03:30:00Z");
    expect(isoInZone(instant, "Asia/Kolkata")).toBe("2026-06-04T09:00:00+05:30");
    expect(isoInZone(instant, "America/New_York")).toBe("2026-06-03T23:30:00-04:00");
    expect(Date.parse(isoInZone(instant, "Pacific/Auckland"))).toBe(instant);
  });
});
