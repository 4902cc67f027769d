// Slot reads through createCaller on the test database: scoping, roles, validation and the shapes the
// seed's REST paths will serve.
import { randomBytes } from "node:crypto";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { now as clockNow } from "../../clock.ts";
import { getDb } from "../../db/client.ts";
import { findStaffForSession } from "../../db/staff-repo.ts";
import { everyDay } from "../../domain/hours.ts";
import { addDays, localHourOf, zonedTimeToUtc } from "../../domain/time.ts";
import { createHospitalFixture } from "../../test/fixtures.ts";
import { callerFor } from "../caller.ts";

const now = clockNow();
const TZ = "Pacific/Auckland";
const hour = localHourOf(now, TZ);
/** The busy slot: this hour, or 22:00 late at night so that a later slot still exists today. */
const busy = Math.min(hour, 22);
const hh = (h: number, m = 0) => `${String(h).padStart(2, "0")}:${String(m).padStart(2, "0")}`;

let fx: Awaited<ReturnType<typeof createHospitalFixture>>;
let other: Awaited<ReturnType<typeof createHospitalFixture>>;
let otherDoctorId: string;
let otherDoctorAppointmentId: string;
const staffIds: Record<"admin" | "doctor", string> = { admin: "", doctor: "" };

const asReception = async () => callerFor(await findStaffForSession(fx.receptionist.id));
const asAdmin = async () => callerFor(await findStaffForSession(staffIds.admin));
const asDoctor = async () => callerFor(await findStaffForSession(staffIds.doctor));

async function addStaff(role: "ADMIN" | "DOCTOR", doctorId: string | null) {
  const staff = await getDb().staffUser.create({
    data: {
      hospitalId: fx.hospital.id,
      email: `${role.toLowerCase()}-${randomBytes(4).toString("hex")}@test.local`,
      name: `${role} user`,
      passwordHash: "unused",
      role,
      doctorId,
    },
  });
  return staff.id;
}

/** Appointments of the fixture doctor on another local date (its queue day created here). */
async function bookOn(
  date: string,
  appointments: { at: string; status?: string; checkedInEarly?: number }[],
) {
  const db = getDb();
  const day = await db.queueDay.create({
    data: { hospitalId: fx.hospital.id, doctorId: fx.doctor.id, date },
  });
  let ticket = 1;
  for (const a of appointments) {
    const scheduledAt = zonedTimeToUtc(date, a.at, TZ);
    const patient = await db.patient.create({
      data: { hospitalId: fx.hospital.id, name: `History ${ticket}` },
    });
    await db.appointment.create({
      data: {
        hospitalId: fx.hospital.id,
        doctorId: fx.doctor.id,
        patientId: patient.id,
        queueDayId: day.id,
        ticket: ticket++,
        scheduledAt,
        bookedAt: new Date(scheduledAt.getTime() - 86_400_000),
        status: (a.status ?? "BOOKED") as "BOOKED",
        checkedInAt:
          a.checkedInEarly === undefined ? null : new Date(scheduledAt.getTime() - a.checkedInEarly * 60_000),
      },
    });
  }
}

beforeAll(async () => {
  // Five patients in the busy slot (capacity 4 at 15 minutes: one overflows), one in the next.
  const at = hh(busy, 0);
  fx = await createHospitalFixture({
    now,
    timeZone: TZ,
    appointments: [
      { at, paidMinutesBefore: 90, name: "Ana" },
      { at, paidMinutesBefore: 60, name: "Ben" },
      { at, paidMinutesBefore: 30, name: "Cy" },
      { at, paidMinutesBefore: null, name: "Dee" },
      { at, paidMinutesBefore: null, bookedMinutesBefore: 10, name: "Eve" },
      { at: hh(busy + 1, 30), paidMinutesBefore: 10, name: "Fay" },
    ],
  });
  other = await createHospitalFixture({ now, timeZone: "Asia/Kolkata", appointments: [{ at: "10:00" }] });
  const second = await getDb().doctor.create({
    data: {
      hospitalId: fx.hospital.id,
      name: "Dr Other",
      room: "8",
      periods: { create: everyDay("09:00", "17:00") },
    },
  });
  otherDoctorId = second.id;
  const day = await getDb().queueDay.create({
    data: { hospitalId: fx.hospital.id, doctorId: second.id, date: fx.date },
  });
  const patient = await getDb().patient.create({ data: { hospitalId: fx.hospital.id, name: "Gus" } });
  otherDoctorAppointmentId = (
    await getDb().appointment.create({
      data: {
        hospitalId: fx.hospital.id,
        doctorId: second.id,
        patientId: patient.id,
        queueDayId: day.id,
        ticket: 1,
        scheduledAt: zonedTimeToUtc(fx.date, "10:00", TZ),
      },
    })
  ).id;
  staffIds.admin = await addStaff("ADMIN", null);
  staffIds.doctor = await addStaff("DOCTOR", fx.doctor.id);
  // History a week ago: 8 completed (4 of them checked in 10 minutes early), 2 no-shows.
  await bookOn(addDays(fx.date, -7), [
    ...Array.from({ length: 4 }, (_, i) => ({ at: hh(9 + i), status: "COMPLETED", checkedInEarly: 10 })),
    ...Array.from({ length: 4 }, (_, i) => ({ at: hh(13 + i), status: "COMPLETED", checkedInEarly: -5 })),
    { at: "15:30", status: "NO_SHOW" },
    { at: "16:30", status: "NO_SHOW" },
  ]);
});

