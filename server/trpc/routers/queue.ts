// Staff queue procedures: thin; rules live in the domain, I/O in the services.
import { tracked } from "@trpc/server";
import { z } from "zod";
import { listDoctors } from "../../db/queue-repo.ts";
import { DomainError } from "../../domain/errors.ts";
import { localDateOf } from "../../domain/time.ts";
import { getHub } from "../../realtime/hub.ts";
import { latestValues } from "../../realtime/latest.ts";
import { boardFor, queueDayFor } from "../../services/board.ts";
import { callNext, checkIn, completeConsultation, startConsultation } from "../../services/queue-changes.ts";
import type { QueueSnapshot } from "../../services/snapshot.ts";
import { roleProcedure, router } from "../init.ts";

const runQueue = roleProcedure("run the queue", ["ADMIN", "RECEPTIONIST", "DOCTOR"]);
const reception = roleProcedure("run every doctor's queue", ["ADMIN", "RECEPTIONIST"]);

const ZId = z.string().trim().min(1).max(64);
export const ZDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "Use a date like 2026-06-04.")
  .refine((d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)), "That date does not exist.");
export const ZBoardInput = z.object({ date: ZDate.optional() });
export const ZAppointmentInput = z.object({ appointmentId: ZId });
export const ZCheckInInput = z.object({ appointmentId: ZId, force: z.boolean().optional() });
export const ZCallNextInput = z.object({ doctorId: ZId, date: ZDate.optional() });

type Staff = {
  id: string;
  hospitalId: string;
  role: string;
  doctorId: string | null;
  hospital: { timeZone: string };
};
const actorOf = (staff: Staff) => `staff:${staff.id}`;

/** A doctor may act only on their own queue. */
function assertOwnQueue(staff: Staff, doctorId: string) {
  if (staff.role === "DOCTOR" && staff.doctorId !== doctorId) {
    throw new DomainError("FORBIDDEN", "Doctors can only run their own queue.");
  }
}

export const queueRouter = router({
  doctors: runQueue.query(({ ctx }) => listDoctors(ctx.staff.hospitalId)),

  board: runQueue.input(ZBoardInput).query(({ ctx, input }) => {
    const date = input.date ?? localDateOf(new Date(), ctx.staff.hospital.timeZone);
    return boardFor(ctx.staff.hospitalId, date, ctx.staff.role === "DOCTOR" ? ctx.staff.doctorId : null);
  }),

  /** Every change to the hospital's queues for a date, as snapshots (id = queueDay:version). */
  onBoard: runQueue.input(ZBoardInput).subscription(async function* ({ ctx, input, signal }) {
    const date = input.date ?? localDateOf(new Date(), ctx.staff.hospital.timeZone);
    const own = ctx.staff.role === "DOCTOR" ? ctx.staff.doctorId : null;
    const updates = latestPerTopic(ctx.staff.hospitalId, signal);
    for await (const snapshot of updates) {
      if (snapshot.date !== date || (own && snapshot.doctorId !== own)) continue;
      yield tracked(`${snapshot.queueDayId}:${snapshot.version}`, snapshot);
    }
  }),

  checkIn: reception
    .input(ZCheckInInput)
    .mutation(({ ctx, input }) =>
      checkIn(ctx.staff.hospitalId, input.appointmentId, actorOf(ctx.staff), { force: input.force }),
    ),

  callNext: runQueue.input(ZCallNextInput).mutation(async ({ ctx, input }) => {
    assertOwnQueue(ctx.staff, input.doctorId);
    const date = input.date ?? localDateOf(new Date(), ctx.staff.hospital.timeZone);
    const queueDayId = await queueDayFor(ctx.staff.hospitalId, input.doctorId, date);
    return callNext(queueDayId, actorOf(ctx.staff));
  }),

  start: runQueue
    .input(ZAppointmentInput)
    .mutation(({ ctx, input }) =>
      startConsultation(ctx.staff.hospitalId, input.appointmentId, actorOf(ctx.staff)),
    ),

  complete: runQueue
    .input(ZAppointmentInput)
    .mutation(({ ctx, input }) =>
      completeConsultation(ctx.staff.hospitalId, input.appointmentId, actorOf(ctx.staff)),
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
