// Appointments from other systems over REST: idempotent booking, payment, reschedule, cancel.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { now as clockNow } from "../../clock.ts";
import { getDb } from "../../db/client.ts";
import { findStaffForSession } from "../../db/staff-repo.ts";
import { everyDay } from "../../domain/hours.ts";
import { zonedTimeToUtc } from "../../domain/time.ts";
import { createHospitalFixture } from "../../test/fixtures.ts";
import { startTestServer } from "../../test/server.ts";
import { callerFor } from "../caller.ts";

let fx: Awaited<ReturnType<typeof createHospitalFixture>>;
let server: Awaited<ReturnType<typeof startTestServer>>;
let auth: Record<string, string>;
// Tomorrow, local 10:00 and 10:30: always bookable whatever the time of the run.
let tomorrow: string;

const post = (path: string, body: unknown) =>
  fetch(`${server.url}/api${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", ...auth },
    body: JSON.stringify(body),
  });

beforeAll(async () => {
  fx = await createHospitalFixture();
  server = await startTestServer();
  const reception = await callerFor(await findStaffForSession(fx.receptionist.id));
  auth = {
    authorization: `Bearer ${(await reception.staff.createToken({ name: "his", scopes: ["read", "intake"] })).secret}`,
  };
  const d = new Date(`${fx.date}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  tomorrow = d.toISOString().slice(0, 10);
});
afterAll(async () => {
  await server?.close();
});

const at = (hhmm: string) => zonedTimeToUtc(tomorrow, hhmm, fx.timeZone).toISOString();
const events = (appointmentId: string) => getDb().queueEvent.count({ where: { appointmentId } });

