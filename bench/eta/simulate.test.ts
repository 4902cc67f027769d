import { describe, expect, it } from "vitest";
import { type ScenarioFile, scenarioSchema } from "./scenario.ts";
import { judgeEstimates, percentile, simulateDay, summarizeErrors } from "./simulate.ts";

const at = (hhmm: string) => `2026-06-04T${hhmm}:00+05:30`;
const MIN = 60_000;

/**
 * One doctor, 09:00-12:00 in Asia/Kolkata. The 09:00 slot in queue order: a1 (paid first), a3 (paid),
 * a5 (paid), a2 (unpaid); a4 has the 10:00 slot; u1 is an urgent walk-in at 09:12.
 */
function tinyDay(over: (s: ScenarioFile) => void = () => {}) {
  const file: ScenarioFile = {
    timezone: "Asia/Kolkata",
    date: "2026-06-04",
    defaultConsultationMinutes: 15,
    doctors: [{ id: "d1", workStart: "09:00", workEnd: "12:00", startsLateMinutes: 0 }],
    appointments: [
      {
        id: "a1",
        doctorId: "d1",
        slotStart: at("09:00"),
        bookedAt: "2026-06-01T10:00:00+05:30",
        paidAt: "2026-06-01T10:00:00+05:30",
        arrivesAt: at("08:50"),
        consultationMinutes: 10,
        priority: "NORMAL",
      },
      {
        id: "a2",
        doctorId: "d1",
        slotStart: at("09:00"),
        bookedAt: "2026-06-01T09:00:00+05:30",
        paidAt: null,
        arrivesAt: at("09:05"),
        consultationMinutes: 20,
        priority: "NORMAL",
      },
      {
        id: "a3",
        doctorId: "d1",
        slotStart: at("09:00"),
        bookedAt: "2026-06-01T11:00:00+05:30",
        paidAt: "2026-06-01T11:00:00+05:30",
        arrivesAt: null,
        consultationMinutes: 15,
        priority: "NORMAL",
      },
      {
        id: "a4",
        doctorId: "d1",
        slotStart: at("10:00"),
        bookedAt: "2026-06-01T12:00:00+05:30",
        paidAt: "2026-06-01T12:00:00+05:30",
        arrivesAt: at("09:20"),
        consultationMinutes: 15,
        priority: "NORMAL",
      },
      {
        id: "a5",
        doctorId: "d1",
        slotStart: at("09:00"),
        bookedAt: "2026-06-02T10:00:00+05:30",
        paidAt: "2026-06-02T10:00:00+05:30",
        arrivesAt: at("09:40"),
        consultationMinutes: 12,
        priority: "NORMAL",
      },
      {
        id: "u1",
        doctorId: "d1",
        slotStart: at("09:00"),
        bookedAt: at("09:12"),
        paidAt: null,
        arrivesAt: at("09:12"),
        consultationMinutes: 5,
        priority: "URGENT",
      },
    ],
    history: [{ doctorId: "d1", consultationMinutes: 14 }],
  };
  over(file);
  return scenarioSchema.parse(file);
}

const startsOf = (day = tinyDay()) =>
  Object.fromEntries(
    [...simulateDay(day).actualStartAt].map(([id, start]) => [id, start.toISOString().slice(11, 16)]),
  );

