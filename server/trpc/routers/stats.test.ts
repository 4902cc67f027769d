// Statistics through createCaller on the test database: known timestamps in, hand-worked figures out,
// and who may read what.
import { beforeAll, describe, expect, it } from "vitest";
import type { SessionStaff } from "../../auth/session.ts";
import { now as clockNow } from "../../clock.ts";
import { getDb } from "../../db/client.ts";
import { findStaffForSession } from "../../db/staff-repo.ts";
import { localDateOf, zonedTimeToUtc } from "../../domain/time.ts";
import { createHospitalFixture } from "../../test/fixtures.ts";
import { callerFor } from "../caller.ts";

const TZ = "Pacific/Auckland"; // UTC+12 in June: local mornings are the previous UTC evening
const DAY1 = "2026-06-04";
const DAY2 = "2026-06-05";
const at = (date: string, hhmm: string) => zonedTimeToUtc(date, hhmm, TZ);

type Fixture = Awaited<ReturnType<typeof createHospitalFixture>>;
let fx: Fixture;
let other: Fixture;
let secondDoctorId: string;
const staff: Record<"admin" | "reception" | "doctor" | "otherAdmin", SessionStaff | null> = {
  admin: null,
  reception: null,
  doctor: null,
  otherAdmin: null,
};

async function addStaff(hospitalId: string, role: "ADMIN" | "DOCTOR", doctorId: string | null = null) {
  const row = await getDb().staffUser.create({
    data: {
      hospitalId,
      email: `${role.toLowerCase()}-${Math.random().toString(36).slice(2)}@test.local`,
      name: `${role} user`,
      passwordHash: "not used",
      role,
      doctorId,
    },
  });
  return findStaffForSession(row.id);
}

type Visit = {
  at: string;
  status: "BOOKED" | "CHECKED_IN" | "IN_CONSULTATION" | "COMPLETED" | "NO_SHOW" | "CANCELLED";
  checkedIn?: string;
  started?: string;
  ended?: string;
  quoted?: string;
  priority?: "URGENT";
  walkIn?: boolean;
};

/** A queue day with appointments at known local times, and `events` queue events of the given types. */
async function addDay(
  hospitalId: string,
  doctorId: string,
  date: string,
  visits: Visit[],
  events: string[] = [],
) {
  const db = getDb();
  const queueDay = await db.queueDay.upsert({
    where: { doctorId_date: { doctorId, date } },
    create: { hospitalId, doctorId, date },
    update: {},
  });
  let ticket = 100;
  for (const v of visits) {
    const patient = await db.patient.create({ data: { hospitalId, name: `Secret Name ${ticket}` } });
    const time = (hhmm?: string) => (hhmm ? at(date, hhmm) : null);
    await db.appointment.create({
      data: {
        hospitalId,
        doctorId,
        patientId: patient.id,
        queueDayId: queueDay.id,
        ticket: ticket++,
        scheduledAt: at(date, v.at),
        bookedAt: at(date, "06:00"),
        status: v.status,
        priority: v.priority ?? "NORMAL",
        source: v.walkIn ? "WALK_IN" : "BOOKING",
        checkedInAt: time(v.checkedIn),
        startedAt: time(v.started),
        endedAt: time(v.ended),
        quotedStartAt: time(v.quoted),
        noShowAt: v.status === "NO_SHOW" ? at(date, v.at) : null,
        cancelledAt: v.status === "CANCELLED" ? at(date, "07:00") : null,
      },
    });
  }
  await db.queueEvent.createMany({
    data: events.map((type, i) => ({ queueDayId: queueDay.id, version: i + 1, type, actor: "staff:test" })),
  });
}

