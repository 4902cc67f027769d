// The admin's doctors over tRPC and REST (/api/admin/doctors), and what their hours and
// deactivation do to bookings, walk-ins, the slot views and the statistics.
import { afterAll, beforeAll, expect, it } from "vitest";
import { getDb } from "../../db/client.ts";
import { findStaffForSession } from "../../db/staff-repo.ts";
import { addDays, zonedTimeToUtc } from "../../domain/time.ts";
import { getSnapshot } from "../../services/snapshot.ts";
import { createHospitalFixture } from "../../test/fixtures.ts";
import { describeNeeding } from "../../test/needs.ts";
import { startTestServer } from "../../test/server.ts";
import { callerFor } from "../caller.ts";

type Fixture = Awaited<ReturnType<typeof createHospitalFixture>>;

let fx: Fixture;
let other: Fixture;
let server: Awaited<ReturnType<typeof startTestServer>>;
let admin: Awaited<ReturnType<typeof callerFor>>;
let reception: Awaited<ReturnType<typeof callerFor>>;
let adminToken: string;
let adminReadOnlyToken: string;
let receptionToken: string;
/** A Thursday and a Friday after the fixture's day (the test clock's 2026-03-11, a Wednesday). */
const THURSDAY = "2026-03-12";
const FRIDAY = "2026-03-13";
const SATURDAY = "2026-03-14";

const LUNCH_WEEK = [1, 2, 3, 4, 5].flatMap((weekday) => [
  { weekday, start: "09:00", end: "12:30" },
  { weekday, start: "13:30", end: "17:00" },
]);

