// What a tracking link returns. Also the REST response schema (OpenAPI) and a guard: output is
// parsed against it, so a field not listed here (another patient's data) can never leave.
import { z } from "zod";
import { PLACE_CAUSES } from "../../domain/place-change.ts";
import { APPOINTMENT_STATUSES } from "../../domain/types.ts";

const when = z.date().meta({ type: "string", format: "date-time" });

export const ZQueueStatus = z.enum([
  "waiting",
  "checked_in",
  "next",
  "called",
  "in_consultation",
  "completed",
  "no_show",
  "cancelled",
]);

export const ZTrackingData = z.object({
  appointment: z.object({
    id: z.string(),
    ticket: z.number().int(),
    status: z.enum(APPOINTMENT_STATUSES),
    scheduledAt: when,
    slot: z.string().meta({ description: "Local 1-hour slot, e.g. 10:00–11:00" }),
    doctor: z.object({ name: z.string(), room: z.string() }),
    hospital: z.object({
      name: z.string(),
      timeZone: z.string(),
      languages: z.array(z.string()).meta({
        description: 'Languages the patient page offers (the hospital\'s choice), e.g. ["en", "es"]',
      }),
      checkInWindowMinutes: z.number().int().meta({
        description: "Check-in opens this many minutes before the start of the appointment's 1-hour slot",
      }),
    }),
  }),
  queue: z.object({
    position: z
      .number()
      .int()
      .nullable()
      .meta({ description: "1 = next to be called; 0 once called; null when the visit is over" }),
    peopleAhead: z.number().int().nullable(),
    estimatedWaitTime: z.number().int().nullable().meta({ description: "minutes" }),
    estimatedStartAt: when.nullable(),
    likelyWaitTime: z.object({ from: z.number().int(), to: z.number().int() }).nullable().meta({
      description: "Minutes: the wait likely lies between these (about 4 in 5 patients start inside it)",
    }),
    queueStatus: ZQueueStatus,
    message: z.string(),
    totalWaiting: z.number().int(),
    placeChange: z.enum(PLACE_CAUSES).nullable().meta({
      description:
        "Why this update gave a higher place number (further back): urgent, arrived, arrivedPresent, added, returned, reordered, late, other; null when it did not",
    }),
  }),
  notice: z
    .object({ message: z.string(), delayMinutes: z.number(), priority: z.string(), since: when.nullable() })
    .nullable(),
  paused: z.boolean(),
  version: z.number().int(),
  updatedAt: when,
});
