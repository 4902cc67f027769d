// Staff queue procedures: thin; rules live in the domain, I/O in the services.
import { tracked } from "@trpc/server";
import { z } from "zod";
import type { Clock } from "../../clock.ts";
import { listDoctors } from "../../db/queue-repo.ts";
import { getHub } from "../../realtime/hub.ts";
import { latestValues } from "../../realtime/latest.ts";
import { boardFor } from "../../services/board.ts";
import { broadcastClinicNotice, clearClinicNotice } from "../../services/clinic-notice.ts";
import {
  callNext,
  cancelAppointment,
  checkIn,
  completeConsultation,
  type QueueScope,
  scopeOfStaff,
  startConsultation,
} from "../../services/queue-changes.ts";
import {
  cancelScheduledNoShow,
  MAX_LATE_MINUTES,
  markNoShow,
  recordRunningLate,
  restoreNoShow,
} from "../../services/queue-no-shows.ts";
import {
  broadcastEmergency,
  clearEmergency,
  NOTICE_PRIORITIES,
  pauseQueue,
  resumeQueue,
} from "../../services/queue-notices.ts";
import { moveToPosition, setPriority } from "../../services/queue-order.ts";
import { undoLastChange } from "../../services/queue-undo.ts";
import type { QueueSnapshot } from "../../services/snapshot.ts";
import { bookWalkIn } from "../../services/walk-in.ts";
import { hospitalToday } from "../context.ts";
import { roleProcedure, router } from "../init.ts";
import { ZLocalDate as ZDate, ZId } from "../schemas/primitives.ts";
import { ZCheckInOutput, ZEmergencyOutput, ZMoveOutput, ZNoShowOutput } from "../schemas/rest.ts";
import { ZText } from "../schemas/text.ts";

// Receptionists and admins run every queue of their hospital; a doctor only their own (the
// services check it through the scope, with the appointment's doctor for appointment changes).
const runQueue = roleProcedure("run the queue", ["ADMIN", "RECEPTIONIST", "DOCTOR"], "queue").use(
  // Before any procedure (subscriptions included): a doctor's account linked to no doctor is refused.
  ({ ctx, next }) => {
    scopeOfStaff(ctx.staff);
    return next();
  },
);

/** Reception and admins speak for the whole clinic; a doctor only for their own queue. */
const clinicWide = roleProcedure("send a notice to every doctor's queue", ["ADMIN", "RECEPTIONIST"], "queue");

const ZReason = ZText(500);
const ZTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, "Use a time like 14:00.");
export const ZBoardInput = z.object({ date: ZDate.optional() });
export const ZAppointmentInput = z.object({ appointmentId: ZId });
export const ZCheckInInput = z.object({ appointmentId: ZId, force: z.boolean().optional() });
export const ZDoctorDayInput = z.object({ doctorId: ZId, date: ZDate.optional() });
export const ZCallNextInput = ZDoctorDayInput;
export const ZNoShowInput = z.object({
  appointmentId: ZId,
  /** Minutes after the appointment time; default the hospital's grace (NO_SHOW_GRACE). */
  gracePeriod: z.number().int().min(0).max(720).optional(),
});
export const ZMoveInput = z.object({ appointmentId: ZId, newPosition: z.number().int().min(1).max(10_000) });
export const ZCancelInput = z.object({ appointmentId: ZId, reason: ZReason.optional() });
export const ZPriorityInput = z.object({ appointmentId: ZId, priority: z.enum(["NORMAL", "URGENT"]) });
export const ZWalkInInput = z.object({
  doctorId: ZId,
  date: ZDate.optional(),
  time: ZTime.optional(),
  patientName: ZText(120),
  phone: z
    .string()
    .trim()
    .max(32)
    .regex(/^\+?[\d\s().-]{3,}$/, "Use digits, spaces and an optional leading +.")
    .optional(),
  paid: z.boolean().optional(),
  /** The reason for the visit (staff only; never on the patient's page or the display). */
  note: ZText(500, { min: 0 }).optional(),
  priority: z.enum(["NORMAL", "URGENT"]).optional(),
  idempotencyKey: ZId.optional(),
});
export const ZEmergencyInput = z.object({
  doctorId: ZId,
  date: ZDate.optional(),
  message: ZText(500),
  // The seed sends "high"; staff tools may send "HIGH".
  priority: z.preprocess(
    (v) => (typeof v === "string" ? v.trim().toLowerCase() : v),
    z.enum(NOTICE_PRIORITIES).default("normal"),
  ),
  estimatedDelay: z.number().int().min(0).max(600).default(0),
  expiresInMinutes: z.number().int().min(1).max(1440).optional(),
});
/** The emergency notice for the whole clinic: today's queue of every active doctor. */
export const ZClinicNoticeInput = ZEmergencyInput.omit({ doctorId: true, date: true });
export const ZPauseInput = z.object({ doctorId: ZId, date: ZDate.optional(), reason: ZReason.optional() });