beforeAll(async () => {
  fx = await createHospitalFixture({ timeZone: TZ, now: at(DAY1, "12:00") });
  other = await createHospitalFixture({ timeZone: TZ, now: at(DAY1, "12:00") });
  const db = getDb();
  secondDoctorId = (
    await db.doctor.create({ data: { hospitalId: fx.hospital.id, name: "Dr Second", room: "8" } })
  ).id;

  // Dr Test, day 1. Experienced waits 10, 20, 0; raw 25, 20, 30; consultations 12, 10, 15;
  // quote errors +5, +10, -10; early arrivals 15 and 35 minutes.
  await addDay(
    fx.hospital.id,
    fx.doctor.id,
    DAY1,
    [
      {
        at: "09:00",
        status: "COMPLETED",
        checkedIn: "08:45",
        started: "09:10",
        ended: "09:22",
        quoted: "09:05",
      },
      {
        at: "09:15",
        status: "COMPLETED",
        checkedIn: "09:20",
        started: "09:40",
        ended: "09:50",
        quoted: "09:30",
      },
      {
        at: "09:30",
        status: "COMPLETED",
        checkedIn: "08:55",
        started: "09:25",
        ended: "09:40",
        quoted: "09:35",
      },
      { at: "10:00", status: "CHECKED_IN", checkedIn: "10:00", priority: "URGENT", walkIn: true },
      { at: "10:30", status: "NO_SHOW" },
      { at: "11:00", status: "CANCELLED" },
    ],
    ["CHECKED_IN", "EARLY_ARRIVAL", "EARLY_ARRIVAL", "CALLED", "STARTED", "COMPLETED", "NO_SHOW"],
  );
  // Dr Test, day 2: one no-show, one completed (wait 4, consultation 20).
  await addDay(
    fx.hospital.id,
    fx.doctor.id,
    DAY2,
    [
      { at: "00:30", status: "NO_SHOW" }, // 12:30 UTC on day 1: still day 2 locally
      { at: "14:00", status: "COMPLETED", checkedIn: "13:58", started: "14:04", ended: "14:24" },
    ],
    ["CHECKED_IN"],
  );
  // Dr Second, day 1: one completed (wait 30, consultation 5, quote error -2).
  await addDay(fx.hospital.id, secondDoctorId, DAY1, [
    {
      at: "15:00",
      status: "COMPLETED",
      checkedIn: "15:00",
      started: "15:30",
      ended: "15:35",
      quoted: "15:32",
    },
  ]);
  // Another hospital's busy day must never show up.
  await addDay(
    other.hospital.id,
    other.doctor.id,
    DAY1,
    [
      { at: "09:00", status: "NO_SHOW" },
      { at: "09:00", status: "NO_SHOW" },
    ],
    ["NO_SHOW", "NO_SHOW"],
  );

  staff.admin = await addStaff(fx.hospital.id, "ADMIN");
  staff.doctor = await addStaff(fx.hospital.id, "DOCTOR", fx.doctor.id);
  staff.reception = await findStaffForSession(fx.receptionist.id);
  staff.otherAdmin = await addStaff(other.hospital.id, "ADMIN");
});

