// The no-show sweeper: every 30 s on each instance. Idempotent and safe on many instances: each
// no-show is a queue change under the QueueDay's row lock that re-checks the status and due time.
// Each sweep also ends the push subscriptions of visits that are over (push.ts).

import { now as clockNow } from "../clock.ts";
import { findNoShowCandidates } from "../db/queue-repo.ts";
import { DomainError } from "../domain/errors.ts";
import { effectiveNoShowDueAt } from "../domain/transitions.ts";
import { env } from "../env.ts";
import { errorField, log } from "../log.ts";
import { endOldPushSubscriptions } from "./push.ts";
import { markNoShowIfStillBooked } from "./queue-no-shows.ts";

export const SWEEPER_ACTOR = "system:sweeper";

/**
 * Marks every BOOKED appointment due (staff-scheduled time, else the grace); returns how many.
 * `now` pins the clock (tests); without it each change takes its own time under the lock.
 */
export async function sweepNoShows(pinned?: Date): Promise<number> {
  const now = pinned ?? clockNow();
  const defaultGrace = env().NO_SHOW_GRACE;
  const candidates = await findNoShowCandidates(now);
  let marked = 0;
  for (const a of candidates) {
    const grace = a.hospital.noShowGraceMinutes ?? defaultGrace;
    if (effectiveNoShowDueAt(a, grace).getTime() > now.getTime()) continue;
    try {
      if (await markNoShowIfStillBooked(a.queueDayId, a.id, SWEEPER_ACTOR, { now: pinned })) marked++;
    } catch (err) {
      if (!(err instanceof DomainError)) log.error(errorField(err), "[sweeper] marking a no-show failed");
    }
  }
  return marked;
}

export function startSweeper(intervalMs = 30_000) {
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    sweepNoShows()
      .then(() => endOldPushSubscriptions())
      .catch((err) => log.error(errorField(err), "[sweeper] sweep failed"))
      .finally(() => {
        running = false;
      });
  }, intervalMs);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
