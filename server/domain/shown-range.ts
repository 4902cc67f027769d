// The likely range a patient is shown beside the expected wait ("about 40 min, likely 30 to 55"):
// in whole minutes from the estimate's instants, and the one rule for when and how it is shown. The
// patient page and the statistics both use it, so staff judge the estimate by what patients read.
// No imports: the patient page's small bundle includes this file.

export type MinuteRange = { from: number; to: number };

const MINUTE_MS = 60_000;

/**
 * The likely range as minutes of wait, counted from where `waitMinutes` counts (the wait to
 * `startAt`): outwards to whole minutes, and always holding `waitMinutes`.
 */
export function likelyMinutes(
  startAt: Date,
  waitMinutes: number,
  earliestAt: Date,
  latestAt: Date,
): MinuteRange {
  const low = Math.max(0, Math.floor(waitMinutes - (startAt.getTime() - earliestAt.getTime()) / MINUTE_MS));
  const high = Math.ceil(waitMinutes + (latestAt.getTime() - startAt.getTime()) / MINUTE_MS);
  return { from: Math.min(low, waitMinutes), to: Math.max(waitMinutes, high) };
}

/**
 * The range as the page shows it: none when it spans under 4 minutes ("about N min" says as much),
 * as it is up to 10, and to 5 minutes outwards (so it only widens) beyond that.
 */
export function shownRange(likely: MinuteRange | null | undefined): MinuteRange | null {
  if (!likely || likely.to - likely.from < 4) return null;
  if (likely.to - likely.from <= 10) return likely;
  return { from: Math.floor(likely.from / 5) * 5, to: Math.ceil(likely.to / 5) * 5 };
}
