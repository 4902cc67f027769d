// Appointments from the hospital's other systems: book, record payment, reschedule, cancel.
// Each answers with the queue version and returns the tracking link where there is a new one.
import { z } from "zod";
import {
  bookAppointment,
  cancelFromApi,
  recordPayment,
  rescheduleAppointment,
} from "../../services/intake.ts";
import type { QueueScope } from "../../services/queue-changes.ts";
import { roleProcedure, router } from "../init.ts";
import { ZId, ZInstant } from "../schemas/primitives.ts";
import { ZChangeOutput } from "../schemas/rest.ts";
import { ZText } from "../schemas/text.ts";

const intake = roleProcedure("book or change appointments", ["ADMIN", "RECEPTIONIST"], "intake");
const ZKey = z.string().trim().min(8, "Use an idempotency key of at least 8 characters.").max(128);
const when = z.date().meta({ type: "string", format: "date-time" });

export const ZBookInput = z.object({
  doctorId: ZId,
  patientName: ZText(120),
  phone: ZText(32, { min: 0 }).optional(),
  scheduledAt: ZInstant,
  bookedAt: ZInstant.optional(),
  paidAt: ZInstant.nullish(),
  priority: z.enum(["NORMAL", "URGENT"]).optional(),
  idempotencyKey: ZKey,
});

const ZBookOutput = z.object({
  appointmentId: z.string(),
  ticket: z.number().int(),
  doctorId: z.string(),
  date: z.string(),
  scheduledAt: when,
  version: z.number().int(),
  position: z.number().int().nullable(),
  trackingUrl: z.string(),
  trackingToken: z.string(),
});

const scopeOf = (staff: { hospitalId: string }): QueueScope => ({ hospitalId: staff.hospitalId });
const actorOf = (staff: { id: string }) => `staff:${staff.id}`;

export const appointmentsRouter = router({
  create: intake
    .meta({
      openapi: {
        method: "POST",
        path: "/appointments",
        tags: ["appointments"],
        protect: true,
        summary: "Book an appointment (idempotent)",
      },
    })
    .input(ZBookInput)
    .output(ZBookOutput)
    .mutation(({ ctx, input }) =>
      bookAppointment(scopeOf(ctx.staff), { ...input, paidAt: input.paidAt ?? null }, actorOf(ctx.staff)),
    ),

  recordPayment: intake
    .meta({
      openapi: {
        method: "POST",
        path: "/appointments/{appointmentId}/payment",
        tags: ["appointments"],
        protect: true,
      },
    })
    .input(z.object({ appointmentId: ZId, paidAt: ZInstant.optional(), idempotencyKey: ZKey.optional() }))
    .output(ZChangeOutput)
    .mutation(({ ctx, input }) => recordPayment(scopeOf(ctx.staff), input, actorOf(ctx.staff))),

  reschedule: intake
    .meta({
      openapi: {
        method: "POST",
        path: "/appointments/{appointmentId}/reschedule",
        tags: ["appointments"],
        protect: true,
      },
    })
    .input(z.object({ appointmentId: ZId, scheduledAt: ZInstant, idempotencyKey: ZKey.optional() }))
    .output(ZChangeOutput)
    .mutation(({ ctx, input }) => rescheduleAppointment(scopeOf(ctx.staff), input, actorOf(ctx.staff))),

  cancel: intake
    .meta({
      openapi: {
        method: "POST",
        path: "/appointments/{appointmentId}/cancel",
        tags: ["appointments"],
        protect: true,
      },
    })
    .input(
      z.object({
        appointmentId: ZId,
        reason: ZText(500, { min: 0 }).optional(),
        idempotencyKey: ZKey.optional(),
      }),
    )
    .output(ZChangeOutput)
    .mutation(({ ctx, input }) => cancelFromApi(scopeOf(ctx.staff), input, actorOf(ctx.staff))),
});