export type TMoveInput = z.infer<typeof ZMoveInput>;
export type TNoShowInput = z.infer<typeof ZNoShowInput>;
export type TWalkInInput = z.infer<typeof ZWalkInInput>;
export type TEmergencyInput = z.infer<typeof ZEmergencyInput>;

type Staff = {
  id: string;
  hospitalId: string;
  role: "ADMIN" | "RECEPTIONIST" | "DOCTOR";
  doctorId: string | null;
  hospital: { timeZone: string };
};
const actorOf = (staff: Staff) => `staff:${staff.id}`;
/** A doctor's scope is their own queue (server/services/queue-changes.ts decides it for every router). */
const scopeOf = (staff: Staff): QueueScope => scopeOfStaff(staff);
/** The asked date, or today in the hospital's time zone. */
const dayOf = (ctx: { clock: Clock; staff: Staff }, date: string | undefined) => date ?? hospitalToday(ctx);

export const queueRouter = router({
  doctors: runQueue.query(({ ctx }) => listDoctors(ctx.staff.hospitalId)),

  board: runQueue.input(ZBoardInput).query(({ ctx, input }) => {
    const date = dayOf(ctx, input.date);
    return boardFor(ctx.staff.hospitalId, date, scopeOfStaff(ctx.staff).onlyDoctorId ?? null);
  }),

  /** Every change to the hospital's queues for a date, as snapshots (id = queueDay:version). */
  onBoard: runQueue.input(ZBoardInput).subscription(async function* ({ ctx, input, signal }) {
    const date = dayOf(ctx, input.date);
    const own = scopeOfStaff(ctx.staff).onlyDoctorId ?? null;
    const updates = latestPerTopic(ctx.staff.hospitalId, signal);
    for await (const snapshot of updates) {
      if (snapshot.date !== date || (own && snapshot.doctorId !== own)) continue;
      yield tracked(`${snapshot.queueDayId}:${snapshot.version}`, snapshot);
    }
  }),

  checkIn: runQueue
    .meta({
      openapi: {
        method: "POST",
        path: "/appointments/queue/early-arrival/{appointmentId}",
        tags: ["queue"],
        protect: true,
        summary: "Early arrival / check-in",
      },
    })
    .output(ZCheckInOutput)
    .input(ZCheckInInput)
    .mutation(({ ctx, input }) =>
      checkIn(scopeOf(ctx.staff), input.appointmentId, actorOf(ctx.staff), { force: input.force }),
    ),

  markNoShow: runQueue
    .meta({
      openapi: {
        method: "POST",
        path: "/appointments/queue/no-show/{appointmentId}",
        tags: ["queue"],
        protect: true,
        summary: "No-show, with a grace period",
      },
    })
    .output(ZNoShowOutput)
    .input(ZNoShowInput)
    .mutation(({ ctx, input }) =>
      markNoShow(scopeOf(ctx.staff), input.appointmentId, actorOf(ctx.staff), {
        gracePeriod: input.gracePeriod,
      }),
    ),

  /** Takes back a no-show scheduled ahead (noShowDueAt); the same people as markNoShow may. */
  cancelNoShow: runQueue
    .input(ZAppointmentInput)
    .mutation(({ ctx, input }) =>
      cancelScheduledNoShow(scopeOf(ctx.staff), input.appointmentId, actorOf(ctx.staff)),
    ),

  /** The patient phoned: running late by `minutes` (their estimate and no-show grace follow). */
  runningLate: runQueue
    .input(
      z.object({
        appointmentId: ZId,
        minutes: z.number().int().min(5, "At least 5 minutes.").max(MAX_LATE_MINUTES, "At most 3 hours."),
      }),
    )
    .mutation(({ ctx, input }) =>
      recordRunningLate(scopeOf(ctx.staff), input.appointmentId, input.minutes, actorOf(ctx.staff)),
    ),

  restore: runQueue
    .input(ZAppointmentInput)
    .mutation(({ ctx, input }) => restoreNoShow(scopeOf(ctx.staff), input.appointmentId, actorOf(ctx.staff))),

  move: runQueue
    .meta({
      openapi: {
        method: "POST",
        path: "/appointments/queue/move/{appointmentId}",
        tags: ["queue"],
        protect: true,
        summary: "Move to a position",
      },
    })
    .output(ZMoveOutput)
    .input(ZMoveInput)
    .mutation(({ ctx, input }) =>
      moveToPosition(scopeOf(ctx.staff), input.appointmentId, input.newPosition, actorOf(ctx.staff)),
    ),

  callNext: runQueue
    .input(ZCallNextInput)
    .mutation(({ ctx, input }) =>
      callNext(scopeOf(ctx.staff), input.doctorId, dayOf(ctx, input.date), actorOf(ctx.staff)),
    ),

  start: runQueue
    .input(ZAppointmentInput)
    .mutation(({ ctx, input }) =>
      startConsultation(scopeOf(ctx.staff), input.appointmentId, actorOf(ctx.staff)),
    ),

  complete: runQueue
    .input(ZAppointmentInput)
    .mutation(({ ctx, input }) =>
      completeConsultation(scopeOf(ctx.staff), input.appointmentId, actorOf(ctx.staff)),
    ),

  cancel: runQueue.input(ZCancelInput).mutation(({ ctx, input }) =>
    cancelAppointment(scopeOf(ctx.staff), input.appointmentId, actorOf(ctx.staff), {
      reason: input.reason,
    }),
  ),

  setPriority: runQueue
    .input(ZPriorityInput)
    .mutation(({ ctx, input }) =>
      setPriority(scopeOf(ctx.staff), input.appointmentId, input.priority, actorOf(ctx.staff)),
    ),

  undo: runQueue
    .input(ZAppointmentInput)
    .mutation(({ ctx, input }) =>
      undoLastChange(scopeOf(ctx.staff), input.appointmentId, actorOf(ctx.staff)),
    ),

  walkIn: runQueue
    .input(ZWalkInInput)
    .mutation(({ ctx, input }) =>
      bookWalkIn(scopeOf(ctx.staff), { ...input, date: dayOf(ctx, input.date) }, actorOf(ctx.staff)),
    ),

  emergency: runQueue
    .meta({
      openapi: {
        method: "POST",
        path: "/appointments/queue/emergency/{doctorId}",
        tags: ["queue"],
        protect: true,
        summary: "Broadcast a delay or emergency notice",
      },
    })
    .output(ZEmergencyOutput)
    .input(ZEmergencyInput)
    .mutation(({ ctx, input }) =>
      broadcastEmergency(scopeOf(ctx.staff), { ...input, date: dayOf(ctx, input.date) }, actorOf(ctx.staff)),
    ),

  clearEmergency: runQueue
    .input(ZDoctorDayInput)
    .mutation(({ ctx, input }) =>
      clearEmergency(scopeOf(ctx.staff), input.doctorId, dayOf(ctx, input.date), actorOf(ctx.staff)),
    ),

  pause: runQueue.input(ZPauseInput).mutation(({ ctx, input }) =>
    pauseQueue(scopeOf(ctx.staff), input.doctorId, dayOf(ctx, input.date), actorOf(ctx.staff), {
      reason: input.reason,
    }),
  ),

  /** One notice to every active doctor's queue of today (a fire drill); refusals are listed, not thrown. */
  clinicNotice: clinicWide
    .input(ZClinicNoticeInput)
    .mutation(({ ctx, input }) =>
      broadcastClinicNotice(ctx.staff.hospitalId, { ...input, date: hospitalToday(ctx) }, actorOf(ctx.staff)),
    ),

  /** Takes the notice down from every active doctor's queue of today. */
  clearClinicNotice: clinicWide.mutation(({ ctx }) =>
    clearClinicNotice(ctx.staff.hospitalId, hospitalToday(ctx), actorOf(ctx.staff)),
  ),

  resume: runQueue
    .input(ZDoctorDayInput)
    .mutation(({ ctx, input }) =>
      resumeQueue(scopeOf(ctx.staff), input.doctorId, dayOf(ctx, input.date), actorOf(ctx.staff)),
    ),
});

/** Board listeners get every queue day's snapshot; a queue of them keeps each topic's newest. */
function latestPerTopic(hospitalId: string, signal?: AbortSignal): AsyncIterable<QueueSnapshot> {
  const pending = new Map<string, QueueSnapshot>();
  const iterable = latestValues<true>(
    (push) =>
      getHub().subscribeHospital(hospitalId, (snapshot) => {
        pending.set(snapshot.topic, snapshot);
        push(true);
      }),
    signal,
  );
  return {
    async *[Symbol.asyncIterator]() {
      for await (const _ of iterable) {
        const batch = [...pending.values()];
        pending.clear();
        yield* batch;
      }
    },
  };
}
