// Finding a patient (appointments.search, GET /api/appointments/search) and the visit note: by
// name, phone and today's ticket across days, scoped to one hospital and to a doctor's own patients.
import { afterAll, beforeAll, expect, it } from "vitest";
import { getDb } from "../db/client.ts";
import { ensureQueueDay } from "../db/queue-repo.ts";
import { findStaffForSession } from "../db/staff-repo.ts";
import { everyDay } from "../domain/hours.ts";
import { addDays, zonedTimeToUtc } from "../domain/time.ts";
import { createHospitalFixture } from "../test/fixtures.ts";
import { describeNeeding } from "../test/needs.ts";
import { startTestServer } from "../test/server.ts";
import { callerFor } from "../trpc/caller.ts";

type Fx = Awaited<ReturnType<typeof createHospitalFixture>>;

let fx: Fx;
let other: Fx;
let otherDoctorId: string;
let server: Awaited<ReturnType<typeof startTestServer>>;
let reception: Awaited<ReturnType<typeof callerFor>>;
let doctorCaller: Awaited<ReturnType<typeof callerFor>>;
const ids: Record<string, string> = {};

/** An appointment stored directly (past days cannot be booked through the API). */
async function seed(
  h: Fx,
  doctorId: string,
  key: string,
  p: {
    days: number;
    at: string;
    name: string;
    phone?: string;
    ticket: number;
    status?: "BOOKED" | "COMPLETED";
  },
) {
  const db = getDb();
  const date = addDays(h.date, p.days);
  const day = await ensureQueueDay(h.hospital.id, doctorId, date);
  const patient = await db.patient.create({
    data: { hospitalId: h.hospital.id, name: p.name, phone: p.phone ?? null },
  });
  const a = await db.appointment.create({
    data: {
      hospitalId: h.hospital.id,
      doctorId,
      patientId: patient.id,
      queueDayId: day.id,
      ticket: p.ticket,
      scheduledAt: zonedTimeToUtc(date, p.at, h.timeZone),
      status: p.status ?? "BOOKED",
      note: `note of ${key}`,
    },
  });
  ids[key] = a.id;
}

const search = (q: string, limit?: number) => reception.appointments.search({ q, limit: limit ?? 20 });
const keysOf = (r: { matches: { appointmentId: string }[] }) =>
  r.matches.map((m) => Object.entries(ids).find(([, id]) => id === m.appointmentId)?.[0] ?? m.appointmentId);

