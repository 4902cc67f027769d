// Staff reads of a doctor's day by slot: the queue, positions, the slot-based queue, overlaps of a
// window and suggested slots. Thin: validation here, scoping and I/O in services/slots.ts.
import { z } from "zod";
import type { SessionStaff } from "../../auth/session.ts";
import { scopeOfStaff } from "../../services/queue-changes.ts";
import {
  buildQueue,
  getQueuePosition,
  getSlotBasedQueue,
  getSlotQueuePosition,
  getWeekSummary,
  handleSlotOverlaps,
  type ReadScope,
  suggestOptimalSlots,
} from "../../services/slots.ts";
import { hospitalToday } from "../context.ts";
import { roleProcedure, router } from "../init.ts";
import { inSupportedYears, ZId, ZLocalDate } from "../schemas/primitives.ts";

export const readSlots = roleProcedure("read a doctor's queue and slots", [
  "ADMIN",
  "RECEPTIONIST",
  "DOCTOR",
]);

/** An ISO time: with an offset or Z it is that instant; without one, hospital-local time. */
const ZSlotTime = z.union([
  inSupportedYears(z.date()),
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
export const today = hospitalToday;

export const slotsRouter = router({
  /** buildQueue: the doctor's queue for a date (default today), in order. */
  queue: readSlots
    .input(ZDoctorDayInput)
    .query(({ ctx, input }) => buildQueue(scopeOf(ctx.staff), input.doctorId, input.date ?? today(ctx))),

  /** getQueuePosition: an appointment's place in its queue. */
  position: readSlots
    .input(ZAppointmentInput)
    .query(({ ctx, input }) => getQueuePosition(scopeOf(ctx.staff), input.appointmentId)),

  /** GET /api/appointments/queue/slot-based/:doctorId?date= */
  slotBased: readSlots
    .input(ZDoctorDayInput)
    .query(({ ctx, input }) =>
      getSlotBasedQueue(scopeOf(ctx.staff), input.doctorId, input.date ?? today(ctx)),
    ),

  /** POST /api/appointments/queue/slot-overlaps/:doctorId { slotStartTime, slotEndTime } (a read). */
  overlaps: readSlots
    .input(ZOverlapsInput)
    .query(({ ctx, input }) =>
      handleSlotOverlaps(scopeOf(ctx.staff), input.doctorId, input.slotStartTime, input.slotEndTime),
    ),

  /** A doctor's week from the Monday of `date` (default today): booked and free places per day. */
  week: readSlots
    .input(ZDoctorDayInput)
    .query(({ ctx, input }) => getWeekSummary(scopeOf(ctx.staff), input.doctorId, input.date ?? today(ctx))),

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
