import { describe, expect, it } from "vitest";
import { dayBoundsUtc } from "../../server/domain/time.ts";
import { generateScenarios, isoInZone, SCENARIO_KINDS } from "./generate.ts";
import { DST_DAYS, FAR_ZONES } from "./profiles.ts";
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

describe("generateScenarios, hard days", () => {
  const days = generateScenarios(5, 4 * SCENARIO_KINDS.length);
  const of = (kind: string) =>
    days.filter((d) => d.kind === kind).map((d) => scenarioSchema.parse(d.scenario));
  const hardKinds = SCENARIO_KINDS.slice(SCENARIO_KINDS.indexOf("crowded"));
  const hourOf = (iso: string) => iso.slice(0, 13);

  it("has several doctors, each with 40 earlier consultations and a pace of 6-26 minutes", () => {
    for (const kind of hardKinds) {
      for (const s of of(kind)) {
        if (kind !== "mixed-hard") expect(s.doctors.length).toBeGreaterThanOrEqual(2);
        for (const d of s.doctors) {
          const lengths = s.appointments.filter((a) => a.doctorId === d.id).map((a) => a.consultationMinutes);
          const mean = lengths.reduce((x, y) => x + y, 0) / lengths.length;
          expect(s.history.filter((h) => h.doctorId === d.id)).toHaveLength(40);
          expect(mean).toBeGreaterThan(3);
          expect(mean).toBeLessThan(45);
        }
      }
    }
    expect(of("crowded").every((s) => s.doctors.length >= 3)).toBe(true);
  });

  it("books hours past what the doctor sees, so a backlog builds", () => {
    for (const s of of("overbooked")) {
      const perHour = new Map<string, number>();
      for (const a of s.appointments.filter((x) => x.bookedAt < x.slotStart)) {
        const key = `${a.doctorId} ${hourOf(a.slotStart)}`;
        perHour.set(key, (perHour.get(key) ?? 0) + 1);
      }
      const booked = s.doctors.map((d) => {
        const minutes = s.appointments
          .filter((a) => a.doctorId === d.id)
          .reduce((sum, a) => sum + a.consultationMinutes, 0);
        const hours = [...perHour.keys()].filter((k) => k.startsWith(`${d.id} `)).length;
        return minutes / Math.max(1, hours);
      });
      // More than an hour of consultations booked per working hour, for at least one doctor.
      expect(Math.max(...booked)).toBeGreaterThan(60);
    }
  });

  it("has doctors who start late without a word, and some later than they announced", () => {
    for (const s of of("silent-late-start")) {
      expect(s.doctors.some((d) => d.startsLateMinutes >= 10)).toBe(true);
      expect(s.delays).toEqual([]);
    }
    for (const s of of("announced-delay-and-more")) {
      for (const delay of s.delays) {
        const d = s.doctors.find((x) => x.id === delay.doctorId);
        expect(delay.estimatedDelay).toBeGreaterThanOrEqual(20);
        expect(delay.estimatedDelay).toBeLessThanOrEqual(45);
        expect(d?.startsLateMinutes).toBeGreaterThanOrEqual(delay.estimatedDelay + 10);
      }
      expect(s.delays.length).toBeGreaterThan(0);
    }
  });

  it("has many no-shows, early comers and urgent walk-ins where its name says", () => {
    const noShowShare = (kind: string) => {
      const all = of(kind).flatMap((s) => s.appointments);
      return all.filter((a) => a.arrivesAt === null).length / all.length;
    };
    expect(noShowShare("no-show-heavy")).toBeGreaterThan(0.15);
    const earlyBy = (kind: string) => {
      const came = of(kind)
        .flatMap((s) => s.appointments)
        .filter((a) => a.arrivesAt && a.bookedAt < a.slotStart);
      const minutes = came.map((a) => (Date.parse(a.slotStart) - Date.parse(a.arrivesAt as string)) / 60_000);
      return minutes.reduce((x, y) => x + y, 0) / minutes.length;
    };
    expect(earlyBy("early-comers")).toBeGreaterThan(10);
    const urgentWalkIns = of("urgent-walk-in-rush")
      .flatMap((s) => s.appointments)
      .filter((a) => a.priority === "URGENT" && a.bookedAt === a.arrivesAt);
    expect(urgentWalkIns.length).toBeGreaterThanOrEqual(8);
  });

  it("puts days far from UTC or on a daylight-saving change", () => {
    for (const s of of("far-zone-or-dst")) {
      const { start, end } = dayBoundsUtc(s.date, s.timezone);
      const dstDay = end.getTime() - start.getTime() !== 24 * 3_600_000;
      expect(dstDay || FAR_ZONES.includes(s.timezone)).toBe(true);
    }
    for (const [timezone, date] of DST_DAYS) {
      const { start, end } = dayBoundsUtc(date, timezone);
      expect(end.getTime() - start.getTime(), `${timezone} ${date}`).not.toBe(24 * 3_600_000);
    }
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
