// The input primitives every procedure shares: ONE id, ONE hospital-local date and ONE instant, all
// in the same supported years (server/domain/time.ts), so no two paths accept different things.
import { z } from "zod";
import {
  EARLIEST_INSTANT,
  END_OF_SUPPORTED_YEARS,
  isSupportedDate,
  SUPPORTED_YEARS,
} from "../../domain/time.ts";

/** A record's id as clients send it (cuid today; any opaque string up to 64 characters). */
export const ZId = z.string().trim().min(1).max(64);

const YEARS = `${SUPPORTED_YEARS.first} to ${SUPPORTED_YEARS.last}`;

/** A hospital-local calendar date that exists ("2026-02-30" does not), in the supported years. */
export const ZLocalDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, { message: "Use a date like 2026-06-04.", abort: true })
  .refine(
    (d) => {
      const year = Number(d.slice(0, 4));
      return year >= SUPPORTED_YEARS.first && year <= SUPPORTED_YEARS.last;
    },
    { message: `Use a date in the years ${YEARS}.`, abort: true },
  )
  .refine(isSupportedDate, "That date does not exist.");

/** Keeps a Date schema within the supported years (a valid Date can be far outside any calendar). */
export function inSupportedYears(schema: z.ZodDate): z.ZodDate;
export function inSupportedYears(schema: z.ZodCoercedDate): z.ZodCoercedDate;
export function inSupportedYears(schema: z.ZodDate | z.ZodCoercedDate) {
  const message = `Use a time in the years ${YEARS}.`;
  return schema.min(EARLIEST_INSTANT, message).max(new Date(END_OF_SUPPORTED_YEARS.getTime() - 1), message);
}

/** An instant: an ISO 8601 time with an offset (or a Date), in the supported years. */
export const ZInstant = inSupportedYears(
  z.coerce.date({ message: "Use an ISO 8601 time with an offset, e.g. 2026-06-04T14:00:00+05:30." }),
);
