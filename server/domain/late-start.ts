// A doctor who starts late without a word: seen in the queue (patients waiting past the start and
// nobody called), and how much later still they are likely to start.

/**
 * How doctors start, as far as a clinic can tell before anyone says: most on time, some a few
 * minutes late, some 10-50 minutes late (shares, with uniform spans of minutes).
 */
const LATE_START_PRIOR = [
  { share: 0.6, from: 0, to: 0 },
  { share: 0.15, from: 2, to: 12 },
  { share: 0.25, from: 10, to: 50 },
] as const;
/** A doctor later than every span above: expected this much later still, give or take as much. */
const LATE_BEYOND_PRIOR_MINUTES = 10;
/**
 * A late start is a matter of the first part of the working day: this long after the expected
 * start with nobody seen, the queue cannot tell a late doctor from one who is not seeing patients
 * today (or works round the clock), and says nothing about it.
 */
const LATE_START_WINDOW_MINUTES = 120;

export type FurtherLateness = { minutes: number; spread: number };

/**
 * Minutes a doctor already `lateMinutes` late is still expected to take to start (mean and standard
 * deviation of the prior's remaining lateness, given it is at least that): a doctor 5 minutes late
 * is most likely one of the very late ones by then; one 45 minutes late is nearly there. At 0 (not
 * late yet, as far as anyone can tell), the prior itself.
 */
export function furtherLateness(lateMinutes: number): FurtherLateness {
  const late = Math.max(0, Number.isFinite(lateMinutes) ? lateMinutes : 0);
  let weight = 0;
  let first = 0;
  let second = 0;
  for (const { share, from, to } of LATE_START_PRIOR) {
    if (to <= late && !(to === 0 && late === 0)) continue;
    const lower = Math.max(from, late);
    const chance = to > from ? (share * (to - lower)) / (to - from) : share;
    // Remaining lateness uniform on [lower - late, to - late].
    const a = lower - late;
    const b = to - late;
    weight += chance;
    first += (chance * (a + b)) / 2;
    second += (chance * (a * a + a * b + b * b)) / 3;
  }
  if (weight <= 0) return { minutes: LATE_BEYOND_PRIOR_MINUTES, spread: LATE_BEYOND_PRIOR_MINUTES };
  const minutes = first / weight;
  return { minutes, spread: Math.sqrt(Math.max(0, second / weight - minutes * minutes)) };
}

/** The queue as the late-start check needs it. */
type Seen = {
  status: string;
  calledAt: Date | null;
  startedAt: Date | null;
  checkedInAt: Date | null;
};

/**
 * A late start nobody announced: the doctor was expected to be seeing patients from `expectedStart`
 * (the working start, or back from an announced delay), a patient has been waiting since, and nobody
 * has been called all day. Returns how late the doctor is so far in minutes (0 when nothing says so
 * yet: before the start, or nobody waiting), or null once the doctor has started (`seenToday`
 * consultations completed, or someone called) or the start is long past (LATE_START_WINDOW_MINUTES).
 */
export function lateSoFar(
  entries: readonly Seen[],
  seenToday: number,
  now: number,
  expectedStart: number,
): number | null {
  if (seenToday > 0 || now - expectedStart > LATE_START_WINDOW_MINUTES * 60_000) return null;
  let firstWaiting = Number.POSITIVE_INFINITY;
  for (const e of entries) {
    if (e.calledAt || e.startedAt || e.status === "CALLED" || e.status === "IN_CONSULTATION") return null;
    if (e.status === "CHECKED_IN" && e.checkedInAt)
      firstWaiting = Math.min(firstWaiting, e.checkedInAt.getTime());
  }
  return Math.max(0, (now - Math.max(expectedStart, firstWaiting)) / 60_000);
}