describe("stats.doctor", () => {
  it("gives one doctor's day with hand-worked figures and no patient names", async () => {
    const caller = await callerFor(staff.admin);
    const stats = await caller.stats.doctor({ doctorId: fx.doctor.id, date: DAY1 });
    expect(stats.doctor).toEqual({ id: fx.doctor.id, name: "Dr Test" });
    expect(stats.period).toEqual({ from: DAY1, to: DAY1, days: 1, timeZone: TZ });
    expect(stats.totals).toMatchObject({
      appointments: 6,
      byStatus: { COMPLETED: 3, CHECKED_IN: 1, NO_SHOW: 1, CANCELLED: 1, BOOKED: 0 },
      urgent: 1,
      walkIns: 1,
    });
    expect(stats.noShow).toMatchObject({ noShows: 1, attended: 4, rate: 0.2 });
    expect(stats.wait.experienced).toEqual({ count: 3, mean: 10, median: 10, p90: 18, min: 0, max: 20 });
    expect(stats.wait.fromCheckIn).toEqual({ count: 3, mean: 25, median: 25, p90: 29, min: 20, max: 30 });
    expect(stats.consultation).toEqual({ count: 3, mean: 12.3, median: 12, p90: 14.4, min: 10, max: 15 });
    expect(stats.earlyArrival).toMatchObject({ checkedIn: 3, early: 2, share: 0.667 });
    expect(stats.earlyArrival.buckets.map((b) => b.count)).toEqual([0, 1, 0, 1]);
    expect(stats.estimateAccuracy).toEqual({
      count: 3,
      meanAbsoluteError: 8.3,
      medianAbsoluteError: 10,
      p90AbsoluteError: 10,
      within5Minutes: 0.333,
      within10Minutes: 1,
      meanSignedError: 1.7,
      // Quoted waits 20, 10, 40 -> ranges ± 5, 5, 10: +5 and -10 inside, +10 outside.
      withinRange: 0.667,
      unquoted: 0,
      // Quotes written without a likely range (as before ranges were stored): the ± rule, all three.
      rangeAssumed: 3,
    });
    // Raw waits (check-in to start) 25, 20, 30: one each in 20-30 (two) and 30-45.
    expect(Object.fromEntries(stats.wait.histogram.map((b) => [b.bucket, b.count]))).toMatchObject({
      "0-5": 0,
      "20-30": 2,
      "30-45": 1,
    });
    expect(stats.peakHours.busiestBookingHour).toBe(9);
    expect(stats.peakHours.hours[8]).toEqual({ hour: 8, bookings: 0, checkIns: 2 });
    expect(stats.activity).toEqual([
      { type: "EARLY_ARRIVAL", count: 2 },
      { type: "CALLED", count: 1 },
      { type: "CHECKED_IN", count: 1 },
      { type: "COMPLETED", count: 1 },
      { type: "NO_SHOW", count: 1 },
      { type: "STARTED", count: 1 },
    ]);
    expect(JSON.stringify(stats)).not.toContain("Secret Name");
  });

  it("gives a range as a series of local dates", async () => {
    const caller = await callerFor(staff.admin);
    const stats = await caller.stats.doctor({ doctorId: fx.doctor.id, from: DAY1, to: DAY2 });
    expect(stats.totals.appointments).toBe(8);
    expect(stats.noShow).toMatchObject({ noShows: 2, attended: 5, rate: 0.286 });
    expect(
      stats.series.map((d) => [d.date, d.appointments, d.completed, d.noShows, d.waitMedianMinutes]),
    ).toEqual([
      [DAY1, 6, 3, 1, 10],
      [DAY2, 2, 1, 1, 4],
    ]);
    expect(stats.activity.find((a) => a.type === "CHECKED_IN")?.count).toBe(2);
  });

  it("reads today (hospital-local) when no date is given", async () => {
    const caller = await callerFor(staff.reception);
    const stats = await caller.stats.doctor({ doctorId: fx.doctor.id });
    const today = localDateOf(clockNow(), TZ);
    expect(stats.period).toMatchObject({ from: today, to: today, days: 1 });
  });
});

describe("stats.hospital", () => {
  it("adds up every doctor of the caller's hospital, with one row per doctor, and nothing of another hospital", async () => {
    const caller = await callerFor(staff.admin);
    const stats = await caller.stats.hospital({ from: DAY1, to: DAY2 });
    expect(stats.hospital.id).toBe(fx.hospital.id);
    expect(stats.totals.appointments).toBe(9);
    expect(stats.noShow).toMatchObject({ noShows: 2, attended: 6 });
    // experienced waits 0, 4, 10, 20, 30
    expect(stats.wait.experienced).toMatchObject({ count: 5, median: 10, max: 30 });
    expect(stats.series.map((d) => d.appointments)).toEqual([7, 2]);
    expect(stats.byDoctor.map((d) => [d.name, d.appointments, d.completed, d.noShows])).toEqual([
      ["Dr Second", 1, 1, 0],
      ["Dr Test", 8, 4, 2],
    ]);
    expect(stats.activity.reduce((n, a) => n + a.count, 0)).toBe(8);

    const theirs = await (await callerFor(staff.otherAdmin)).stats.hospital({ from: DAY1, to: DAY1 });
    expect(theirs.totals.appointments).toBe(2);
    expect(theirs.noShow.rate).toBe(1);
  });
});