async function api(method: string, path: string, token: string, body?: unknown) {
  const r = await fetch(`${server.url}/api${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body ? { "content-type": "application/json" } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return {
    status: r.status,
    // biome-ignore lint/suspicious/noExplicitAny: JSON off the wire, read by the assertions.
    body: (await r.json()) as { data?: any; error?: { code: string; message: string } },
  };
}

const at = (date: string, hhmm: string) => zonedTimeToUtc(date, hhmm, fx.timeZone);
let keys = 0;
const book = (doctorId: string, date: string, hhmm: string) =>
  api("POST", "/appointments", receptionToken, {
    doctorId,
    patientName: "Booked Patient",
    scheduledAt: at(date, hhmm).toISOString(),
    idempotencyKey: `admin-doctors-test-${keys++}`,
  });

async function adminOf(f: Fixture) {
  const staff = await getDb().staffUser.create({
    data: {
      hospitalId: f.hospital.id,
      email: `admin-${f.hospital.slug}@test.local`,
      name: "Ada Admin",
      passwordHash: "not-used",
      role: "ADMIN",
    },
  });
  return callerFor(await findStaffForSession(staff.id));
}

beforeAll(async () => {
  fx = await createHospitalFixture({ appointments: [{ at: "08:00", status: "COMPLETED" }] });
  other = await createHospitalFixture();
  server = await startTestServer();
  admin = await adminOf(fx);
  reception = await callerFor(await findStaffForSession(fx.receptionist.id));
  adminToken = (await admin.staff.createToken({ name: "setup", scopes: ["read", "admin"] })).secret;
  adminReadOnlyToken = (await admin.staff.createToken({ name: "reader", scopes: ["read", "intake"] })).secret;
  receptionToken = (await reception.staff.createToken({ name: "his", scopes: ["read", "intake"] })).secret;
});
afterAll(async () => {
  await server?.close();
});

describeNeeding(["pg"], "admin doctors", () => {
  it("creates a doctor with hours over REST, who takes a booking through /api/appointments at once", async () => {
    const created = await api("POST", "/admin/doctors", adminToken, {
      name: "Dr Lunch",
      room: "12",
      specialty: "Paediatrics",
      consultationMinutes: 20,
      placesPerHour: 2,
      hours: { weekly: LUNCH_WEEK, daysOff: [FRIDAY] },
    });
    expect(created.status).toBe(200);
    const doctor = created.body.data;
    expect(doctor).toMatchObject({
      name: "Dr Lunch",
      room: "12",
      active: true,
      learnsPace: false,
      placesPerHour: 2,
      daysOff: [{ date: FRIDAY, note: null }],
      staff: null,
    });
    expect(doctor.periods).toHaveLength(10);

    const booked = await book(doctor.id, THURSDAY, "10:00");
    expect(booked.status).toBe(200);
    expect(booked.body.data).toMatchObject({ doctorId: doctor.id, date: THURSDAY });

    // The lunch break, the day off and a Saturday are refused, each with its reason and message.
    const lunch = await book(doctor.id, THURSDAY, "12:45");
    expect(lunch.status).toBe(400);
    expect(lunch.body.error).toMatchObject({
      code: "OUTSIDE_WORKING_HOURS",
      message: `12:45 is outside Dr Lunch's working hours on ${THURSDAY} (09:00–12:30, 13:30–17:00).`,
    });
    expect((await book(doctor.id, THURSDAY, "17:30")).body.error?.code).toBe("OUTSIDE_WORKING_HOURS");
    const dayOff = await book(doctor.id, FRIDAY, "10:00");
    expect(dayOff.status).toBe(400);
    expect(dayOff.body.error).toMatchObject({
      code: "DOCTOR_DAY_OFF",
      message: expect.stringContaining(FRIDAY),
    });
    expect((await book(doctor.id, SATURDAY, "10:00")).body.error?.code).toBe("DOCTOR_NOT_WORKING");
    // Nothing was booked by the refusals.
    expect(await getDb().appointment.count({ where: { doctorId: doctor.id } })).toBe(1);

    const listed = await api("GET", "/admin/doctors", adminToken);
    expect(listed.status).toBe(200);
    expect(listed.body.data.map((d: { name: string }) => d.name)).toEqual(["Dr Lunch", "Dr Test"]);
  });

  it("the hours move the timeline and the suggestions, and open queues get a new version", async () => {
    const doctor = await admin.adminDoctors.create({
      name: "Dr Moves",
      room: "3",
      hours: { weekly: LUNCH_WEEK, daysOff: [] },
    });
    expect((await book(doctor.id, THURSDAY, "09:10")).status).toBe(200);
    const slotsOf = async () =>
      (await reception.slots.slotBased({ doctorId: doctor.id, date: THURSDAY })).slots
        .filter((s) => s.withinWorkingHours)
        .map((s) => s.timeSlot);
    const suggested = async () =>
      (await reception.slots.suggest({ doctorId: doctor.id, date: THURSDAY })).suggestions
        .map((s) => s.timeSlot)
        .sort();
    expect(await slotsOf()).toEqual([
      "09:00-10:00",
      "10:00-11:00",
      "11:00-12:00",
      "12:00-13:00",
      "13:00-14:00",
      "14:00-15:00",
      "15:00-16:00",
      "16:00-17:00",
    ]);
    const day = await getDb().queueDay.findFirstOrThrow({ where: { doctorId: doctor.id, date: THURSDAY } });
    const before = (await getSnapshot(day.id))!.version;

    // Thursdays become 08:00-12:00 and 14:00-18:00: a whole-hour lunch has no slot, and no suggestion.
    const changed = await admin.adminDoctors.setHours({
      doctorId: doctor.id,
      weekly: [
        { weekday: 4, start: "14:00", end: "18:00" },
        { weekday: 4, start: "08:00", end: "12:00" },
      ],
      daysOff: [],
    });
    expect(changed.periods).toEqual([
      { weekday: 4, start: "08:00", end: "12:00" },
      { weekday: 4, start: "14:00", end: "18:00" },
    ]);
    const after = await slotsOf();
    expect(after).toEqual([
      "08:00-09:00",
      "09:00-10:00",
      "10:00-11:00",
      "11:00-12:00",
      "14:00-15:00",
      "15:00-16:00",
      "16:00-17:00",
      "17:00-18:00",
    ]);
    expect(await suggested()).toEqual([...after].sort());
    const view = await reception.slots.slotBased({ doctorId: doctor.id, date: THURSDAY });
    expect(view.workingHours).toMatchObject({
      workingDay: true,
      dayOff: false,
      periods: [
        { start: "08:00", end: "12:00" },
        { start: "14:00", end: "18:00" },
      ],
    });
    // The open queue day got a new version (boards and patient pages reload it) with the audit event.
    const snapshot = (await getSnapshot(day.id))!;
    expect(snapshot.version).toBeGreaterThan(before);
    expect(await getDb().queueEvent.count({ where: { queueDayId: day.id, type: "DOCTOR_CHANGED" } })).toBe(1);
    // ...carrying the day's new hours, so an open board's "works 08:00–12:00, 14:00–18:00" follows.
    expect(snapshot.doctor.hours).toEqual({
      dayOff: false,
      periods: [
        { start: "08:00", end: "12:00" },
        { start: "14:00", end: "18:00" },
      ],
    });
    const board = await reception.queue.board({ date: THURSDAY });
    expect(board.queues.find((q) => q.doctor.id === doctor.id)?.snapshot?.doctor.hours).toEqual(
      snapshot.doctor.hours,
    );

    // A day off empties the day's slots and suggestions.
    await admin.adminDoctors.setHours({
      doctorId: doctor.id,
      weekly: [{ weekday: 4, start: "08:00", end: "12:00" }],
      daysOff: [THURSDAY],
    });
    expect(await slotsOf()).toEqual([]);
    expect(await suggested()).toEqual([]);
    const dayOff = await reception.slots.suggest({ doctorId: doctor.id, date: THURSDAY });
    expect(dayOff.workingHours).toMatchObject({ dayOff: true, workingDay: false });
  });

  it("places per hour set the capacity of a slot, else the consultation length does", async () => {
    const doctor = await admin.adminDoctors.create({
      name: "Dr Places",
      room: "4",
      consultationMinutes: 10,
      hours: { weekly: [{ weekday: 4, start: "09:00", end: "10:30" }], daysOff: [] },
    });
    const capacities = async () =>
      (await reception.slots.slotBased({ doctorId: doctor.id, date: THURSDAY })).slots.map((s) => s.capacity);
    // 60 and 30 working minutes at 10 minutes a patient.
    expect(await capacities()).toEqual([6, 3]);
    await admin.adminDoctors.update({ doctorId: doctor.id, placesPerHour: 4 });
    expect(await capacities()).toEqual([4, 2]);
  });

  it("a deactivated doctor takes no bookings or walk-ins, keeps their history, and can come back", async () => {
    const doctorId = fx.doctor.id;
    const statsBefore = await reception.stats.doctor({ doctorId, date: fx.date });
    expect(statsBefore.totals.byStatus.COMPLETED).toBe(1);

    const off = await admin.adminDoctors.update({ doctorId, active: false });
    expect(off.active).toBe(false);
    const refused = await book(doctorId, THURSDAY, "10:00");
    expect(refused.status).toBe(409);
    expect(refused.body.error).toMatchObject({
      code: "DOCTOR_INACTIVE",
      message: "Dr Test no longer takes appointments (deactivated).",
    });
    await expect(
      reception.queue.walkIn({ doctorId, patientName: "Walk In", idempotencyKey: "walk-in-inactive-1" }),
    ).rejects.toMatchObject({ code: "CONFLICT", cause: { reason: "DOCTOR_INACTIVE" } });

    // Their past visits still count, and the admin still lists them.
    expect((await reception.stats.doctor({ doctorId, date: fx.date })).totals.byStatus.COMPLETED).toBe(1);
    const range = await admin.stats.hospital({ from: fx.date, to: fx.date });
    expect(range.byDoctor.some((d) => d.doctorId === doctorId)).toBe(true);
    expect((await admin.adminDoctors.list()).find((d) => d.id === doctorId)).toMatchObject({ active: false });

    await admin.adminDoctors.update({ doctorId, active: true });
    expect((await book(doctorId, THURSDAY, "10:00")).status).toBe(200);
  });

  it("only admins may manage doctors: reception and a token without the admin scope get 403", async () => {
    await expect(reception.adminDoctors.list()).rejects.toMatchObject({
      code: "FORBIDDEN",
      cause: { reason: "ROLE_NOT_ALLOWED" },
    });
    const asReception = await api("POST", "/admin/doctors", receptionToken, { name: "Dr No", room: "1" });
    expect(asReception.status).toBe(403);
    expect(asReception.body.error?.code).toBe("ROLE_NOT_ALLOWED");
    const noScope = await api("GET", "/admin/doctors", adminReadOnlyToken);
    expect(noScope.status).toBe(403);
    expect(noScope.body.error?.code).toBe("TOKEN_SCOPE_MISSING");
    expect(await getDb().doctor.count({ where: { name: "Dr No" } })).toBe(0);
  });

  it("another hospital's doctor is not found, and stays as it was", async () => {
    const theirs = other.doctor.id;
    await expect(admin.adminDoctors.update({ doctorId: theirs, active: false })).rejects.toMatchObject({
      code: "NOT_FOUND",
      cause: { reason: "DOCTOR_NOT_FOUND" },
    });
    await expect(
      admin.adminDoctors.setHours({ doctorId: theirs, weekly: [], daysOff: [] }),
    ).rejects.toMatchObject({ code: "NOT_FOUND", cause: { reason: "DOCTOR_NOT_FOUND" } });
    const patch = await api("PATCH", `/admin/doctors/${theirs}`, adminToken, { room: "99" });
    const put = await api("PUT", `/admin/doctors/${theirs}/hours`, adminToken, { weekly: [], daysOff: [] });
    expect([patch.status, put.status]).toEqual([404, 404]);
    expect(patch.body.error?.code).toBe("DOCTOR_NOT_FOUND");
    const stored = await getDb().doctor.findUniqueOrThrow({
      where: { id: theirs },
      include: { periods: true },
    });
    expect(stored).toMatchObject({ active: true, room: "7" });
    expect(stored.periods).toHaveLength(7);
    expect((await admin.adminDoctors.list()).some((d) => d.id === theirs)).toBe(false);
  });

  it("refuses bad hours with the field and a message naming the day and times; nothing changes", async () => {
    const doctor = await admin.adminDoctors.create({
      name: "Dr Valid",
      room: "5",
      hours: { weekly: [{ weekday: 1, start: "09:00", end: "17:00" }], daysOff: [] },
    });
    const overlap = admin.adminDoctors.setHours({
      doctorId: doctor.id,
      weekly: [
        { weekday: 1, start: "09:00", end: "13:00" },
        { weekday: 1, start: "12:00", end: "14:00" },
      ],
      daysOff: [],
    });
    await expect(overlap).rejects.toMatchObject({
      code: "BAD_REQUEST",
      message: "Monday 12:00-14:00 overlaps 09:00-13:00.",
      cause: { reason: "HOURS_OVERLAP", field: "weekly.1.start" },
    });
    const backwards = await api("PUT", `/admin/doctors/${doctor.id}/hours`, adminToken, {
      weekly: [{ weekday: 2, start: "14:00", end: "09:00" }],
      daysOff: [],
    });
    expect(backwards.status).toBe(400);
    expect(backwards.body.error).toMatchObject({
      code: "HOURS_END_BEFORE_START",
      message: expect.stringContaining("Tuesday 14:00-09:00"),
    });
    const badTime = await api("PUT", `/admin/doctors/${doctor.id}/hours`, adminToken, {
      weekly: [
        { weekday: 1, start: "09:00", end: "12:00" },
        { weekday: 8, start: "9:00", end: "25:00" },
      ],
      daysOff: ["2026-02-30"],
    });
    expect(badTime.status).toBe(400);
    // Each problem at its field, for the form to show it there.
    const issues = (badTime.body.error as unknown as { issues: { path: unknown[]; message: string }[] })
      .issues;
    expect(issues.map((i) => [i.path.join("."), i.message])).toEqual([
      ["weekly.1.weekday", "Use a day from 1 (Monday) to 7 (Sunday)."],
      ["weekly.1.start", "Use a time like 09:00 (00:00 to 23:59)."],
      ["weekly.1.end", "Use a time like 17:30 (24:00 for midnight)."],
      ["daysOff.0", "That date does not exist."],
    ]);
    const past = admin.adminDoctors.setHours({
      doctorId: doctor.id,
      weekly: [],
      daysOff: [addDays(fx.date, -1)],
    });
    await expect(past).rejects.toMatchObject({ cause: { reason: "BAD_REQUEST", field: "daysOff.0" } });

    const zeroPlaces = await api("POST", "/admin/doctors", adminToken, {
      name: "Dr Zero",
      room: "1",
      placesPerHour: 0,
    });
    expect(zeroPlaces.status).toBe(400);
    expect(
      (zeroPlaces.body.error as unknown as { issues: { path: unknown[]; message: string }[] }).issues,
    ).toMatchObject([
      {
        path: ["placesPerHour"],
        message: "Places per hour must be at least 1 (leave it empty for as many as fit).",
      },
    ]);
    expect(await getDb().doctor.count({ where: { name: "Dr Zero" } })).toBe(0);

    const stored = await getDb().workingPeriod.findMany({ where: { doctorId: doctor.id } });
    expect(stored.map((p) => [p.weekday, p.start, p.end])).toEqual([[1, "09:00", "17:00"]]);
  });

  it("replaces the week and the coming days off together, keeping past days off and notes", async () => {
    const doctor = await admin.adminDoctors.create({
      name: "Dr Notes",
      room: "6",
      hours: { weekly: [{ weekday: 1, start: "09:00", end: "17:00" }], daysOff: [THURSDAY, FRIDAY] },
    });
    const db = getDb();
    const yesterday = addDays(fx.date, -1);
    await db.dayOff.create({ data: { doctorId: doctor.id, date: yesterday, note: "history" } });
    await db.dayOff.update({
      where: { doctorId_date: { doctorId: doctor.id, date: FRIDAY } },
      data: { note: "conference" },
    });
    const saved = await api("PUT", `/admin/doctors/${doctor.id}/hours`, adminToken, {
      weekly: [{ weekday: 2, start: "10:00", end: "24:00" }],
      daysOff: [FRIDAY, SATURDAY],
    });
    expect(saved.status).toBe(200);
    expect(saved.body.data.periods).toEqual([{ weekday: 2, start: "10:00", end: "24:00" }]);
    expect(saved.body.data.daysOff).toEqual([
      { date: FRIDAY, note: "conference" },
      { date: SATURDAY, note: null },
    ]);
    const all = await db.dayOff.findMany({ where: { doctorId: doctor.id }, orderBy: { date: "asc" } });
    expect(all.map((d) => d.date)).toEqual([yesterday, FRIDAY, SATURDAY]);
  });
});
