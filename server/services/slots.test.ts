// The slot services on the test database with a pinned clock: windows across local midnight,
// suggestions relative to `now`, and the clinic's rates read once and cached.
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "../db/client.ts";
import { addDays, zonedTimeToUtc } from "../domain/time.ts";
import { createHospitalFixture } from "../test/fixtures.ts";
import { clinicRatesFor, handleSlotOverlaps, type ReadScope, suggestOptimalSlots } from "./slots.ts";

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
