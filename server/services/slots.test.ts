// The slot services on the test database with a pinned clock: windows across local midnight,
// suggestions relative to `now`, and the clinic's rates read once and cached.
import { beforeAll, describe, expect, it } from "vitest";
import { clockFrom, setClock } from "../clock.ts";
import { getDb } from "../db/client.ts";
import { addDays, zonedTimeToUtc } from "../domain/time.ts";
import { createHospitalFixture } from "../test/fixtures.ts";
import {
  clinicRatesFor,
  getWeekSummary,
  handleSlotOverlaps,
  mondayOf,
  type ReadScope,
  suggestOptimalSlots,
} from "./slots.ts";

const TZ = "Pacific/Auckland";
const DATE = "2026-06-04";
const NEXT = addDays(DATE, 1);
const local = (hhmm: string, date = DATE) => zonedTimeToUtc(date, hhmm, TZ);

let fx: Awaited<ReturnType<typeof createHospitalFixture>>;
let scope: ReadScope;

async function book(date: string, at: string, status: "BOOKED" | "NO_SHOW" = "BOOKED") {
  const db = getDb();
  const day = await db.queueDay.upsert({
    where: { doctorId_date: { doctorId: fx.doctor.id, date } },
    create: { hospitalId: fx.hospital.id, doctorId: fx.doctor.id, date },
    update: { nextTicket: { increment: 1 } },
  });
  const patient = await db.patient.create({ data: { hospitalId: fx.hospital.id, name: `Patient ${at}` } });
  return db.appointment.create({
    data: {
      hospitalId: fx.hospital.id,
      doctorId: fx.doctor.id,
      patientId: patient.id,
      queueDayId: day.id,
      ticket: day.nextTicket,
      scheduledAt: local(at, date),
      bookedAt: new Date(local(at, date).getTime() - 86_400_000),
      status,
    },
  });
}

beforeAll(async () => {
  fx = await createHospitalFixture({
    now: local("12:00"),
    timeZone: TZ,
    appointments: [{ at: "10:00" }, { at: "23:30", paidMinutesBefore: 5 }],
  });
  scope = { hospitalId: fx.hospital.id };
  await book(NEXT, "00:30");
});

describe("handleSlotOverlaps", () => {
  it("a window across local midnight reads both days' queues, in date order", async () => {
    const data = await handleSlotOverlaps(
      scope,
      fx.doctor.id,
      `${DATE}T23:00`,
      `${NEXT}T01:00`,
      local("09:00"),
    );
    expect(data.dates).toEqual([DATE, NEXT]);
    expect(data).toMatchObject({ label: "23:00-01:00", minutes: 120, capacity: 8, load: 2, overflow: 0 });
    expect(data.entries.map((e) => [e.scheduledAt, e.windowPosition])).toEqual([
      [local("23:30"), 1],
      [local("00:30", NEXT), 2],
    ]);
  });
});

describe("suggestOptimalSlots", () => {
  it("offers only slots that have not ended at `now`", async () => {
    const midday = await suggestOptimalSlots(scope, fx.doctor.id, DATE, null, local("12:10"));
    expect(midday.suggestions.map((s) => s.label).sort()[0]).toBe("12:00");
    expect(midday.suggestions).toHaveLength(12);
    const morning = await suggestOptimalSlots(scope, fx.doctor.id, DATE, 10, local("08:00"));
    expect(morning.suggestions).toHaveLength(16);
    expect(morning.suggestions[0]?.label).toBe("09:00");
    // 10:00 holds one booking; a new one there waits for it.
    expect(morning.suggestions.find((s) => s.label === "10:00")).toMatchObject({
      currentAppointments: 1,
      estimatedWaitTime: 15,
    });
  });

  it("reads the clinic's history once and caches its rates", async () => {
    const first = await clinicRatesFor(fx.hospital.id, local("12:00"));
    await book(addDays(DATE, -3), "09:00", "NO_SHOW");
    const cached = await clinicRatesFor(fx.hospital.id, local("12:00"));
    expect(cached).toEqual(first);
    expect(first.basedOn.noShows).toBe(0);
  });
});

describe("getWeekSummary", () => {
  it("a week starts on the Monday of the date, Sundays included", () => {
    expect(mondayOf("2026-06-04")).toBe("2026-06-01"); // a Thursday
    expect(mondayOf("2026-06-01")).toBe("2026-06-01");
    expect(mondayOf("2026-06-07")).toBe("2026-06-01"); // a Sunday
    expect(mondayOf("2026-03-01")).toBe("2026-02-23"); // across a month
  });

  it("counts booked places per day, and free places in the hours not over yet", async () => {
    setClock(clockFrom(local("12:00"), { frozen: true }));
    const week = await getWeekSummary(scope, fx.doctor.id, DATE).finally(() => setClock(null));
    expect(week.start).toBe("2026-06-01");
    expect(week.days.map((d) => d.date)).toEqual([
      "2026-06-01",
      "2026-06-02",
      "2026-06-03",
      "2026-06-04",
      "2026-06-05",
      "2026-06-06",
      "2026-06-07",
    ]);
    // The fixture's doctor works round the clock at 4 places an hour: 96 a day.
    const byDate = new Map(week.days.map((d) => [d.date, d]));
    // At 12:00 the 12 hours gone by free nothing: today's 12 hours left, less the 23:30 booking.
    expect(byDate.get(DATE)).toMatchObject({ workingDay: true, booked: 2, capacity: 96, free: 47 });
    expect(byDate.get(NEXT)).toMatchObject({ booked: 1, capacity: 96, free: 95 });
    expect(byDate.get("2026-06-01")).toMatchObject({ booked: 0, capacity: 96, free: 0 });
  });

  it("another hospital's doctor is not found", async () => {
    await expect(getWeekSummary({ hospitalId: "other-hospital" }, fx.doctor.id, DATE)).rejects.toMatchObject({
      reason: "DOCTOR_NOT_FOUND",
    });
  });
});
