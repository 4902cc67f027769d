// DEFAULT_CONSULTATION_TIME is what a doctor's consultations are planned at when neither the doctor
// nor the hospital has a length of its own: in the queue's estimates and in the slot suggestions.
import { afterEach, describe, expect, it } from "vitest";
import { getDb } from "../db/client.ts";
import { loadQueueState } from "../db/queue-repo.ts";
import { zonedTimeToUtc } from "../domain/time.ts";
import { env } from "../env.ts";
import { createHospitalFixture } from "../test/fixtures.ts";
import { suggestOptimalSlots } from "./slots.ts";
import { snapshotFromState } from "./snapshot.ts";

const TZ = "Pacific/Auckland";
const DATE = "2026-06-04";
const local = (hhmm: string) => zonedTimeToUtc(DATE, hhmm, TZ);
const configured = env().DEFAULT_CONSULTATION_TIME;

afterEach(() => {
  env().DEFAULT_CONSULTATION_TIME = configured;
});

/** Three present patients in the 10:00 slot, nobody seen yet today. */
const clinic = (consultationMinutes?: number | null) =>
  createHospitalFixture({
    now: local("10:00"),
    timeZone: TZ,
    consultationMinutes,
    appointments: [
      { at: "10:00", status: "CHECKED_IN" },
      { at: "10:00", status: "CHECKED_IN" },
      { at: "10:00", status: "CHECKED_IN" },
    ],
  });

async function lastWaitMinutes(queueDayId: string) {
  const state = (await loadQueueState(queueDayId))!;
  const entries = snapshotFromState(state, local("10:00")).entries;
  return entries.at(-1)!.estimatedWaitMinutes!;
}

describe("DEFAULT_CONSULTATION_TIME", () => {
  it("plans the estimates of a doctor without a consultation length of their own", async () => {
    const fx = await clinic();
    expect(fx.doctor.consultationMinutes).toBeNull();
    env().DEFAULT_CONSULTATION_TIME = 10;
    const short = await lastWaitMinutes(fx.queueDay.id);
    env().DEFAULT_CONSULTATION_TIME = 30;
    const long = await lastWaitMinutes(fx.queueDay.id);
    // Two consultations ahead of the third patient, each 20 minutes longer.
    expect(long - short).toBeGreaterThanOrEqual(30);
  });

  it("gives way to the doctor's own length, then to the hospital's", async () => {
    const own = await clinic(12);
    env().DEFAULT_CONSULTATION_TIME = 10;
    const before = await lastWaitMinutes(own.queueDay.id);
    env().DEFAULT_CONSULTATION_TIME = 30;
    expect(await lastWaitMinutes(own.queueDay.id)).toBe(before);

    const fx = await clinic();
    const scope = { hospitalId: fx.hospital.id };
    env().DEFAULT_CONSULTATION_TIME = 35;
    expect(
      (await suggestOptimalSlots(scope, fx.doctor.id, DATE, null, local("10:00")))
        .expectedConsultationMinutes,
    ).toBe(35);
    await getDb().hospital.update({
      where: { id: fx.hospital.id },
      data: { defaultConsultationMinutes: 25 },
    });
    expect(
      (await suggestOptimalSlots(scope, fx.doctor.id, DATE, null, local("10:00")))
        .expectedConsultationMinutes,
    ).toBe(25);
  });
});
