// How far a hospital's queues reach: a queue day is opened (its row written) only from the
// hospital's today up to MAX_AHEAD_DAYS ahead, the horizon bookings have too. A day outside it
// has no queue to change or to follow, so asking for one writes nothing.
import { DomainError } from "./errors.ts";
import { addDays } from "./time.ts";

/** Bookings, reschedules, walk-ins and new queue days reach at most this many days ahead. */
export const MAX_AHEAD_DAYS = 400;

/** Refuses to open the queue of the local `date` once that day is over or past the horizon. */
export function assertQueueDayCanOpen(date: string, today: string) {
  if (date < today)
    throw new DomainError("DAY_PASSED", `There was no queue on ${date}, and that day is over.`);
  if (date > addDays(today, MAX_AHEAD_DAYS))
    throw new DomainError("DAY_TOO_FAR_AHEAD", `Queues can be opened at most ${MAX_AHEAD_DAYS} days ahead.`);
}