describe("who may read statistics", () => {
  it("lets reception read any doctor and the hospital", async () => {
    const caller = await callerFor(staff.reception);
    await expect(caller.stats.doctor({ doctorId: secondDoctorId, date: DAY1 })).resolves.toMatchObject({
      totals: { appointments: 1 },
    });
    await expect(caller.stats.hospital({ from: DAY1, to: DAY1 })).resolves.toMatchObject({
      totals: { appointments: 7 },
    });
  });

  it("lets a doctor read only their own statistics", async () => {
    const caller = await callerFor(staff.doctor);
    await expect(caller.stats.doctor({ doctorId: fx.doctor.id, date: DAY1 })).resolves.toMatchObject({
      totals: { appointments: 6 },
    });
    await expect(caller.stats.doctor({ doctorId: secondDoctorId, date: DAY1 })).rejects.toMatchObject({
      code: "FORBIDDEN",
      message: "Your role (DOCTOR) may not read another doctor's statistics.",
    });
    await expect(caller.stats.hospital({ from: DAY1, to: DAY1 })).rejects.toMatchObject({
      code: "FORBIDDEN",
      message: "Your role (DOCTOR) may not read hospital-wide statistics.",
    });
  });

  it("answers NOT_FOUND for another hospital's doctor, like one that does not exist", async () => {
    const caller = await callerFor(staff.admin);
    await expect(caller.stats.doctor({ doctorId: other.doctor.id, date: DAY1 })).rejects.toMatchObject({
      code: "NOT_FOUND",
      message: "Doctor not found.",
    });
    await expect(caller.stats.doctor({ doctorId: "no-such-doctor", date: DAY1 })).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
  });

  it("refuses callers without a session", async () => {
    const caller = await callerFor(null);
    await expect(caller.stats.hospital({ from: DAY1, to: DAY1 })).rejects.toMatchObject({
      code: "UNAUTHORIZED",
    });
    await expect(caller.stats.doctor({ doctorId: fx.doctor.id })).rejects.toMatchObject({
      code: "UNAUTHORIZED",
    });
  });
});

describe("input", () => {
  const refused = async (call: Promise<unknown>, message: RegExp) => {
    await expect(call).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await call.catch((err: Error) => {
      const issues = (err.cause as { issues?: { message: string }[] } | undefined)?.issues ?? [];
      expect(issues.map((i) => i.message).join("; ")).toMatch(message);
    });
  };

  it("refuses dates that do not exist, reversed ranges and ranges over 366 days, in plain words", async () => {
    const caller = await callerFor(staff.admin);
    const doctorId = fx.doctor.id;
    await refused(caller.stats.doctor({ doctorId, date: "2026-02-30" }), /That date does not exist/);
    await refused(caller.stats.doctor({ doctorId, date: "04/06/2026" }), /Use a date like 2026-06-04/);
    await refused(caller.stats.hospital({ from: DAY2, to: DAY1 }), /start date \(2026-06-05\) is after/);
    await refused(
      caller.stats.hospital({ from: "2026-01-01", to: "2027-01-02" }),
      /367 days long.+at most 366/,
    );
    await refused(caller.stats.doctor({ doctorId, date: DAY1, from: DAY1, to: DAY1 }), /either a date or a/);
    await refused(caller.stats.doctor({ doctorId, from: DAY1 }), /both ends/);
    await expect(caller.stats.hospital({ from: "2026-01-01", to: "2027-01-01" })).resolves.toMatchObject({
      period: { days: 366 },
    });
  });
});
