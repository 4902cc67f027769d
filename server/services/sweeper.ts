// The no-show sweeper: every 30 s on each instance. Idempotent and safe on many instances: each
// no-show is a queue change under the QueueDay's row lock that re-checks the status first.
import { findBookedStartedBefore } from "../db/queue-repo.ts";
import { DomainError } from "../domain/errors.ts";
import { noShowDueAt } from "../domain/transitions.ts";
import { env } from "../env.ts";
import { markNoShowIfStillBooked } from "./queue-changes.ts";

export async function sweepNoShows(now = new Date()): Promise<number> {
  const defaultGrace = env().NO_SHOW_GRACE;
  const candidates = await findBookedStartedBefore(now);
  let marked = 0;
  for (const a of candidates) {
    const grace = a.hospital.noShowGraceMinutes ?? defaultGrace;
    if (noShowDueAt(a.scheduledAt, grace).getTime() > now.getTime()) continue;
    try {
      if (
        await markNoShowIfStillBooked(
          a.queueDayId,
          a.id,
          "system:sweeper",
          `no arrival ${grace} min after the slot start`,
        )
      )
        marked++;
    } catch (err) {
      if (!(err instanceof DomainError)) console.error("[sweeper]", err);
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
      .catch((err) => console.error("[sweeper]", err))
      .finally(() => {
        running = false;
      });
  }, intervalMs);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
