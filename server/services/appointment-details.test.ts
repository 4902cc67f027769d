// Acting on an existing appointment from the board: correcting its details (appointments.update),
// recording a payment after booking, and cancelling (its place is freed, later estimates move up).
import { beforeEach, expect, it } from "vitest";
import { getDb } from "../db/client.ts";
import { ensureQueueDay } from "../db/queue-repo.ts";
import { findStaffForSession } from "../db/staff-repo.ts";
import { addDays, zonedTimeToUtc } from "../domain/time.ts";
import { createHospitalFixture } from "../test/fixtures.ts";
import { describeNeeding } from "../test/needs.ts";
import { callerFor } from "../trpc/caller.ts";

type Fx = Awaited<ReturnType<typeof createHospitalFixture>>;
let fx: Fx;
let reception: Awaited<ReturnType<typeof callerFor>>;

const versionOf = async (queueDayId: string) =>
  (await getDb().queueDay.findUniqueOrThrow({ where: { id: queueDayId } })).version;
const lastEvent = (queueDayId: string) =>
  getDb().queueEvent.findFirstOrThrow({ where: { queueDayId }, orderBy: { version: "desc" } });
const rows = async () =>
  (await reception.queue.board({ date: fx.date })).queues.find((q) => q.doctor.id === fx.doctor.id)!.snapshot!
    .entries;
const row = async (id: string) => (await rows()).find((e) => e.appointmentId === id)!;

describeNeeding(["pg"], "acting on an existing appointment", () => {
  beforeEach(async () => {
    // The test clock reads 10:20 local: three checked-in patients of the 10:00 slot wait in ticket order.
    fx = await createHospitalFixture({
      appointments: [
        { at: "10:00", status: "CHECKED_IN", name: "First" },
        { at: "10:00", status: "CHECKED_IN", name: "Second" },
        { at: "10:00", status: "CHECKED_IN", name: "Third" },
        { at: "09:00", status: "COMPLETED", name: "Seen" },
      ],
    });
    reception = await callerFor(await findStaffForSession(fx.receptionist.id));
  });

  it("corrects the patient's name, phone and note as one queue change the board shows", async () => {
    const a = fx.appointments[1]!;
    const before = await versionOf(fx.queueDay.id);
    const out = await reception.appointments.update({
      appointmentId: a.id,
      patientName: "Second Corrected",
      phone: "+64 21 000 1111",
      note: "Needs an interpreter",
    });
    expect(out.version).toBe(before + 1);
    expect(await lastEvent(fx.queueDay.id)).toMatchObject({
      type: "DETAILS_CHANGED",
      appointmentId: a.id,
      data: { fields: ["patientName", "phone", "note"] },
    });
    const patient = await getDb().patient.findUniqueOrThrow({ where: { id: a.patientId } });
    expect(patient).toMatchObject({ name: "Second Corrected", phone: "+64 21 000 1111" });
    expect(await row(a.id)).toMatchObject({
      patientName: "Second Corrected",
      note: "Needs an interpreter",
      position: 2,
    });

    await reception.appointments.update({ appointmentId: a.id, phone: "", note: "" });
    expect((await getDb().patient.findUniqueOrThrow({ where: { id: a.patientId } })).phone).toBeNull();
    expect((await row(a.id)).note).toBeNull();
    expect((await row(a.id)).patientName).toBe("Second Corrected");
  });

  it("refuses an empty edit, another hospital's appointment and a visit closed on a past day", async () => {
    const a = fx.appointments[0]!;
    await expect(reception.appointments.update({ appointmentId: a.id })).rejects.toMatchObject({
      code: "BAD_REQUEST",
    });
    await expect(
      reception.appointments.update({ appointmentId: a.id, patientName: " " }),
    ).rejects.toMatchObject({
      code: "BAD_REQUEST",
    });
    const other = await createHospitalFixture({ appointments: [{ at: "10:00" }] });
    await expect(
      reception.appointments.update({ appointmentId: other.appointments[0]!.id, note: "x" }),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });

    // Today's finished visit may still be corrected; one from last week may not.
    await reception.appointments.update({ appointmentId: fx.appointments[3]!.id, patientName: "Seen Today" });
    const db = getDb();
    const past = addDays(fx.date, -7);
    const day = await ensureQueueDay(fx.hospital.id, fx.doctor.id, past);
    const patient = await db.patient.create({ data: { hospitalId: fx.hospital.id, name: "Old" } });
    const old = await db.appointment.create({
      data: {
        hospitalId: fx.hospital.id,
        doctorId: fx.doctor.id,
        patientId: patient.id,
        queueDayId: day.id,
        ticket: 1,
        scheduledAt: zonedTimeToUtc(past, "10:00", fx.timeZone),
        status: "COMPLETED",
      },
    });
    await expect(
      reception.appointments.update({ appointmentId: old.id, note: "late note" }),
    ).rejects.toMatchObject({
      message: expect.stringMatching(/is over/),
    });
    expect(await versionOf(day.id)).toBe(0);
  });

  it("records a payment on a booked appointment: paid ahead of unpaid in its slot, once", async () => {
    const third = fx.appointments[2]!;
    const before = await versionOf(fx.queueDay.id);
    const out = await reception.appointments.recordPayment({ appointmentId: third.id });
    expect(out.version).toBe(before + 1);
    expect(out).toMatchObject({ type: "PAYMENT_RECORDED", fromPosition: 3, toPosition: 1 });
    expect(await row(third.id)).toMatchObject({ paid: true, position: 1 });
    await expect(reception.appointments.recordPayment({ appointmentId: third.id })).rejects.toMatchObject({
      code: "CONFLICT",
    });
    await expect(
      reception.appointments.recordPayment({ appointmentId: fx.appointments[3]!.id }),
    ).rejects.toMatchObject({ code: "CONFLICT" });
    expect(await versionOf(fx.queueDay.id)).toBe(before + 1);
  });

  it("cancelling frees the place: everyone behind moves up and their estimates come earlier", async () => {
    const [first, second, third] = fx.appointments;
    const was = await rows();
    const estimate = (list: typeof was, id: string) =>
      list.find((e) => e.appointmentId === id)!.estimatedStartAt!.getTime();
    await reception.queue.cancel({ appointmentId: first!.id, reason: "Went home" });
    const now = await rows();
    expect(now.find((e) => e.appointmentId === first!.id)).toMatchObject({
      status: "CANCELLED",
      position: null,
    });
    expect(now.find((e) => e.appointmentId === second!.id)!.position).toBe(1);
    expect(now.find((e) => e.appointmentId === third!.id)!.position).toBe(2);
    expect(estimate(now, second!.id)).toBeLessThan(estimate(was, second!.id));
    expect(estimate(now, third!.id)).toBeLessThan(estimate(was, third!.id));
  });
});
