// The statistics service with a pinned clock: "today" is the hospital's local date, and a booking
// still open after the hospital's own no-show grace is reported as overdue.
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "../db/client.ts";
import { zonedTimeToUtc } from "../domain/time.ts";
import { createHospitalFixture } from "../test/fixtures.ts";
import { doctorStatistics, hospitalStatistics } from "./statistics.ts";

const TZ = "Pacific/Kiritimati"; // UTC+14: local today is often UTC tomorrow
const DATE = "2026-06-04";
const at = (hhmm: string) => zonedTimeToUtc(DATE, hhmm, TZ);
let fx: Awaited<ReturnType<typeof createHospitalFixture>>;

beforeAll(async () => {
  fx = await createHospitalFixture({
    timeZone: TZ,
    now: at("09:00"),
    appointments: [{ at: "08:00" }, { at: "08:20" }, { at: "08:40" }, { at: "08:40", status: "COMPLETED" }],
  });
  await getDb().hospital.update({ where: { id: fx.hospital.id }, data: { noShowGraceMinutes: 30 } });
});

describe("doctorStatistics", () => {
  it("reads the hospital's local today and counts bookings past slot + the hospital's grace as overdue", async () => {
    // 09:00 local = 19:00 UTC the day before; grace 30: 08:00 and 08:20 are overdue, 08:40 is not yet.
    const now = at("09:00");
    const stats = await doctorStatistics(fx.hospital.id, fx.doctor.id, {}, now);
    expect(stats.period).toMatchObject({ from: DATE, to: DATE });
    expect(stats.totals.appointments).toBe(4);
    expect(stats.noShow).toEqual({ noShows: 0, attended: 1, rate: 0, overdueBooked: 2 });
  });

  it("refuses a reversed period with a plain BAD_REQUEST, and an unknown hospital with NOT_FOUND", async () => {
    await expect(
      doctorStatistics(fx.hospital.id, fx.doctor.id, { from: "2026-06-05", to: "2026-06-04" }),
    ).rejects.toMatchObject({
      reason: "INVALID_PERIOD",
      code: "BAD_REQUEST",
      message: "The start date (2026-06-05) is after the end date (2026-06-04).",
    });
    await expect(hospitalStatistics("no-such-hospital", { from: DATE, to: DATE })).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
  });

  it("lists an inactive doctor in the hospital breakdown only when they had patients in the period", async () => {
    const db = getDb();
    const retired = await db.doctor.create({
      data: { hospitalId: fx.hospital.id, name: "Dr Retired", room: "9", active: false },
    });
    const stats = await hospitalStatistics(fx.hospital.id, { from: DATE, to: DATE }, at("09:00"));
    expect(stats.byDoctor.map((d) => d.name)).toEqual(["Dr Test"]);
    await db.doctor.update({ where: { id: fx.doctor.id }, data: { active: false } });
    const again = await hospitalStatistics(fx.hospital.id, { from: DATE, to: DATE }, at("09:00"));
    expect(again.byDoctor.map((d) => d.name)).toEqual(["Dr Test"]);
    expect(again.byDoctor.some((d) => d.doctorId === retired.id)).toBe(false);
  });
});
