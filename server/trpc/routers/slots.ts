// Staff reads of a doctor's day by slot: the queue, positions, the slot-based queue, overlaps of a
// window and suggested slots. Thin: validation here, scoping and I/O in services/slots.ts.
import { z } from "zod";
import type { SessionStaff } from "../../auth/session.ts";
import { localDateOf } from "../../domain/time.ts";
import { scopeOfStaff } from "../../services/queue-changes.ts";
import {
  buildQueue,
  getQueuePosition,
  getSlotBasedQueue,
  getSlotQueuePosition,
  handleSlotOverlaps,
  type ReadScope,
  suggestOptimalSlots,
} from "../../services/slots.ts";
import { roleProcedure, router } from "../init.ts";

export const readSlots = roleProcedure("read a doctor's queue and slots", [
  "ADMIN",
  "RECEPTIONIST",
  "DOCTOR",
]);

const ZId = z.string().trim().min(1).max(64);
/** A hospital-local calendar date that exists ("2026-02-30" does not), in the years 2000-2099. */
const ZLocalDate = z
  .string()
  .regex(/^20\d{2}-\d{2}-\d{2}$/, "Use a date like 2026-06-04, in the years 2000 to 2099.")
  .refine((d) => {
    const day = new Date(`${d}T00:00:00Z`);
    return !Number.isNaN(day.getTime()) && day.toISOString().slice(0, 10) === d;
  }, "That date does not exist.");
/** An ISO time: with an offset or Z it is that instant; without one, hospital-local time. */
const ZSlotTime = z.union([
  z
    .date()
    .min(new Date("2000-01-01T00:00:00Z"), "Use a time after the year 2000.")
    .max(new Date("2100-01-01T00:00:00Z"), "Use a time before the year 2100."),
  z.iso.datetime({ offset: true, local: true, message: "Use an ISO time like 2026-06-04T14:00:00+05:30." }),
]);

export const ZDoctorDayInput = z.object({ doctorId: ZId, date: ZLocalDate.optional() });
export type TDoctorDayInput = z.infer<typeof ZDoctorDayInput>;
export const ZAppointmentInput = z.object({ appointmentId: ZId });
export type TAppointmentInput = z.infer<typeof ZAppointmentInput>;
export const ZOverlapsInput = z.object({ doctorId: ZId, slotStartTime: ZSlotTime, slotEndTime: ZSlotTime });
export type TOverlapsInput = z.infer<typeof ZOverlapsInput>;
export const ZSuggestInput = z.object({
  doctorId: ZId,
  date: ZLocalDate,
  preferredHour: z.coerce.number().int().min(0).max(23).optional(),
});
export type TSuggestInput = z.infer<typeof ZSuggestInput>;

/** The caller's reach (a doctor: their own queue; a doctor's account with no doctor: refused). */
export const scopeOf = (staff: SessionStaff): ReadScope => scopeOfStaff(staff);
export const today = (staff: SessionStaff) => localDateOf(new Date(), staff.hospital.timeZone);

export const slotsRouter = router({
  /** buildQueue: the doctor's queue for a date (default today), in order. */
  queue: readSlots
    .input(ZDoctorDayInput)
    .query(({ ctx, input }) =>
      buildQueue(scopeOf(ctx.staff), input.doctorId, input.date ?? today(ctx.staff)),
    ),

  /** getQueuePosition: an appointment's place in its queue. */
  position: readSlots
    .input(ZAppointmentInput)
    .query(({ ctx, input }) => getQueuePosition(scopeOf(ctx.staff), input.appointmentId)),

  /** GET /api/appointments/queue/slot-based/:doctorId?date= */
  slotBased: readSlots
    .input(ZDoctorDayInput)
    .query(({ ctx, input }) =>
      getSlotBasedQueue(scopeOf(ctx.staff), input.doctorId, input.date ?? today(ctx.staff)),
    ),

  /** POST /api/appointments/queue/slot-overlaps/:doctorId { slotStartTime, slotEndTime } (a read). */
  overlaps: readSlots
    .input(ZOverlapsInput)
    .query(({ ctx, input }) =>
      handleSlotOverlaps(scopeOf(ctx.staff), input.doctorId, input.slotStartTime, input.slotEndTime),
    ),

  /** GET /api/appointments/queue/slot-position/:appointmentId */
  slotPosition: readSlots
    .input(ZAppointmentInput)
    .query(({ ctx, input }) => getSlotQueuePosition(scopeOf(ctx.staff), input.appointmentId)),

  /** GET /api/appointments/queue/suggest-slots/:doctorId?date=&preferredHour= */
  suggest: readSlots
    .input(ZSuggestInput)
    .query(({ ctx, input }) =>
      suggestOptimalSlots(scopeOf(ctx.staff), input.doctorId, input.date, input.preferredHour ?? null),
    ),
});
