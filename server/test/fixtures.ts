// Test data: a hospital of its own for each test (unique slug), so tests never see each other's rows.
import { randomBytes } from "node:crypto";
import { hashPassword } from "../auth/password.ts";
import { now as clockNow } from "../clock.ts";
import { getDb } from "../db/client.ts";
import { everyDay } from "../domain/hours.ts";
import { localDateOf, zonedTimeToUtc } from "../domain/time.ts";
import type { AppointmentStatus } from "../domain/types.ts";

export type FixtureAppointment = {
  at: string; // local "HH:MM" on the fixture date
  status?: AppointmentStatus;
  paidMinutesBefore?: number | null;
  bookedMinutesBefore?: number;
  priority?: "NORMAL" | "URGENT";
  name?: string;
};

export async function createHospitalFixture(
  opts: {
    timeZone?: string;
    now?: Date;
    appointments?: FixtureAppointment[];
    /** The doctor's own consultation length; left out, the doctor has none (the defaults apply). */
    consultationMinutes?: number | null;
  } = {},
) {
  const db = getDb();
  const timeZone = opts.timeZone ?? "Pacific/Auckland";
  const now = opts.now ?? clockNow();
  const date = localDateOf(now, timeZone);
  const suffix = randomBytes(4).toString("hex");
  const hospital = await db.hospital.create({
    data: { slug: `t-${suffix}`, name: `Test Hospital ${suffix}`, timeZone },
  });
  const doctor = await db.doctor.create({
    data: {
      hospitalId: hospital.id,
      name: "Dr Test",
      room: "7",
      // Works round the clock every day, so tests of other things never meet working hours.
      periods: { create: everyDay("00:00", "24:00") },
      consultationMinutes: opts.consultationMinutes ?? null,
    },
  });
  const queueDay = await db.queueDay.create({ data: { hospitalId: hospital.id, doctorId: doctor.id, date } });
  const password = "correct horse battery";
  const passwordHash = await hashPassword(password);
  const receptionist = await db.staffUser.create({
    data: {
      hospitalId: hospital.id,
      email: `reception-${suffix}@test.local`,
      name: "Rita Reception",
      passwordHash,
      role: "RECEPTIONIST",
    },
  });
  const appointments = [];
  let ticket = 1;
  for (const a of opts.appointments ?? []) {
    const scheduledAt = zonedTimeToUtc(date, a.at, timeZone);
    const bookedAt = new Date(scheduledAt.getTime() - (a.bookedMinutesBefore ?? 24 * 60) * 60_000);
    const paidAt =
      a.paidMinutesBefore == null ? null : new Date(scheduledAt.getTime() - a.paidMinutesBefore * 60_000);
    const patient = await db.patient.create({
      data: { hospitalId: hospital.id, name: a.name ?? `Patient ${ticket}` },
    });
    const status = a.status ?? "BOOKED";
    appointments.push(
      await db.appointment.create({
        data: {
          hospitalId: hospital.id,
          doctorId: doctor.id,
          patientId: patient.id,
          queueDayId: queueDay.id,
          ticket: ticket++,
          scheduledAt,
          bookedAt,
          paidAt,
          status,
          priority: a.priority ?? "NORMAL",
          checkedInAt: status === "BOOKED" ? null : scheduledAt,
        },
      }),
    );
  }
  await db.queueDay.update({ where: { id: queueDay.id }, data: { nextTicket: ticket } });
  return { hospital, doctor, queueDay, receptionist, password, appointments, date, timeZone };
}

/** The one-time secret in a set-password link (`…/reset/<secret>`), as the reset page reads it. */
export const resetSecretOf = (url: string) => new URL(url).pathname.replace(/^\/reset\//, "");
