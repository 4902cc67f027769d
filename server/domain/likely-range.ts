// The likely range around an estimated start ("likely 30 to 55 min"): how much the consultations
// until then may run long or short, how far the doctor's pace may be off today, when an absent
// patient may come, and how much later a doctor who has not started may start.
import { type Pace, USUAL_SPREAD } from "./pace.ts";

const MINUTE_MS = 60_000;
/**
 * How many standard deviations the range reaches below and above the estimate. Measured on the
 * generated days of `npm run bench:eta` (bench/eta/README.md), so that about 4 in 5 patients start
 * inside it; more above than below, because waits run long more often and further than short.
 */
export const RANGE_BELOW = 1.4;
export const RANGE_ABOVE = 1.7;
/** When a patient not here yet comes, around the usual time (one standard deviation). */
const ARRIVAL_SPREAD_MS = 10 * MINUTE_MS;

export type LikelyStart = { from: number; to: number };

/**
 * The likely range of a start, for this pace and a doctor who may start up to `mayStartLaterBy` ms
 * later than planned (above only). The further away the start, the wider: every consultation until
 * then may run long or short (a random walk: the variance grows with the time to go), the day's pace
 * may be off (that error grows with it too), and a late doctor delays everyone. `ownArrival`: the
 * start waits on the patient coming, give or take. Never before `earliest` (at least `now`: the
 * doctor's announced return, the check-in opening of a patient not here yet), nor after the estimate.
 */
export function likelyRange(pace: Pace, mayStartLaterBy: number) {
  const paceMs = pace.minutes * MINUTE_MS;
  const visitVariance = Math.expm1((pace.spread || USUAL_SPREAD) ** 2);
  return (startAt: number, now: number, ownArrival: boolean, earliest = now): LikelyStart => {
    const ahead = Math.max(0, startAt - now);
    const common =
      ahead * paceMs * visitVariance + (pace.doubt * ahead) ** 2 + (ownArrival ? ARRIVAL_SPREAD_MS ** 2 : 0);
    return {
      from: Math.min(startAt, Math.max(now, earliest, startAt - RANGE_BELOW * Math.sqrt(common))),
      to: startAt + RANGE_ABOVE * Math.sqrt(common + mayStartLaterBy ** 2),
    };
  };
}