describe("slots.queue and slots.position", () => {
  it("builds the doctor's queue in order (payment first, then booking) with positions 1..n", async () => {
    const reception = await asReception();
    const queue = await reception.slots.queue({ doctorId: fx.doctor.id, date: fx.date });
    expect(queue.entries.map((e) => e.patientName)).toEqual(["Ana", "Ben", "Cy", "Dee", "Eve", "Fay"]);
    expect(queue.entries.map((e) => e.position)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(queue.totalWaiting).toBe(6);
    const position = await reception.slots.position({ appointmentId: fx.appointments[2]!.id });
    expect(position).toMatchObject({ position: 3, peopleAhead: 2, totalWaiting: 6, doctorId: fx.doctor.id });
  });

  it("an empty date is an empty queue and creates nothing", async () => {
    const empty = addDays(fx.date, 30);
    const queue = await (await asAdmin()).slots.queue({ doctorId: fx.doctor.id, date: empty });
    expect(queue).toMatchObject({ entries: [], version: 0, totalWaiting: 0 });
    expect(await getDb().queueDay.count({ where: { doctorId: fx.doctor.id, date: empty } })).toBe(0);
  });
});

describe("slots.slotBased", () => {
  it("groups the day into local 1-hour slots with queue order, capacity and overflow", async () => {
    const data = await (await asReception()).slots.slotBased({ doctorId: fx.doctor.id, date: fx.date });
    expect(data.timeZone).toBe(TZ);
    expect(data.slots.length).toBeGreaterThanOrEqual(23); // 00:00-23:59 every day (23..25 on DST days)
    const slot = data.slots.find((s) => s.label === hh(busy))!;
    expect(slot.timeSlot).toBe(`${hh(busy)}-${hh(busy + 1)}`);
    expect(slot.entries.map((e) => [e.patientName, e.slotPosition])).toEqual([
      ["Ana", 1],
      ["Ben", 2],
      ["Cy", 3],
      ["Dee", 4],
      ["Eve", 5],
    ]);
    expect(slot).toMatchObject({
      capacity: 4,
      load: 5,
      overflow: 1,
      freeCapacity: 0,
      withinWorkingHours: true,
    });
    expect(slot.counts.BOOKED).toBe(5);
    expect(data.totals.BOOKED).toBe(6);
    expect(data.expectedConsultationMinutes).toBe(15);
  });
});

describe("slots.overlaps", () => {
  it("analyses a window: its entries in order, the overflow and where it could go", async () => {
    const start = zonedTimeToUtc(fx.date, hh(busy), TZ);
    const end = new Date(start.getTime() + 3_600_000);
    const data = await (await asReception()).slots.overlaps({
      doctorId: fx.doctor.id,
      slotStartTime: start.toISOString(),
      slotEndTime: end.toISOString(),
    });
    expect(data).toMatchObject({ capacity: 4, load: 5, overflow: 1 });
    expect(data.entries.map((e) => [e.patientName, e.windowPosition, e.overflow])).toEqual([
      ["Ana", 1, false],
      ["Ben", 2, false],
      ["Cy", 3, false],
      ["Dee", 4, false],
      ["Eve", 5, true],
    ]);
    expect(data.overflowTargets.reduce((n, t) => n + t.moves, 0) + data.unplaced).toBe(1);
    // The next slot (one booked) has not ended and has room.
    expect(data.overflowTargets).toEqual([
      expect.objectContaining({
        timeSlot: `${hh(busy + 1)}-${hh((busy + 2) % 24)}`,
        direction: "later",
        moves: 1,
      }),
    ]);
    // The same window in hospital-local time without an offset.
    const local = await (await asReception()).slots.overlaps({
      doctorId: fx.doctor.id,
      slotStartTime: `${fx.date}T${hh(busy)}`,
      slotEndTime: `${fx.date}T${hh(busy, 59)}`,
    });
    expect(local.entries).toHaveLength(5);
  });

  it("refuses a backwards or over-long window, and a malformed time, with BAD_REQUEST and a plain message", async () => {
    const reception = await asReception();
    await expect(
      reception.slots.overlaps({
        doctorId: fx.doctor.id,
        slotStartTime: "2026-06-04T11:00:00Z",
        slotEndTime: "2026-06-04T10:00:00Z",
      }),
    ).rejects.toMatchObject({ code: "BAD_REQUEST", message: "The end of the slot must be after its start." });
    await expect(
      reception.slots.overlaps({
        doctorId: fx.doctor.id,
        slotStartTime: "2026-06-04T00:00:00Z",
        slotEndTime: "2026-06-05T00:00:01Z",
      }),
    ).rejects.toMatchObject({ code: "BAD_REQUEST", message: expect.stringMatching(/at most 24 hours/) });
    await expect(
      reception.slots.overlaps({ doctorId: fx.doctor.id, slotStartTime: "tomorrow", slotEndTime: "later" }),
    ).rejects.toMatchObject({ code: "BAD_REQUEST" });
  });
});

describe("slots.slotPosition", () => {
  it("gives the place within the slot, the slot size and label, and the overall position", async () => {
    const data = await (await asReception()).slots.slotPosition({ appointmentId: fx.appointments[4]!.id });
    expect(data).toMatchObject({
      slotPosition: 5,
      slotSize: 5,
      slotWaiting: 5,
      peopleAheadInSlot: 4,
      position: 5,
      slot: { label: hh(busy) },
    });
    const later = await (await asReception()).slots.slotPosition({ appointmentId: fx.appointments[5]!.id });
    expect(later).toMatchObject({ position: 6, slotPosition: 1, slotSize: 1 });
  });
});

describe("slots.suggest", () => {
  // Once failed just after the hospital's midnight: the test books "a day before the slot", which for
  // tomorrow's 14:00 at 00:05 is later than now, and the would-be booking (booked now) was put ahead
  // of them. A new booking now always queues behind every existing one (domain/slots.ts).
  it("ranks tomorrow's slots by the preferred hour, room and wait, with this clinic's own rates", async () => {
    const tomorrow = addDays(fx.date, 1);
    await bookOn(tomorrow, [
      { at: "14:00" },
      { at: "14:10" },
      { at: "14:20" },
      { at: "14:40" },
      { at: "15:00" },
    ]);
    const data = await (await asReception()).slots.suggest({
      doctorId: fx.doctor.id,
      date: tomorrow,
      preferredHour: 14,
    });
    // 2 no-shows among 10 finished visits, 4 early among 8 check-ins, each with 10 pseudo-visits of "on time".
    expect(data.rates).toMatchObject({
      noShowRate: 0.1,
      earlyArrivalRate: 0.222,
      meanEarlyMinutes: 10,
      historyDays: 60,
      basedOn: { completed: 8, noShows: 2, checkedIn: 8, earlyArrivals: 4 },
    });
    const byLabel = new Map(data.suggestions.map((s) => [s.timeSlot, s]));
    const fourteen = byLabel.get("14:00-15:00")!;
    expect(fourteen).toMatchObject({
      currentAppointments: 4,
      capacity: 4,
      expectedLoad: 3.6,
      hasRoom: false,
    });
    expect(fourteen.estimatedWaitTime).toBeGreaterThan(30);
    expect(data.suggestions[0]?.timeSlot).toMatch(/^1[35]:00-/);
    expect(data.suggestions[0]!.priorityScore).toBeGreaterThan(fourteen.priorityScore);
    for (const s of data.suggestions) {
      expect(s.priorityScore).toBeGreaterThanOrEqual(0);
      expect(s.priorityScore).toBeLessThanOrEqual(100);
    }
  });

  it("leaves out today's slots that have ended", async () => {
    const data = await (await asReception()).slots.suggest({ doctorId: fx.doctor.id, date: fx.date });
    expect(data.suggestions.length).toBeGreaterThan(0);
    for (const s of data.suggestions) expect(s.end.getTime()).toBeGreaterThan(clockNow().getTime() - 60_000);
    expect(data.suggestions.some((s) => s.label === hh(hour))).toBe(true);
    expect(data.suggestions.filter((s) => localHourOf(s.start, TZ) < hour)).toEqual([]);
  });
});

describe("roles, scoping and validation", () => {
  it("a doctor reads their own queue; another doctor's is FORBIDDEN, naming the permission", async () => {
    const doctor = await asDoctor();
    const own = await doctor.slots.slotBased({ doctorId: fx.doctor.id, date: fx.date });
    expect(own.doctor.id).toBe(fx.doctor.id);
    expect(own.slots.find((s) => s.label === hh(busy))?.entries.map((e) => e.patientName)).toEqual([
      "Ana",
      "Ben",
      "Cy",
      "Dee",
      "Eve",
    ]);
    await expect(doctor.slots.queue({ doctorId: otherDoctorId })).rejects.toMatchObject({
      code: "FORBIDDEN",
      message: "Your role (DOCTOR) may not read another doctor's queue.",
    });
    await expect(
      doctor.slots.slotPosition({ appointmentId: otherDoctorAppointmentId }),
    ).rejects.toMatchObject({
      code: "FORBIDDEN",
    });
    await expect(
      doctor.slots.suggest({ doctorId: otherDoctorId, date: addDays(fx.date, 1) }),
    ).rejects.toMatchObject({ code: "FORBIDDEN" });
  });

  it("another hospital's doctor or appointment is NOT_FOUND; no session is UNAUTHORIZED", async () => {
    const reception = await asReception();
    await expect(reception.slots.slotBased({ doctorId: other.doctor.id })).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
    await expect(
      reception.slots.position({ appointmentId: other.appointments[0]!.id }),
    ).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
    await expect(
      reception.slots.overlaps({
        doctorId: other.doctor.id,
        slotStartTime: "2026-06-04T10:00:00Z",
        slotEndTime: "2026-06-04T11:00:00Z",
      }),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(reception.slots.slotPosition({ appointmentId: "nope" })).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
    const anonymous = await callerFor(null);
    await expect(anonymous.slots.queue({ doctorId: fx.doctor.id })).rejects.toMatchObject({
      code: "UNAUTHORIZED",
    });
  });

  it("answers random and hostile input with a 4xx code, never a server error", async () => {
    const reception = await asReception();
    const isoish = fc.oneof(
      fc.string({ maxLength: 40 }),
      fc
        .date({
          min: new Date("0001-01-01T00:00:00Z"),
          max: new Date("9999-12-31T23:59:59Z"),
          noInvalidDate: true,
        })
        .map((d) => d.toISOString()),
      fc.constantFrom(
        "0001-01-01T00:00:00Z",
        "9999-12-31T23:59:59Z",
        "2026-06-04T10:00",
        "2026-02-30T10:00:00Z",
      ),
    );
    const dateish = fc.oneof(
      fc.string({ maxLength: 12 }),
      fc.constantFrom("0001-01-01", "9999-12-31", "2099-12-31", "2000-01-01", "2026-02-29", "2028-02-29"),
    );
    const expectClientError = async (call: Promise<unknown>) => {
      try {
        await call;
      } catch (err) {
        expect(["BAD_REQUEST", "NOT_FOUND", "FORBIDDEN"]).toContain((err as { code?: string }).code);
      }
    };
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(fc.constant(fx.doctor.id), fc.string({ maxLength: 70 })),
        isoish,
        isoish,
        dateish,
        fc.integer({ min: -5, max: 30 }),
        async (doctorId, start, end, date, preferredHour) => {
          await expectClientError(
            reception.slots.overlaps({ doctorId, slotStartTime: start, slotEndTime: end }),
          );
          await expectClientError(reception.slots.slotBased({ doctorId, date }));
          await expectClientError(reception.slots.suggest({ doctorId, date, preferredHour }));
          await expectClientError(reception.slots.slotPosition({ appointmentId: doctorId }));
        },
      ),
      { numRuns: 60 },
    );
  });

  it("refuses bad input with BAD_REQUEST", async () => {
    const reception = await asReception();
    await expect(reception.slots.slotBased({ doctorId: "x".repeat(65) })).rejects.toMatchObject({
      code: "BAD_REQUEST",
    });
    await expect(
      reception.slots.slotBased({ doctorId: fx.doctor.id, date: "2026-02-30" }),
    ).rejects.toMatchObject({
      code: "BAD_REQUEST",
      message: expect.stringMatching(/does not exist/),
    });
    await expect(
      reception.slots.slotBased({ doctorId: fx.doctor.id, date: "2026-13-45" }),
    ).rejects.toMatchObject({
      code: "BAD_REQUEST",
    });
    await expect(
      reception.slots.suggest({ doctorId: fx.doctor.id, date: fx.date, preferredHour: 24 }),
    ).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await expect(
      reception.slots.suggest({ doctorId: fx.doctor.id, date: fx.date, preferredHour: 1.5 }),
    ).rejects.toMatchObject({ code: "BAD_REQUEST" });
  });
});
