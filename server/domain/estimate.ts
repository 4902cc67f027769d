// Estimated start times: a small deterministic simulation of the doctor's day from the queue
// snapshot, the doctor's recent consultation lengths and `now`.
import type { OrderedEntry } from "./ordering.ts";

export type QueueEstimate = { estimatedStartAt: Date; estimatedWaitMinutes: number };

export type EstimateInput = {
  ordered: readonly OrderedEntry[];
  now: Date;
  /** Minutes per consultation when the doctor has little or no history. */
  consultationMinutes: number;
  /** The doctor's recent consultation lengths in minutes. */
  recentDurations: readonly number[];
  /** Announced delay: the doctor becomes free this much later. */
  delayMinutes: number;
  paused: boolean;
  /** The doctor's working start today; nobody is seen before it. */
  workStart?: Date;
  /** Chance that a patient not here after their slot started still comes (default LATE_SHOW_PROBABILITY). */
  lateShowProbability?: number;
};

const MINUTE_MS = 60_000;
/** How many observed consultations the default is worth: few samples only nudge it. */
const DEFAULT_WEIGHT = 5;
/** A consultation running over still needs a little time to finish. */
const MIN_REMAINING_MINUTES = 2;
const MIN_REMAINING_SHARE = 0.2;
/** Longer than this many typical consultations is a forgotten "complete", not a consultation. */
const OUTLIER_FACTOR = 3;
export const LATE_SHOW_PROBABILITY = 0.5;

function median(sorted: readonly number[]): number {
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

/**
 * The doctor's expected consultation length in minutes: the mean of recent lengths (a mean, because
 * the wait is a sum of them), with outliers capped at 3 x the median and blended with the default
 * while samples are few. Under a minute is a mistaken start/complete and is ignored.
 */
export function expectedConsultationMinutes(
  recentDurations: readonly number[],
  defaultMinutes: number,
): number {
  const fallback = Number.isFinite(defaultMinutes) && defaultMinutes > 0 ? defaultMinutes : 15;
  const samples = recentDurations.filter((m) => Number.isFinite(m) && m >= 1).sort((a, b) => a - b);
  if (samples.length === 0) return fallback;
  const cap = OUTLIER_FACTOR * median(samples);
  const sum = samples.reduce((total, m) => total + Math.min(m, cap), 0);
  return (sum + DEFAULT_WEIGHT * fallback) / (samples.length + DEFAULT_WEIGHT);
}

/** The naive estimate the statistics compare against: position x the default length. */
export function naiveEstimateMinutes(position: number, defaultMinutes: number): number {
  return Math.max(0, position) * defaultMinutes;
}

type Pending = { entry: OrderedEntry; availableAt: number; share: number };

/**
 * When each open entry is expected to start. The doctor sees, whenever free, the first patient in
 * queue order who is there (rule 5): present patients now, absent ones from their slot start on.
 * A patient whose slot started but who is not here counts for a share of a consultation, the
 * chance they still come. Empty while the queue is paused: there is no honest estimate then.
 */
export function estimateQueue(input: EstimateInput): Map<string, QueueEstimate> {
  const estimates = new Map<string, QueueEstimate>();
  if (input.paused) return estimates;
  const now = input.now.getTime();
  const consultation =
    expectedConsultationMinutes(input.recentDurations, input.consultationMinutes) * MINUTE_MS;
  const lateShare = Math.min(1, Math.max(0, input.lateShowProbability ?? LATE_SHOW_PROBABILITY));
  const record = (entry: OrderedEntry, startAt: number) =>
    estimates.set(entry.id, {
      estimatedStartAt: new Date(startAt),
      estimatedWaitMinutes: Math.max(0, Math.round((startAt - now) / MINUTE_MS)),
    });

  const inRoom = input.ordered.filter((e) => e.status === "IN_CONSULTATION");
  let freeAt = inRoom.length > 0 ? now : Math.max(now, input.workStart?.getTime() ?? now);
  for (const entry of inRoom) {
    const startedAt = Math.min(entry.startedAt?.getTime() ?? now, now);
    const remaining = Math.max(
      consultation - (now - startedAt),
      MIN_REMAINING_MINUTES * MINUTE_MS,
      MIN_REMAINING_SHARE * consultation,
    );
    record(entry, startedAt);
    freeAt += remaining;
  }
  freeAt += Math.max(0, input.delayMinutes) * MINUTE_MS;

  for (const entry of input.ordered.filter((e) => e.status === "CALLED")) {
    record(entry, freeAt);
    freeAt += consultation;
  }

  const pending: Pending[] = input.ordered
    .filter((e) => e.status === "BOOKED" || e.status === "CHECKED_IN")
    .map((entry) => {
      if (entry.status === "CHECKED_IN") return { entry, availableAt: now, share: 1 };
      const slotStart = entry.slotStart.getTime();
      return slotStart > now
        ? { entry, availableAt: slotStart, share: 1 }
        : { entry, availableAt: now, share: lateShare };
    });
  while (pending.length > 0) {
    let next = pending.findIndex((p) => p.availableAt <= freeAt);
    if (next < 0) {
      // Nobody is there yet: the doctor waits for whoever comes first (queue order breaks ties).
      next = pending.reduce(
        (best, p, i) => (p.availableAt < (pending[best]?.availableAt ?? Infinity) ? i : best),
        0,
      );
    }
    const [picked] = pending.splice(next, 1);
    if (!picked) break;
    const startAt = Math.max(freeAt, picked.availableAt);
    record(picked.entry, startAt);
    freeAt = startAt + picked.share * consultation;
  }
  return estimates;
}
