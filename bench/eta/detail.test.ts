import { describe, expect, it } from "vitest";
import { errorDetail } from "./detail.ts";
import type { JudgedEstimate } from "./simulate.ts";

function judged(over: Partial<JudgedEstimate>): JudgedEstimate {
  const model = over.modelWaitMinutes ?? 0;
  const naive = over.naiveWaitMinutes ?? 0;
  const actual = over.actualWaitMinutes ?? 0;
  return {
    appointmentId: "a1",
    doctorId: "d1",
    at: new Date(0),
    position: 1,
    present: true,
    likelyFromMinutes: 0,
    likelyToMinutes: 0,
    ...over,
    modelWaitMinutes: model,
    naiveWaitMinutes: naive,
    actualWaitMinutes: actual,
    modelError: Math.abs(model - actual),
    naiveError: Math.abs(naive - actual),
  };
}

const cells = (lines: string[], name: string) =>
  lines
    .find((l) => l.startsWith(name))
    ?.slice(name.length)
    .trim()
    .split(/\s+/);

describe("errorDetail", () => {
  it("signs the bias: told too early is negative, and splits by presence, real wait and position", () => {
    const lines = errorDetail(
      new Map([
        [
          "busy",
          [
            // Told 10 min, waited 40: 30 too early; the naive said 15.
            judged({ modelWaitMinutes: 10, naiveWaitMinutes: 15, actualWaitMinutes: 40, position: 1 }),
            // Not here yet, told 100, waited 90: 10 too late; the naive said 75.
            judged({
              modelWaitMinutes: 100,
              naiveWaitMinutes: 75,
              actualWaitMinutes: 90,
              position: 5,
              present: false,
            }),
          ],
        ],
      ]),
    );
    // count, bias, naive bias, mae, naive mae, ratio
    expect(cells(lines, "busy")).toEqual(["2", "-10.0", "-20.0", "20.0", "20.0", "1.00"]);
    expect(cells(lines, "checked in")).toEqual(["1", "-30.0", "-25.0", "30.0", "25.0", "1.20"]);
    expect(cells(lines, "not yet here")).toEqual(["1", "10.0", "-15.0", "10.0", "15.0", "0.67"]);
    expect(cells(lines, "real wait 30-60 min")?.slice(0, 2)).toEqual(["1", "-30.0"]);
    expect(cells(lines, "real wait 60-120 min")?.slice(0, 2)).toEqual(["1", "10.0"]);
    expect(cells(lines, "position 4-6")?.slice(0, 2)).toEqual(["1", "10.0"]);
    expect(cells(lines, "position 1")?.slice(0, 2)).toEqual(["1", "-30.0"]);
  });
});
