// Writes to appointments and queue days: inside a locked change (Tx), except a queue day's creation.
import { getDb } from "../client.ts";
import type { Prisma } from "../generated/client.ts";
import { isUniqueViolation } from "./errors.ts";
import {
  type AppointmentChange,
  appointmentSelect,
  type QueueDayChange,
  type StoredAppointment,
  type Tx,
} from "./state.ts";

export function updateAppointment(tx: Tx, id: string, data: Prisma.AppointmentUncheckedUpdateInput) {
  return tx.appointment.update({ where: { id }, data, select: { id: true } });
}

/** The patient's name or phone, through their appointment (a patient row belongs to one booking). */
export async function updatePatientOfAppointment(
  tx: Tx,
  appointmentId: string,
  data: { name?: string; phone?: string | null },
) {
  const { patientId } = await tx.appointment.findUniqueOrThrow({
    where: { id: appointmentId },
    select: { patientId: true },
  });
  await tx.patient.update({ where: { id: patientId }, data, select: { id: true } });
}

export function updateQueueDay(tx: Tx, id: string, data: QueueDayChange) {
  return tx.queueDay.update({ where: { id }, data, select: { id: true } });
}

/**
 * A walk-in: a new patient and their appointment in a locked queue day, with the day's next
 * ticket (never one already used, even if the counter lags behind imported rows).
 */
export async function createWalkInAppointment(
  tx: Tx,
  input: {
    queueDayId: string;
    hospitalId: string;
    doctorId: string;
    patientName: string;
    phone: string | null;
    /** The reason for the visit (staff only). */
    note?: string | null;
    scheduledAt: Date;
    bookedAt: Date;
    paidAt: Date | null;
    priority: "NORMAL" | "URGENT";
    checkedInAt: Date | null;
    idempotencyKey: string | null;
    /** WALK_IN at the desk; BOOKING when another system booked it. */
    source?: "BOOKING" | "WALK_IN";
  },
): Promise<StoredAppointment> {
  const ticket = await takeTicket(tx, input.queueDayId);
  const patient = await tx.patient.create({
    data: { hospitalId: input.hospitalId, name: input.patientName, phone: input.phone },
    select: { id: true },
  });
  return tx.appointment.create({
    data: {
      hospitalId: input.hospitalId,
      doctorId: input.doctorId,
      patientId: patient.id,
      queueDayId: input.queueDayId,
      ticket,
      scheduledAt: input.scheduledAt,
      bookedAt: input.bookedAt,
      paidAt: input.paidAt,
      note: input.note ?? null,
      priority: input.priority,
      source: input.source ?? "WALK_IN",
      status: input.checkedInAt ? "CHECKED_IN" : "BOOKED",
      checkedInAt: input.checkedInAt,
      idempotencyKey: input.idempotencyKey,
    },
    select: appointmentSelect,
  });
}

/**
 * The next ticket of a locked queue day, taken (never one already used, even if the counter lags
 * behind imported rows or an appointment moved in).
 */
async function takeTicket(tx: Tx, queueDayId: string): Promise<number> {
  // One after the other: a transaction is one connection, and pg runs one query at a time on it
  // (queueing a second is deprecated, and goes in pg 9).
  const day = await tx.queueDay.findUniqueOrThrow({
    where: { id: queueDayId },
    select: { nextTicket: true },
  });
  const last = await tx.appointment.findFirst({
    where: { queueDayId },
    orderBy: { ticket: "desc" },
    select: { ticket: true },
  });
  const ticket = Math.max(day.nextTicket, (last?.ticket ?? 0) + 1);
  await tx.queueDay.update({ where: { id: queueDayId }, data: { nextTicket: ticket + 1 } });
  return ticket;
}

/**
 * Moves an appointment to another locked queue day (another date or doctor) with that day's next
 * ticket and the fields `data` gives; returns it as the target day's state reads it.
 */
export async function moveAppointmentToDay(
  tx: Tx,
  appointmentId: string,
  target: { queueDayId: string; doctorId: string },
  data: AppointmentChange,
): Promise<StoredAppointment> {
  const ticket = await takeTicket(tx, target.queueDayId);
  return tx.appointment.update({
    where: { id: appointmentId },
    // The likely range quoted on the old day means nothing on the new one.
    data: {
      ...data,
      quotedEarliestAt: null,
      quotedLatestAt: null,
      queueDayId: target.queueDayId,
      doctorId: target.doctorId,
      ticket,
    },
    select: appointmentSelect,
  });
}

export async function ensureQueueDay(hospitalId: string, doctorId: string, date: string) {
  const where = { doctorId_date: { doctorId, date } };
  const select = { id: true, hospitalId: true };
  try {
    return await getDb().queueDay.upsert({
      where,
      create: { hospitalId, doctorId, date },
      update: {},
      select,
    });
  } catch (err) {
    // Two first changes of a day at once: one insert wins, the other reads its row.
    if (!isUniqueViolation(err)) throw err;
    return getDb().queueDay.findUniqueOrThrow({ where, select });
  }
}