describe("POST /api/appointments", () => {
  it("books once per idempotency key, returns the tracking link, and refuses the key for another request", async () => {
    const body = {
      doctorId: fx.doctor.id,
      patientName: "Iris Retry",
      scheduledAt: at("10:00"),
      idempotencyKey: "his-booking-0001",
    };
    const first = await post("/appointments", body);
    expect(first.status).toBe(200);
    const a = (await first.json()).data;
    expect(a).toMatchObject({
      ticket: expect.any(Number),
      date: tomorrow,
      trackingUrl: expect.stringContaining("/track/"),
    });
    const again = await post("/appointments", body);
    expect((await again.json()).data.appointmentId).toBe(a.appointmentId);
    expect(await getDb().appointment.count({ where: { hospitalId: fx.hospital.id } })).toBe(1);

    const other = await post("/appointments", { ...body, patientName: "Someone Else" });
    expect(other.status).toBe(409);
    expect((await other.json()).error.message).toMatch(/different request/);

    const track = await fetch(
      a.trackingUrl.replace(/^https?:\/\/[^/]+\/track\//, `${server.url}/api/appointments/track/`),
    );
    expect(track.status).toBe(200);
  });

  it("concurrent retries with one key book exactly one appointment", async () => {
    const body = {
      doctorId: fx.doctor.id,
      patientName: "Concurrent",
      scheduledAt: at("11:00"),
      idempotencyKey: "his-booking-race-1",
    };
    const answers = await Promise.all(Array.from({ length: 6 }, () => post("/appointments", body)));
    const ok = await Promise.all(answers.filter((r) => r.status === 200).map((r) => r.json()));
    expect(ok.length).toBeGreaterThanOrEqual(1);
    expect(new Set(ok.map((b) => b.data.appointmentId)).size).toBe(1);
    for (const r of answers) expect([200, 409]).toContain(r.status);
    expect(
      await getDb().appointment.count({
        where: { hospitalId: fx.hospital.id, patient: { name: "Concurrent" } },
      }),
    ).toBe(1);
  });

  it("refuses bad input with 400 and an ended slot with 409, changing nothing", async () => {
    const before = await getDb().appointment.count({ where: { hospitalId: fx.hospital.id } });
    expect(
      (
        await post("/appointments", {
          doctorId: fx.doctor.id,
          patientName: "",
          scheduledAt: "soon",
          idempotencyKey: "k-123456789",
        })
      ).status,
    ).toBe(400);
    // A valid Date no calendar can show (found by the fuzz suite: it was a 500).
    const edge = await post("/appointments", {
      doctorId: fx.doctor.id,
      patientName: "Edge",
      scheduledAt: "-271821-04-20T00:20:55.999Z",
      idempotencyKey: "k-edge-0001",
    });
    expect(edge.status).toBe(400);
    const past = await post("/appointments", {
      doctorId: fx.doctor.id,
      patientName: "Late",
      scheduledAt: new Date(clockNow().getTime() - 3 * 3_600_000).toISOString(),
      idempotencyKey: "his-booking-past-1",
    });
    expect(past.status).toBe(409);
    expect(await getDb().appointment.count({ where: { hospitalId: fx.hospital.id } })).toBe(before);
  });
});

describe("payment, reschedule and cancel", () => {
  it("a payment puts a patient ahead of unpaid ones in the slot, once", async () => {
    const book = async (name: string, key: string) =>
      (
        await (
          await post("/appointments", {
            doctorId: fx.doctor.id,
            patientName: name,
            scheduledAt: at("14:10"),
            idempotencyKey: key,
          })
        ).json()
      ).data;
    const first = await book("Unpaid First", "his-pay-aaaa-1");
    const second = await book("Paid Later", "his-pay-bbbb-1");
    expect(second.position).toBeGreaterThan(first.position);
    const paid = await post(`/appointments/${second.appointmentId}/payment`, {});
    expect(paid.status).toBe(200);
    const change = (await paid.json()).data;
    expect(change.toPosition).toBeLessThan(change.fromPosition);
    const twice = await post(`/appointments/${second.appointmentId}/payment`, {});
    expect(twice.status).toBe(409);
  });

  it("reschedules within the day, to another day and doctor, and cancels; each change is one event per day", async () => {
    const booked = (
      await (
        await post("/appointments", {
          doctorId: fx.doctor.id,
          patientName: "Moving",
          scheduledAt: at("15:00"),
          idempotencyKey: "his-move-0001",
        })
      ).json()
    ).data;
    expect(await events(booked.appointmentId)).toBe(1);
    const moved = await post(`/appointments/${booked.appointmentId}/reschedule`, {
      scheduledAt: at("16:00"),
    });
    expect(moved.status).toBe(200);
    expect(await events(booked.appointmentId)).toBe(2);
    // To another day and doctor, idempotently: a retry with the key answers the same, moving nothing.
    const other = await getDb().doctor.create({
      data: {
        hospitalId: fx.hospital.id,
        name: "Dr Elsewhere",
        room: "5",
        periods: { create: everyDay("08:00", "18:00") },
      },
    });
    const later = new Date(`${tomorrow}T12:00:00Z`);
    later.setUTCDate(later.getUTCDate() + 1);
    const dayAfter = later.toISOString().slice(0, 10);
    const move = {
      scheduledAt: zonedTimeToUtc(dayAfter, "09:30", fx.timeZone).toISOString(),
      doctorId: other.id,
      idempotencyKey: "his-move-other-day-1",
    };
    const otherDay = await post(`/appointments/${booked.appointmentId}/reschedule`, move);
    expect(otherDay.status).toBe(200);
    const answer = (await otherDay.json()).data;
    expect(answer).toMatchObject({
      type: "RESCHEDULED_IN",
      appointmentId: booked.appointmentId,
      ticket: 1,
      doctorId: other.id,
      date: dayAfter,
      scheduledAt: move.scheduledAt,
      toPosition: 1,
    });
    // One event on the day it left, one on the day it joined.
    expect(await events(booked.appointmentId)).toBe(4);
    const retry = await post(`/appointments/${booked.appointmentId}/reschedule`, move);
    expect((await retry.json()).data).toEqual(answer);
    expect(await events(booked.appointmentId)).toBe(4);
    // Outside the new doctor's hours: a 400 with the reason, nothing moved.
    const evening = await post(`/appointments/${booked.appointmentId}/reschedule`, {
      scheduledAt: zonedTimeToUtc(dayAfter, "19:00", fx.timeZone).toISOString(),
      doctorId: other.id,
    });
    expect(evening.status).toBe(400);
    expect((await evening.json()).error.code).toBe("OUTSIDE_WORKING_HOURS");
    const unknownDoctor = await post(`/appointments/${booked.appointmentId}/reschedule`, {
      scheduledAt: move.scheduledAt,
      doctorId: "no-such-doctor",
    });
    expect(unknownDoctor.status).toBe(404);
    const cancelled = await post(`/appointments/${booked.appointmentId}/cancel`, {
      reason: "patient called",
      idempotencyKey: "his-cancel-0001",
    });
    expect(cancelled.status).toBe(200);
    const retried = await post(`/appointments/${booked.appointmentId}/cancel`, {
      reason: "patient called",
      idempotencyKey: "his-cancel-0001",
    });
    expect(retried.status).toBe(200);
    expect(await events(booked.appointmentId)).toBe(5);
    const row = await getDb().appointment.findUnique({
      where: { id: booked.appointmentId },
      select: { status: true },
    });
    expect(row?.status).toBe("CANCELLED");
  });

  it("doctors may not book through the API", async () => {
    const doctorStaff = await getDb().staffUser.create({
      data: {
        hospitalId: fx.hospital.id,
        email: `d-${fx.hospital.slug}@t.local`,
        name: "Doc",
        passwordHash: "x",
        role: "DOCTOR",
        doctorId: fx.doctor.id,
      },
    });
    const doctor = await callerFor(await findStaffForSession(doctorStaff.id));
    await expect(
      doctor.appointments.create({
        doctorId: fx.doctor.id,
        patientName: "X",
        scheduledAt: new Date(at("12:00")),
        idempotencyKey: "doc-key-0001",
      }),
    ).rejects.toMatchObject({ code: "FORBIDDEN" });
  });
});
