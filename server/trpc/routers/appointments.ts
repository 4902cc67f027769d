// Appointments from the hospital's other systems: book, record payment, reschedule, cancel.
// Each answers with the queue version and returns the tracking link where there is a new one.
import { z } from "zod";
import { isSearchableQuery } from "../../domain/patient-search.ts";
import { APPOINTMENT_STATUSES } from "../../domain/types.ts";
import { updateAppointmentDetails } from "../../services/appointment-details.ts";
import { appointmentDetails, findAppointments } from "../../services/appointment-search.ts";
import { bookAppointment, cancelFromApi, recordPayment } from "../../services/intake.ts";
import { type QueueScope, scopeOfStaff } from "../../services/queue-changes.ts";
import { rescheduleAppointment } from "../../services/reschedule.ts";
import { hospitalToday } from "../context.ts";
import { roleProcedure, router } from "../init.ts";
import { ZId, ZInstant } from "../schemas/primitives.ts";
import { ZChangeOutput } from "../schemas/rest.ts";
import { ZText } from "../schemas/text.ts";

const intake = roleProcedure("book or change appointments", ["ADMIN", "RECEPTIONIST"], "intake");
// Finding a patient is a read: every staff role, a doctor only among their own patients.
const find = roleProcedure("find patients", ["ADMIN", "RECEPTIONIST", "DOCTOR"], "intake");
const ZKey = z.string().trim().min(8, "Use an idempotency key of at least 8 characters.").max(128);
const when = z.date().meta({ type: "string", format: "date-time" });

/** Staff book into a full slot on purpose (the doctor's places per hour are a plan, not a wall). */
const ZOverbook = z.boolean().optional().meta({
  description: "Book even when the hour slot already holds the doctor's places per hour (else 409 SLOT_FULL)",
});

export const ZBookInput = z.object({
  doctorId: ZId,
  patientName: ZText(120),
  phone: ZText(32, { min: 0 }).optional(),
  /** The reason for the visit (staff only; never on the patient's page or the display). */
  note: ZText(500, { min: 0 }).optional(),
  scheduledAt: ZInstant,
  bookedAt: ZInstant.optional(),
  paidAt: ZInstant.nullish(),
  priority: z.enum(["NORMAL", "URGENT"]).optional(),
  overbook: ZOverbook,
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

const ZRescheduleOutput = ZChangeOutput.extend({
  ticket: z.number().int().meta({ description: "The ticket on the (new) queue day" }),
  doctorId: z.string(),
  date: z.string().meta({ description: "hospital-local YYYY-MM-DD of the new time" }),
  scheduledAt: when,
});

export const ZSearchInput = z.object({
  q: ZText(100).refine(isSearchableQuery, "Type at least 2 characters, or # and a ticket number."),
  limit: z.coerce.number().int().min(1).max(50).default(20),
});

const ZSearchOutput = z.object({
  matches: z.array(
    z.object({
      appointmentId: z.string(),
      patientName: z.string(),
      phone: z.string().nullable(),
      doctor: z.object({ id: z.string(), name: z.string() }),
      date: z.string().meta({ description: "hospital-local YYYY-MM-DD" }),
      scheduledAt: when,
      ticket: z.number().int(),
      status: z.enum(APPOINTMENT_STATUSES),
      priority: z.enum(["NORMAL", "URGENT"]),
      paid: z.boolean(),
      note: z.string().nullable(),
      actions: z.object({
        canCheckIn: z.boolean(),
        canReschedule: z.boolean(),
        canCancel: z.boolean(),
        canRecordPayment: z.boolean(),
        canEdit: z.boolean(),
      }),
    }),
  ),
});

const scopeOf = (staff: { hospitalId: string }): QueueScope => ({ hospitalId: staff.hospitalId });
const actorOf = (staff: { id: string }) => `staff:${staff.id}`;

export const appointmentsRouter = router({
  /** Today's matches first, then upcoming days by time, then the last 30 days newest first. */
  search: find
    .meta({
      openapi: {
        method: "GET",
        path: "/appointments/search",
        tags: ["appointments"],
        protect: true,
        summary: "Find a patient's appointments by name, phone or today's ticket",
      },
    })
    .input(ZSearchInput)
    .output(ZSearchOutput)
    .query(async ({ ctx, input }) => ({
      matches: await findAppointments(scopeOfStaff(ctx.staff), { ...input, today: hospitalToday(ctx) }),
    })),

  /** The patient's name and phone on file and the visit's note, for "Edit details". */
  details: intake
    .meta({
      openapi: {
        method: "GET",
        path: "/appointments/{appointmentId}/details",
        tags: ["appointments"],
        protect: true,
        summary: "The patient's name and phone on file, and the visit's note",
      },
    })
    .input(z.object({ appointmentId: ZId }))
    .output(
      z.object({
        appointmentId: z.string(),
        patientName: z.string(),
        phone: z.string().nullable(),
        note: z.string().nullable(),
      }),
    )
    .query(({ ctx, input }) => appointmentDetails(scopeOf(ctx.staff), input.appointmentId)),

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

  /** Corrects the patient's name or phone, or the visit's note ("" clears phone and note). */
  update: intake
    .meta({
      openapi: {
        method: "PATCH",
        path: "/appointments/{appointmentId}",
        tags: ["appointments"],
        protect: true,
        summary: "Correct the patient's name or phone, or the visit's note",
      },
    })
    .input(
      z
        .object({
          appointmentId: ZId,
          patientName: ZText(120).optional(),
          phone: ZText(32, { min: 0 }).optional(),
          note: ZText(500, { min: 0 }).optional(),
        })
        .refine(
          (i) => i.patientName !== undefined || i.phone !== undefined || i.note !== undefined,
          "Give a new name, phone or note to change.",
        ),
    )
    .output(ZChangeOutput)
    .mutation(({ ctx, input }) => updateAppointmentDetails(scopeOf(ctx.staff), input, actorOf(ctx.staff))),

  /**
   * A new time, day or doctor. Another day or doctor gives a new ticket on that day; the tracking
   * link stays the same and follows the appointment.
   */
  reschedule: intake
    .meta({
      openapi: {
        method: "POST",
        path: "/appointments/{appointmentId}/reschedule",
        tags: ["appointments"],
        protect: true,
        summary: "Move an appointment to another time, day or doctor (idempotent with a key)",
      },
    })
    .input(
      z.object({
        appointmentId: ZId,
        scheduledAt: ZInstant,
        doctorId: ZId.optional().meta({ description: "Another doctor; the appointment's own when left out" }),
        overbook: ZOverbook,
        idempotencyKey: ZKey.optional(),
      }),
    )
    .output(ZRescheduleOutput)
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