describeNeeding(["pg"], "finding a patient", () => {
  beforeAll(async () => {
    fx = await createHospitalFixture();
    other = await createHospitalFixture();
    const db = getDb();
    otherDoctorId = (
      await db.doctor.create({
        data: {
          hospitalId: fx.hospital.id,
          name: "Dr Second",
          room: "8",
          periods: { create: everyDay("00:00", "24:00") },
        },
      })
    ).id;
    const d = fx.doctor.id;
    await seed(fx, d, "todayLate", {
      days: 0,
      at: "16:00",
      name: "Zoë Ångström",
      phone: "+64 21 555 1234",
      ticket: 3,
    });
    await seed(fx, d, "todayEarly", { days: 0, at: "11:00", name: "ZOE BROWN", ticket: 1 });
    await seed(fx, otherDoctorId, "todayOther", { days: 0, at: "12:00", name: "Zoe Second", ticket: 3 });
    await seed(fx, d, "tomorrow", {
      days: 1,
      at: "09:00",
      name: "Zoe Tomorrow",
      phone: "021 999 3",
      ticket: 3,
    });
    await seed(fx, d, "nextWeek", { days: 7, at: "08:00", name: "Zoe Week", ticket: 1 });
    await seed(fx, d, "lastWeek", {
      days: -7,
      at: "10:00",
      name: "Zoe Past",
      ticket: 3,
      status: "COMPLETED",
    });
    await seed(fx, d, "monthAgo", {
      days: -30,
      at: "10:00",
      name: "Zoe Month",
      ticket: 1,
      status: "COMPLETED",
    });
    await seed(fx, d, "tooOld", { days: -31, at: "10:00", name: "Zoe Old", ticket: 1, status: "COMPLETED" });
    await seed(other, other.doctor.id, "elsewhere", {
      days: 0,
      at: "11:00",
      name: "Zoe Elsewhere",
      phone: "+64 21 555 1234",
      ticket: 3,
    });
    reception = await callerFor(await findStaffForSession(fx.receptionist.id));
    const doctorStaff = await db.staffUser.create({
      data: {
        hospitalId: fx.hospital.id,
        email: `doctor-${fx.hospital.slug}@test.local`,
        name: "Dr Second's account",
        passwordHash: "x",
        role: "DOCTOR",
        doctorId: otherDoctorId,
      },
    });
    doctorCaller = await callerFor(await findStaffForSession(doctorStaff.id));
    server = await startTestServer();
  });
  afterAll(async () => {
    await server?.close();
  });

  it("matches names whatever their case and accents, today first, then upcoming by time, then past newest first", async () => {
    const r = await search("zoe");
    expect(keysOf(r)).toEqual([
      "todayEarly",
      "todayOther",
      "todayLate",
      "tomorrow",
      "nextWeek",
      "lastWeek",
      "monthAgo",
    ]);
    expect(keysOf(await search("ÅNGSTRÖM"))).toEqual(["todayLate"]);
    expect(keysOf(await search("zoe", 2))).toEqual(["todayEarly", "todayOther"]);
  });

  it("answers each match with its doctor, day, ticket, note and the actions that apply", async () => {
    const [late] = (await search("angstrom")).matches;
    expect(late).toMatchObject({
      patientName: "Zoë Ångström",
      phone: "+64 21 555 1234",
      doctor: { id: fx.doctor.id, name: "Dr Test" },
      date: fx.date,
      ticket: 3,
      status: "BOOKED",
      paid: false,
      note: "note of todayLate",
      actions: {
        canCheckIn: true,
        canReschedule: true,
        canCancel: true,
        canRecordPayment: true,
        canEdit: true,
      },
    });
    const past = (await search("zoe past")).matches[0]!;
    expect(past.actions).toEqual({
      canCheckIn: false,
      canReschedule: false,
      canCancel: false,
      canRecordPayment: false,
      canEdit: false,
    });
    expect((await search("zoe tomorrow")).matches[0]!.actions).toMatchObject({
      canCheckIn: false,
      canReschedule: true,
    });
  });

  it("matches phone digits however they are typed, with or without the trunk 0", async () => {
    expect(keysOf(await search("021 555"))).toEqual(["todayLate"]);
    expect(keysOf(await search("555-1234"))).toEqual(["todayLate"]);
    expect(keysOf(await search("0219993"))).toEqual(["tomorrow"]);
  });

  it("matches today's ticket at each doctor, not the same number on other days", async () => {
    expect(keysOf(await search("#3"))).toEqual(["todayOther", "todayLate"]);
    expect(keysOf(await search("# 1"))).toEqual(["todayEarly"]);
    await expect(search("3")).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await expect(search("z")).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await expect(search("z".repeat(101))).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await expect(reception.appointments.search({ q: "zoe", limit: 51 })).rejects.toMatchObject({
      code: "BAD_REQUEST",
    });
  });

  it("never finds another hospital's patients, and a doctor finds only their own", async () => {
    const elsewhere = await search("elsewhere");
    expect(elsewhere.matches).toEqual([]);
    expect(keysOf(await search("+64 21 555 1234"))).toEqual(["todayLate"]);
    expect(keysOf(await doctorCaller.appointments.search({ q: "zoe", limit: 20 }))).toEqual(["todayOther"]);
    expect(keysOf(await doctorCaller.appointments.search({ q: "#3", limit: 20 }))).toEqual(["todayOther"]);
  });

  it("gives 'Edit details' the phone on file, within the hospital only, and no doctor", async () => {
    // A user's review (2026-12-07): editing from a board row showed an empty phone field, because
    // the board's live entries carry no phone.
    await expect(reception.appointments.details({ appointmentId: ids.todayLate ?? "" })).resolves.toEqual({
      appointmentId: ids.todayLate,
      patientName: "Zoë Ångström",
      phone: "+64 21 555 1234",
      note: "note of todayLate",
    });
    expect((await reception.appointments.details({ appointmentId: ids.todayEarly ?? "" })).phone).toBeNull();
    // Another hospital's appointment is "not found", exactly like one that does not exist.
    for (const appointmentId of [ids.elsewhere ?? "", "c000000000000000000000000"])
      await expect(reception.appointments.details({ appointmentId })).rejects.toMatchObject({
        code: "NOT_FOUND",
        message: "Appointment not found.",
      });
    await expect(
      doctorCaller.appointments.details({ appointmentId: ids.todayOther ?? "" }),
    ).rejects.toMatchObject({
      code: "FORBIDDEN",
    });
  });

  it("answers over REST with a read-scoped token, and is in the OpenAPI document", async () => {
    const secret = (await reception.staff.createToken({ name: "his", scopes: ["read"] })).secret;
    const ok = await fetch(`${server.url}/api/appointments/search?q=${encodeURIComponent("021 555")}`, {
      headers: { authorization: `Bearer ${secret}` },
    });
    expect(ok.status).toBe(200);
    const body = await ok.json();
    expect(body.data.matches.map((m: { appointmentId: string }) => m.appointmentId)).toEqual([ids.todayLate]);
    const short = await fetch(`${server.url}/api/appointments/search?q=z`, {
      headers: { authorization: `Bearer ${secret}` },
    });
    expect(short.status).toBe(400);
    const anonymous = await fetch(`${server.url}/api/appointments/search?q=zoe`);
    expect(anonymous.status).toBe(401);
    const doc = await (await fetch(`${server.url}/api/openapi.json`)).json();
    expect(doc.paths["/appointments/search"]?.get).toBeDefined();
  });

  it("stores a booking's and a walk-in's note, shows it on the board and never on the patient's page", async () => {
    const booked = await reception.appointments.create({
      doctorId: fx.doctor.id,
      patientName: "Noted Booking",
      scheduledAt: zonedTimeToUtc(addDays(fx.date, 2), "10:00", fx.timeZone),
      note: "Knee pain\u202E, follow-up",
      idempotencyKey: "note-booking-1",
    });
    const walkIn = await reception.queue.walkIn({
      doctorId: fx.doctor.id,
      patientName: "Noted Walker",
      note: "Fever since Monday",
    });
    const stored = await getDb().appointment.findMany({
      where: { id: { in: [booked.appointmentId, walkIn.appointmentId] } },
      select: { id: true, note: true },
    });
    expect(Object.fromEntries(stored.map((a) => [a.id, a.note]))).toEqual({
      [booked.appointmentId]: "Knee pain, follow-up",
      [walkIn.appointmentId]: "Fever since Monday",
    });
    const board = await reception.queue.board({ date: fx.date });
    const row = board.queues
      .flatMap((q) => q.snapshot?.entries ?? [])
      .find((e) => e.appointmentId === walkIn.appointmentId);
    expect(row?.note).toBe("Fever since Monday");
    const page = await (await callerFor(null)).tracking.get({ token: walkIn.trackingToken, fresh: true });
    expect(JSON.stringify(page)).not.toContain("Fever");
  });
});
