// Response schemas of the REST paths (OpenAPI). Loose objects: they name and check the fields the
// seed promises, and pass the rest through as documented extras.
import { z } from "zod";

/**
 * A loose response schema that checks and documents the promised fields at run time, while the
 * procedure keeps the service's full TypeScript type for tRPC clients.
 */
export function documented<T>(schema: z.ZodType): z.ZodType<T, T> {
  return schema as unknown as z.ZodType<T, T>;
}

const when = z.date().meta({ type: "string", format: "date-time" });

export const ZSuggestionsOutput = z.looseObject({
  doctor: z.looseObject({ id: z.string(), name: z.string() }),
  date: z.string(),
  timeZone: z.string(),
  suggestions: z.array(
    z.looseObject({
      timeSlot: z.string().meta({ description: "local slot, e.g. 14:00-15:00" }),
      start: when,
      currentAppointments: z.number().int(),
      capacity: z.number().int(),
      estimatedWaitTime: z.number().nullable().meta({ description: "minutes" }),
      priorityScore: z.number(),
    }),
  ),
});

export const ZSlotBasedOutput = z.looseObject({
  date: z.string(),
  timeZone: z.string(),
  version: z.number().int(),
  slots: z.array(
    z.looseObject({
      timeSlot: z.string(),
      start: when,
      end: when,
      capacity: z.number().int(),
      overflow: z.number().int(),
      entries: z.array(
        z.looseObject({ appointmentId: z.string(), ticket: z.number().int(), status: z.string() }),
      ),
    }),
  ),
});

export const ZOverlapsOutput = z.looseObject({
  start: when,
  end: when,
  capacity: z.number().int(),
  overflow: z.number().int(),
  entries: z.array(z.looseObject({ appointmentId: z.string(), ticket: z.number().int() })),
});

export const ZSlotPositionOutput = z.looseObject({
  appointmentId: z.string(),
  slotPosition: z.number().int().nullable(),
  slotSize: z.number().int(),
  position: z.number().int().nullable(),
});

export const ZStatisticsOutput = z.looseObject({
  period: z.looseObject({ from: z.string(), to: z.string() }),
  totals: z.looseObject({ appointments: z.number().int() }),
  noShow: z.looseObject({ rate: z.number().nullable() }),
});

/** What every queue change answers: the new queue version and the entry's place before and after. */
export const ZChangeOutput = z.looseObject({
  version: z.number().int(),
  type: z.string(),
  appointmentId: z.string().nullable(),
  fromPosition: z.number().int().nullable(),
  toPosition: z.number().int().nullable(),
});

export const ZCheckInOutput = ZChangeOutput.extend({ checkInOpensAt: when });
export const ZMoveOutput = ZChangeOutput.extend({ position: z.number().int() });
export const ZNoShowOutput = ZChangeOutput.extend({
  status: z.string(),
  scheduled: z
    .boolean()
    .meta({ description: "true: marked later, at noShowDueAt, unless the patient checks in" }),
  noShowDueAt: when.nullable(),
  message: z.string(),
});
export const ZEmergencyOutput = ZChangeOutput.extend({
  queueDayId: z.string(),
  notice: z.looseObject({ message: z.string(), delayMinutes: z.number(), priority: z.string() }),
});
