// Walk-in booking at the desk: a new patient and appointment in the doctor's queue day (created if
// needed), with the day's next ticket and a tracking link to hand over as text or QR code.

import { now as clockNow } from "../clock.ts";
import {
  createWalkInAppointment,
  ensureQueueDay,
  findDoctorForBooking,
  isUniqueViolation,
} from "../db/queue-repo.ts";
import { DomainError } from "../domain/errors.ts";
import { earlyArrivalWindow } from "../domain/transitions.ts";
import type { Priority } from "../domain/types.ts";
import { assertDoctorActive, walkInTime } from "../domain/walk-in.ts";
import { env } from "../env.ts";
import { withIdempotency } from "./idempotency.ts";
import { assertNotTooFarAhead } from "./intake.ts";
import { linkFor } from "./links.ts";
import {
  type Actor,
  assertInScope,
  type ChangeOptions,
  type QueueScope,
  quoteOf,
  runQueueChange,
} from "./queue-changes.ts";

export type WalkInInput = {
  doctorId: string;
  /** Hospital-local date "YYYY-MM-DD". */
  date: string;
  /** Local "HH:MM" in the doctor's working hours; default now (or the working start). */
  time?: string;
  patientName: string;
  phone?: string;
  /** The reason for the visit (staff only). */
  note?: string;
  paid?: boolean;
  priority?: Priority;
  /**
   * The same key twice with the same form (a double submit, a retry) books once and returns that
   * booking; the same key with another form is refused (CONFLICT). server/services/idempotency.ts.
   */
  idempotencyKey?: string;
};

export type WalkInResult = {
  appointmentId: string;
  ticket: number;
  status: "BOOKED" | "CHECKED_IN";
  scheduledAt: Date;
  /** The queue version this booking made; null when the key had already booked it. */
  version: number | null;
  position: number | null;
  duplicate: boolean;
  trackingToken: string;
  trackingUrl: string;
};

async function trackingLink(a: Parameters<typeof linkFor>[0]) {
  const link = await linkFor(a);
  return { trackingToken: link.token, trackingUrl: link.url };
}

/**
 * Books a walk-in; present at once (CHECKED_IN) when their slot's check-in window is open. With an
 * idempotency key, through the same helper as the REST intake: a repeat of the same form gets the
 * first booking back (`duplicate: true`, `version: null`: it changed nothing), another form with
 * that key is a CONFLICT, and a repeat sent while the first is running waits for its answer.
 */
export async function bookWalkIn(
  scope: QueueScope,
  input: WalkInInput,
  actor: Actor,
  opts: ChangeOptions = {},
): Promise<WalkInResult> {
  assertInScope(scope, input.doctorId);
  const { idempotencyKey, ...request } = input;
  return withIdempotency(
    scope.hospitalId,
    idempotencyKey,
    "queue.walkIn",
    request,
    () => book(scope, input, actor, opts),
    { replayed: (first) => ({ ...first, duplicate: true, version: null }) },
  );
}

async function book(
  scope: QueueScope,
  input: WalkInInput,
  actor: Actor,
  opts: ChangeOptions,
): Promise<WalkInResult> {
  const doctor = await findDoctorForBooking(scope.hospitalId, input.doctorId);
  if (!doctor) throw new DomainError("DOCTOR_NOT_FOUND", "Doctor not found.");
  assertDoctorActive(doctor);
  const { timeZone } = doctor.hospital;
  const key = input.idempotencyKey ?? null;
  // Refused before anything is written: a day that cannot take the walk-in (passed, off, too far
  // ahead) gets no queue day either (an attacker's probe left one behind for 2020-01-06).
  const asked = clockNow();
  assertNotTooFarAhead(
    walkInTime({ date: input.date, time: input.time, now: asked, timeZone, doctor }),
    asked,
  );
  const day = await ensureQueueDay(scope.hospitalId, doctor.id, input.date);
  try {
    const outcome = await runQueueChange(
      day.id,
      actor,
      async ({ tx, state, now, add, update, current }) => {
        const scheduledAt = walkInTime({ date: input.date, time: input.time, now, timeZone, doctor });
        assertNotTooFarAhead(scheduledAt, now);
        const maxEarly = state.queueDay.hospital.maxEarlyArrivalMinutes ?? env().MAX_EARLY_ARRIVAL;
        const present = earlyArrivalWindow(scheduledAt, maxEarly, now, timeZone).open;
        const created = await createWalkInAppointment(tx, {
          queueDayId: day.id,
          hospitalId: scope.hospitalId,
          doctorId: doctor.id,
          patientName: input.patientName,
          phone: input.phone ?? null,
          note: input.note || null,
          scheduledAt,
          bookedAt: now,
          paidAt: input.paid ? now : null,
          priority: input.priority ?? "NORMAL",
          checkedInAt: present ? now : null,
          idempotencyKey: key,
        });
        add(created);
        if (present) await update(created.id, quoteOf(state, current(), created.id, {}, now));
        return {
          type: "WALK_IN",
          appointmentId: created.id,
          before: { status: null },
          extra: { ticket: created.ticket, status: created.status, scheduledAt },
        };
      },
      opts,
    );
    const link = await trackingLink({
      id: outcome.appointmentId!,
      hospitalId: scope.hospitalId,
      doctorId: doctor.id,
      // A new appointment's links start at token version 1 (the schema default).
      tokenVersion: 1,
      scheduledAt: outcome.scheduledAt,
    });
    return {
      appointmentId: outcome.appointmentId!,
      ticket: outcome.ticket,
      status: outcome.status === "BOOKED" ? "BOOKED" : "CHECKED_IN",
      scheduledAt: outcome.scheduledAt,
      version: outcome.version,
      position: outcome.toPosition,
      duplicate: false,
      ...link,
    };
  } catch (err) {
    // The key is also unique on the appointment: one booked before this helper kept its answer (or
    // whose record is gone) cannot be told apart from another form, so it is refused, never handed
    // out as this request's booking.
    if (key && isUniqueViolation(err))
      throw new DomainError(
        "IDEMPOTENCY_KEY_REUSED",
        "This idempotency key was already used for a different request.",
      );
    throw err;
  }
}
