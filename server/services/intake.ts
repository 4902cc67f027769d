// Appointments from the hospital's other systems (booking, payment, cancel; rescheduling is in
// reschedule.ts). Every change goes through the queue engine like any other; idempotency keys make
// retries safe.

import { now as clockNow } from "../clock.ts";
import { createWalkInAppointment, ensureQueueDay, findDoctorForBooking } from "../db/queue-repo.ts";
import { DomainError } from "../domain/errors.ts";
import { MAX_AHEAD_DAYS } from "../domain/horizon.ts";
import { localDateOf, slotEndOf, slotStartOf } from "../domain/time.ts";
import type { Priority } from "../domain/types.ts";
import { isOpenStatus } from "../domain/types.ts";
import { assertDoctorActive, assertSlotHasRoom, assertWorkingAt } from "../domain/walk-in.ts";
import { withIdempotency } from "./idempotency.ts";
import { linkFor } from "./links.ts";
import {
  type Actor,
  assertInScope,
  type ChangeOptions,
  cancelAppointment,
  findEntry,
  type QueueScope,
  queueDayOfAppointment,
  restorable,
  runQueueChange,
} from "./queue-changes.ts";

const HOUR_MS = 3_600_000;

export type BookingInput = {
  doctorId: string;
  patientName: string;
  phone?: string;
  /** The reason for the visit (staff only). */
  note?: string;
  scheduledAt: Date;
  bookedAt?: Date;
  paidAt?: Date | null;
  priority?: Priority;
  /** Book even when the hour slot holds the doctor's places per hour already (SLOT_FULL). */
  overbook?: boolean;
  idempotencyKey?: string;
};

/** A booking (or a reschedule) is for a slot not yet over, and at most MAX_AHEAD_DAYS ahead. */
export function assertBookable(scheduledAt: Date, timeZone: string, now: Date) {
  if (slotEndOf(slotStartOf(scheduledAt, timeZone), timeZone).getTime() <= now.getTime()) {
    throw new DomainError("SLOT_ENDED", "That slot has already ended.");
  }
  assertNotTooFarAhead(scheduledAt, now);
}

/** At most MAX_AHEAD_DAYS ahead: bookings, reschedules and walk-ins alike. */
export function assertNotTooFarAhead(scheduledAt: Date, now: Date) {
  if (scheduledAt.getTime() - now.getTime() > MAX_AHEAD_DAYS * 24 * HOUR_MS) {
    throw new DomainError(
      "BOOKING_TOO_FAR_AHEAD",
      `Appointments can be booked at most ${MAX_AHEAD_DAYS} days ahead.`,
    );
  }
}

/** The doctor a booking (or a reschedule) is for: the caller may book them, and they take patients. */
export async function bookableDoctor(scope: QueueScope, doctorId: string) {
  assertInScope(scope, doctorId);
  const doctor = await findDoctorForBooking(scope.hospitalId, doctorId);
  if (!doctor) throw new DomainError("DOCTOR_NOT_FOUND", "Doctor not found.");
  assertDoctorActive(doctor);
  return doctor;
}

export function bookAppointment(
  scope: QueueScope,
  input: BookingInput,
  actor: Actor,
  opts: ChangeOptions = {},
) {
  const { idempotencyKey, ...request } = input;
  return withIdempotency(scope.hospitalId, idempotencyKey, "appointments.create", request, async () => {
    const doctor = await bookableDoctor(scope, input.doctorId);
    const { timeZone } = doctor.hospital;
    assertBookable(input.scheduledAt, timeZone, opts.now ?? clockNow());
    assertWorkingAt(doctor, input.scheduledAt, timeZone);
    const date = localDateOf(input.scheduledAt, timeZone);
    const day = await ensureQueueDay(scope.hospitalId, doctor.id, date);
    const outcome = await runQueueChange(
      day.id,
      actor,
      async ({ tx, now, add, state }) => {
        // Under the day's lock: two bookings racing for the last place cannot both take it.
        assertSlotHasRoom({
          doctor: state.queueDay.doctor,
          at: input.scheduledAt,
          timeZone,
          appointments: state.appointments,
          overbook: input.overbook,
        });
        const created = await createWalkInAppointment(tx, {
          queueDayId: day.id,
          hospitalId: scope.hospitalId,
          doctorId: doctor.id,
          patientName: input.patientName,
          phone: input.phone ?? null,
          note: input.note || null,
          scheduledAt: input.scheduledAt,
          bookedAt: input.bookedAt ?? now,
          paidAt: input.paidAt ?? null,
          priority: input.priority ?? "NORMAL",
          checkedInAt: null,
          idempotencyKey: null,
          source: "BOOKING",
        });
        add(created);
        return {
          type: "BOOKED",
          appointmentId: created.id,
          before: { status: null },
          extra: { ticket: created.ticket },
        };
      },
      opts,
    );
    const link = await linkFor({
      id: outcome.appointmentId!,
      hospitalId: scope.hospitalId,
      doctorId: doctor.id,
      tokenVersion: 1,
      scheduledAt: input.scheduledAt,
    });
    return {
      appointmentId: outcome.appointmentId!,
      ticket: outcome.ticket,
      doctorId: doctor.id,
      date,
      scheduledAt: input.scheduledAt,
      version: outcome.version,
      position: outcome.toPosition,
      trackingUrl: link.url,
      trackingToken: link.token,
    };
  });
}

/** Payment sets the time the queue orders by (paid before unpaid within a slot). */
export function recordPayment(
  scope: QueueScope,
  input: { appointmentId: string; paidAt?: Date; idempotencyKey?: string },
  actor: Actor,
  opts: ChangeOptions = {},
) {
  const { idempotencyKey, ...request } = input;
  return withIdempotency(scope.hospitalId, idempotencyKey, "appointments.payment", request, async () => {
    const queueDayId = await queueDayOfAppointment(scope, input.appointmentId);
    return runQueueChange(
      queueDayId,
      actor,
      async ({ state, now, update }) => {
        const a = findEntry(state, input.appointmentId);
        if (!isOpenStatus(a.status))
          throw new DomainError(
            "APPOINTMENT_CLOSED",
            "This appointment is closed; its payment cannot change its place.",
          );
        if (a.paidAt)
          throw new DomainError(
            "PAYMENT_ALREADY_RECORDED",
            "A payment is already recorded for this appointment.",
          );
        const paidAt = input.paidAt ?? now;
        if (paidAt.getTime() > now.getTime() + 60_000)
          throw new DomainError("PAYMENT_IN_FUTURE", "The payment time is in the future.");
        await update(a.id, { paidAt });
        return { type: "PAYMENT_RECORDED", appointmentId: a.id, before: restorable(a), extra: { paidAt } };
      },
      opts,
    );
  });
}

export function cancelFromApi(
  scope: QueueScope,
  input: { appointmentId: string; reason?: string; idempotencyKey?: string },
  actor: Actor,
) {
  const { idempotencyKey, ...request } = input;
  return withIdempotency(scope.hospitalId, idempotencyKey, "appointments.cancel", request, () =>
    cancelAppointment(scope, input.appointmentId, actor, { reason: input.reason }),
  );
}
