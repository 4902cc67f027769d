// Moving an appointment to another time, day or doctor (the desk's reschedule, and other systems'
// over REST). On its own queue day it only takes the new time. To another day or doctor both queue
// days are locked in one transaction (in a fixed order, so crossing moves cannot deadlock): it takes
// the target day's next ticket, starts there as a fresh booking would, and each day records its
// half. Its tracking link stays the same: open patient pages follow it to the new day.
import { now as clockNow } from "../clock.ts";
import { ensureQueueDay, findAppointmentToMove, moveAppointmentToDay } from "../db/queue-repo.ts";
import { QUEUE_EVENT } from "../domain/events.ts";
import { assertReschedulable, freshOnNewDay } from "../domain/reschedule.ts";
import { localDateOf } from "../domain/time.ts";
import { assertSlotHasRoom, assertWorkingAt } from "../domain/walk-in.ts";
import { withIdempotency } from "./idempotency.ts";
import { assertBookable, bookableDoctor } from "./intake.ts";
import {
  type Actor,
  assertDayNotOver,
  type ChangeOptions,
  changeQueue,
  findEntry,
  restorable,
  runQueueChangeOnTwoDays,
} from "./queue-change.ts";
import { appointmentInScope, type QueueScope } from "./queue-scope.ts";
import { forgetTrackingRef } from "./tracking.ts";

export type RescheduleInput = {
  appointmentId: string;
  scheduledAt: Date;
  /** Another doctor of the hospital; the appointment's own when left out. */
  doctorId?: string;
  /** Move even into an hour slot that holds the doctor's places per hour already (SLOT_FULL). */
  overbook?: boolean;
  idempotencyKey?: string;
};

export function rescheduleAppointment(
  scope: QueueScope,
  input: RescheduleInput,
  actor: Actor,
  opts: ChangeOptions = {},
) {
  const { idempotencyKey, ...request } = input;
  return withIdempotency(scope.hospitalId, idempotencyKey, "appointments.reschedule", request, async () => {
    const current = await appointmentInScope(scope, input.appointmentId);
    const doctor = await bookableDoctor(scope, input.doctorId ?? current.doctorId);
    const { timeZone } = doctor.hospital;
    // Checked before the target day is made, so a refused move leaves no empty day behind; checked
    // again under the locks.
    const now = opts.now ?? clockNow();
    const moving = await findAppointmentToMove(input.appointmentId);
    if (moving) {
      assertReschedulable(moving.status);
      assertDayNotOver(moving.queueDay.date, timeZone, now, actor);
    }
    assertBookable(input.scheduledAt, timeZone, now);
    assertWorkingAt(doctor, input.scheduledAt, timeZone);
    const date = localDateOf(input.scheduledAt, timeZone);
    const target = await ensureQueueDay(scope.hospitalId, doctor.id, date);
    const moved =
      target.id === current.queueDayId
        ? await newTimeSameDay(target.id, input, actor, opts)
        : await toAnotherDay({ from: current.queueDayId, to: target.id }, doctor.id, input, actor, opts);
    await forgetTrackingRef(input.appointmentId);
    return { ...moved, doctorId: doctor.id, date, scheduledAt: input.scheduledAt };
  });
}

/** A new time on the same queue day; its place follows the base order again (a manual move is dropped). */
function newTimeSameDay(queueDayId: string, input: RescheduleInput, actor: Actor, opts: ChangeOptions) {
  return changeQueue({ queueDayId }, actor, opts, {
    rule({ state, now }) {
      // Found under the lock: a move to another day that won the race leaves nothing to do here.
      const a = findEntry(state, input.appointmentId);
      assertReschedulable(a.status);
      const { timeZone } = state.queueDay.hospital;
      assertBookable(input.scheduledAt, timeZone, now);
      assertWorkingAt(state.queueDay.doctor, input.scheduledAt, timeZone);
      assertSlotHasRoom({
        doctor: state.queueDay.doctor,
        at: input.scheduledAt,
        timeZone,
        appointments: state.appointments,
        except: a.id,
        overbook: input.overbook,
      });
      return a;
    },
    async apply({ update }, a) {
      await update(a.id, { scheduledAt: input.scheduledAt, orderRank: null, noShowDueAt: null });
      return {
        type: QUEUE_EVENT.RESCHEDULED,
        appointmentId: a.id,
        before: restorable(a),
        extra: { scheduledAt: input.scheduledAt, ticket: a.ticket },
      };
    },
  });
}

/** To another date or doctor: out of one locked queue day, into the other with its next ticket. */
async function toAnotherDay(
  days: { from: string; to: string },
  doctorId: string,
  input: RescheduleInput,
  actor: Actor,
  opts: ChangeOptions,
) {
  const { from, to } = await runQueueChangeOnTwoDays(
    days,
    actor,
    async (out, into) => {
      const a = findEntry(out.state, input.appointmentId);
      assertReschedulable(a.status);
      const target = into.state.queueDay;
      const { timeZone } = target.hospital;
      assertBookable(input.scheduledAt, timeZone, into.now);
      assertWorkingAt(target.doctor, input.scheduledAt, timeZone);
      assertSlotHasRoom({
        doctor: target.doctor,
        at: input.scheduledAt,
        timeZone,
        appointments: into.state.appointments,
        overbook: input.overbook,
      });
      const moved = await moveAppointmentToDay(
        out.tx,
        a.id,
        { queueDayId: target.id, doctorId },
        freshOnNewDay(input.scheduledAt),
      );
      out.remove(a.id);
      into.add(moved);
      const source = out.state.queueDay;
      return {
        from: {
          type: QUEUE_EVENT.RESCHEDULED_OUT,
          appointmentId: a.id,
          before: { ...restorable(a), ticket: a.ticket, scheduledAt: a.scheduledAt },
          data: {
            toQueueDayId: target.id,
            toDate: target.date,
            toDoctorId: doctorId,
            ticket: moved.ticket,
            scheduledAt: input.scheduledAt,
          },
        },
        to: {
          type: QUEUE_EVENT.RESCHEDULED_IN,
          appointmentId: a.id,
          data: {
            fromQueueDayId: source.id,
            fromDate: source.date,
            fromDoctorId: source.doctorId,
            fromTicket: a.ticket,
            fromScheduledAt: a.scheduledAt,
          },
          extra: { scheduledAt: input.scheduledAt, ticket: moved.ticket },
        },
      };
    },
    opts,
  );
  // Its place before (on the old day) and after (on the new one); the version is the new day's.
  return { ...to, fromPosition: from.fromPosition };
}
