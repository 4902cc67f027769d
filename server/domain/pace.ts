// A doctor's pace: how long their consultations take, from earlier days and from today's visits,
// and how sure we can be of it (the estimate's likely range widens with the doubt).

/** How many observed consultations the default is worth: few samples only nudge it. */
const DEFAULT_WEIGHT = 5;
/** ... unless the doctor learns their pace: then the default is worth one visit. */
const LEARNING_WEIGHT = 1;
/** Longer than this many typical consultations is a forgotten "complete", not a consultation. */
const OUTLIER_FACTOR = 3;
/** Today's visits against the history: the history is worth this many of today's visits. */
const TODAY_PRIOR_WEIGHT = 8;
/** A doctor's pace drifts from day to day by about this share (the history says little about that). */
const DAY_TO_DAY_DRIFT = 0.15;
/** Spread of consultation lengths assumed while too few are known to measure it (log-normal sigma). */
export const USUAL_SPREAD = 0.45;

/** The median of numbers sorted ascending (0 for none). */
export function median(sorted: readonly number[]): number {
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

const usable = (minutes: readonly number[]) =>
  minutes.filter((m) => Number.isFinite(m) && m >= 1).sort((a, b) => a - b);

/**
 * The doctor's expected consultation length in minutes: the mean of recent lengths (a mean, because
 * the wait is a sum of them), with outliers capped at 3 x the median and blended with the default
 * while samples are few (worth 5 visits; 1 for a doctor who learns their pace, so a few visits
 * decide). Under a minute is a mistaken start/complete and is ignored.
 */
export function expectedConsultationMinutes(
  recentDurations: readonly number[],
  defaultMinutes: number,
  learnsPace = false,
): number {
  const fallback = Number.isFinite(defaultMinutes) && defaultMinutes > 0 ? defaultMinutes : 15;
  const samples = usable(recentDurations);
  if (samples.length === 0) return fallback;
  const cap = OUTLIER_FACTOR * median(samples);
  const sum = samples.reduce((total, m) => total + Math.min(m, cap), 0);
  const weight = learnsPace ? LEARNING_WEIGHT : DEFAULT_WEIGHT;
  return (sum + weight * fallback) / (samples.length + weight);
}

export type Pace = {
  /** Expected consultation length in minutes for the rest of today. */
  minutes: number;
  /** How far that may be off, as a share of it (one standard deviation). */
  doubt: number;
  /** Log-normal spread of one consultation's length. */
  spread: number;
};

/**
 * The pace to plan the rest of today with: the history's (`expectedConsultationMinutes`, which
 * leans on the default while samples are few), moved towards today's own mean as today's visits
 * add up. The history is worth 8 of them (fewer when it is itself short), so the day's pace takes
 * over as the day goes on. `recentDurations` are newest first and start with today's
 * (`todayDurations`), as the server reads them. Today's long visits are capped at 3 x today's median
 * when today runs slower than the history: they are today's pace, not forgotten "complete"s.
 */
export function todaysPace(
  recentDurations: readonly number[],
  todayDurations: readonly number[],
  defaultMinutes: number,
  learnsPace = false,
): Pace {
  const today = usable(todayDurations);
  const history = usable(recentDurations.slice(Math.min(todayDurations.length, recentDurations.length)));
  const prior = expectedConsultationMinutes(history, defaultMinutes, learnsPace);
  const spread = consultationSpread([...today, ...history]);
  const cv2 = Math.expm1((spread || USUAL_SPREAD) ** 2);
  // The history's own doubt: the day-to-day drift, and its sampling error while it is short.
  const historyDoubt2 = DAY_TO_DAY_DRIFT ** 2 + cv2 / Math.max(1, history.length);
  if (today.length === 0) return { minutes: prior, doubt: Math.sqrt(historyDoubt2), spread };
  const historyWorth = Math.min(
    TODAY_PRIOR_WEIGHT,
    history.length + (learnsPace ? LEARNING_WEIGHT : DEFAULT_WEIGHT),
  );
  const cap = OUTLIER_FACTOR * Math.max(median(history), today.length >= 3 ? median(today) : 0, 1);
  const sum = today.reduce((total, m) => total + Math.min(m, cap), 0);
  const weight = today.length + historyWorth;
  // The blend's doubt: each side's, by its share of the weight.
  const doubt2 = (historyWorth ** 2 * historyDoubt2 + today.length * cv2) / weight ** 2;
  return { minutes: (sum + historyWorth * prior) / weight, doubt: Math.sqrt(doubt2), spread };
}

/** The standard normal distribution function (Abramowitz and Stegun 7.1.26, error under 2e-7). */
function normalCdf(x: number): number {
  const t = 1 / (1 + (0.3275911 * Math.abs(x)) / Math.SQRT2);
  const tail =
    ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) *
    t *
    Math.exp((-x * x) / 2);
  return x >= 0 ? 1 - tail / 2 : tail / 2;
}

/** The standard normal quantile of p (0 < p < 1), by bisection: a few per snapshot, so no need for more. */
function normalQuantile(p: number): number {
  let low = -8;
  let high = 8;
  for (let i = 0; i < 40; i++) {
    const mid = (low + high) / 2;
    if (normalCdf(mid) < p) low = mid;
    else high = mid;
  }
  return (low + high) / 2;
}

/**
 * Minutes a consultation that has run `elapsedMinutes` still takes, half the time less: the median
 * of what is left of a log-normal length with this pace's mean and spread, given it has lasted so
 * long. At the start that is below the mean (most visits are shorter than the average, a few much
 * longer); one running long is expected to run on a while yet.
 */
export function medianRemainingMinutes(pace: Pace, elapsedMinutes: number): number {
  const sigma = pace.spread || USUAL_SPREAD;
  const mu = Math.log(pace.minutes) - (sigma * sigma) / 2;
  const elapsed = Math.max(0, elapsedMinutes);
  const done = elapsed > 0 ? normalCdf((Math.log(elapsed) - mu) / sigma) : 0;
  // Far beyond any usual length (or past what the approximation can tell): only the floor is left.
  if (!(done < 1 - 1e-6)) return 0;
  return Math.max(0, Math.exp(mu + sigma * normalQuantile(done + (1 - done) / 2)) - elapsed);
}

/**
 * The log-normal spread of consultation lengths (standard deviation of their logarithms), from at
 * least 5 samples; 0 (unknown) with fewer.
 */
export function consultationSpread(samples: readonly number[]): number {
  const logs = usable(samples).map(Math.log);
  if (logs.length < 5) return 0;
  const mean = logs.reduce((a, b) => a + b, 0) / logs.length;
  return Math.sqrt(logs.reduce((a, b) => a + (b - mean) ** 2, 0) / (logs.length - 1));
}