describe("simulateDay", () => {
  it("calls the first present patient whenever the doctor is free, urgent first, no-shows restored late", () => {
    // UTC times (Kolkata is +05:30): 09:00 local is 03:30Z.
    expect(startsOf()).toEqual({
      a1: "03:30", // 09:00, here since 08:50
      a2: "03:40", // 09:10: a3 and a5 are ahead but not here (rule 5)
      u1: "04:00", // 09:30: the urgent walk-in goes first once a2 is done
      a4: "04:05", // 09:35: checked in at 09:30, when check-in opened for the 10:00 slot
      a5: "04:20", // 09:50: marked a no-show at 09:15, restored when they came at 09:40
    });
  });

  it("leaves a no-show without a start, so their estimates are not judged", () => {
    const simulation = simulateDay(tinyDay());
    expect(simulation.actualStartAt.has("a3")).toBe(false);
    expect(simulation.records.some((r) => r.appointmentId === "a3")).toBe(true);
    expect(judgeEstimates(simulation).some((j) => j.appointmentId === "a3")).toBe(false);
  });

  it("starts no one before the doctor arrives late", () => {
    const starts = startsOf(tinyDay((s) => (s.doctors[0] = { ...s.doctors[0]!, startsLateMinutes: 25 })));
    expect(starts.u1).toBe("03:55"); // 09:25: the urgent walk-in who came at 09:12 goes first
    expect(starts.a1).toBe("04:00"); // 09:30
  });

  it("judges the naive estimate as position x default minutes against the real start", () => {
    const judged = judgeEstimates(simulateDay(tinyDay()));
    // When a2 walks in at 09:05 the line is a3, a5, a2, a4: a2 is third, and starts 5 minutes later.
    const a2 = judged.find(
      (j) => j.appointmentId === "a2" && j.at.toISOString() === "2026-06-04T03:35:00.000Z",
    );
    expect(a2).toMatchObject({ position: 3, present: true, naiveWaitMinutes: 45, actualWaitMinutes: 5 });
    expect(a2?.naiveError).toBe(40);
    expect(a2?.modelError).toBe(Math.abs((a2?.modelWaitMinutes ?? 0) - 5));
    for (const j of judged) {
      expect(j.naiveWaitMinutes).toBe(j.position * 15);
      expect(j.naiveError).toBeCloseTo(Math.abs(j.position * 15 - j.actualWaitMinutes));
    }
  });

  it("never shows the model the future: later arrivals and true lengths change no earlier estimate", () => {
    const estimatesBefore = (day: ReturnType<typeof tinyDay>, until: string) =>
      simulateDay(day).records.filter((r) => r.at.getTime() < Date.parse(at(until)));
    const base = estimatesBefore(tinyDay(), "09:30");
    const changed = tinyDay((s) => {
      s.appointments[1] = { ...s.appointments[1]!, consultationMinutes: 55 }; // a2, in the room until 09:30
      s.appointments[3] = { ...s.appointments[3]!, arrivesAt: at("09:58") }; // a4
      s.appointments[4] = { ...s.appointments[4]!, arrivesAt: null }; // a5
    });
    expect(estimatesBefore(changed, "09:30")).toEqual(base);
    expect(base.length).toBeGreaterThan(0);
  });

  it("records an estimate for every waiting patient at every change", () => {
    const { records } = simulateDay(tinyDay());
    // At 09:05 (a2 checks in) the waiting line holds a3, a5, a2 and a4.
    const at0905 = records.filter((r) => r.at.getTime() === Date.parse(at("09:05")));
    expect(at0905.map((r) => [r.appointmentId, r.position])).toEqual([
      ["a3", 1],
      ["a5", 2],
      ["a2", 3],
      ["a4", 4],
    ]);
  });
});

describe("error figures", () => {
  it("p90 is the nearest-rank 90th percentile", () => {
    expect(percentile([10, 1, 9, 2, 8, 3, 7, 4, 6, 5], 0.9)).toBe(9);
    expect(percentile([], 0.9)).toBe(0);
    expect(percentile([4], 0.9)).toBe(4);
  });

  it("the ratio is the model's mean error over the naive one's, over the same estimates", () => {
    const judged = judgeEstimates(simulateDay(tinyDay()));
    const summary = summarizeErrors(judged);
    const sum = (f: (j: (typeof judged)[number]) => number) => judged.reduce((t, j) => t + f(j), 0);
    expect(summary.count).toBe(judged.length);
    expect(summary.modelMae).toBeCloseTo(sum((j) => j.modelError) / judged.length);
    expect(summary.naiveMae).toBeCloseTo(sum((j) => j.naiveError) / judged.length);
    expect(summary.ratio).toBeCloseTo(summary.modelMae / summary.naiveMae);
    expect(judged.every((j) => j.actualWaitMinutes * MIN >= 0)).toBe(true);
  });
});
