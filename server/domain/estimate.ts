// Estimated start times: a small deterministic simulation of the doctor's day from the queue
// snapshot, the doctor's pace (earlier days and today's visits), what the day so far says about
// attendance and a late start, and `now`; each with the likely range around it.
import { furtherLateness, lateSoFar } from "./late-start.ts";
import { likelyRange } from "./likely-range.ts";
import type { OrderedEntry } from "./ordering.ts";
import {
  expectedConsultationMinutes,
  median,
  medianRemainingMinutes,
  type Pace,
  todaysPace,
} from "./pace.ts";
import { slotStartOf } from "./time.ts";
import type { QueueEntryInput } from "./types.ts";

export { expectedConsultationMinutes };

export type QueueEstimate = {
  estimatedStartAt: Date;
  estimatedWaitMinutes: number;
  /**
   * Rule 9: the patient's place in the expected order of being seen (1 = seen first), for waiting
   * patients only (BOOKED, CHECKED_IN); null for those already called or in the room. Sorted by
   * place, estimated starts never go down.
   */
  place: number | null;
  /**
   * The likely range of the start ("likely 30 to 55 min"): about 4 in 5 patients start inside it on
   * the benchmark's days (likely-range.ts). earliestStartAt <= estimatedStartAt <= latestStartAt.
   */
  earliestStartAt: Date;
  latestStartAt: Date;
};

export type EstimateInput = {
  ordered: readonly OrderedEntry[];
  now: Date;
  /** Minutes per consultation when the doctor has little or no history. */
  consultationMinutes: number;
  /** The doctor plans with the pace learnt from their visits: history outweighs the set length at once. */
  learnsPace?: boolean;
  /** The doctor's recent consultation lengths in minutes, newest first (today's, if any, first). */
  recentDurations: readonly number[];
  /**
   * Today's completed consultation lengths, newest first: the same visits as the newest of
   * `recentDurations`. Given, today's pace outweighs the history more with every visit (`todaysPace`),
   * and "nobody seen yet" can be told, so a silent late start is seen (late-start.ts).
   */
  todayDurations?: readonly number[];
  /** Announced delay: the doctor becomes free this much later. */
  delayMinutes: number;
  paused: boolean;
  /** The doctor's working start today; nobody is seen before it. */
  workStart?: Date;
  /**
   * When the delay was announced. Given, the delay counts from then (or from the working start, if
   * later): the doctor is expected back at that point plus `delayMinutes`, and is back for good once
   * a consultation starts after the announcement. Not given: the whole delay is added to now.
   */
  delaySince?: Date;
  /** Chance that a patient not here after their slot started still comes (default LATE_SHOW_PROBABILITY). */
  lateShowProbability?: number;
  /** Chance that a booked patient whose slot has not started comes at all (default 1; see `attendanceSoFar`). */
  showProbability?: number;
  /** When patients typically check in, in minutes from their slot start (negative: early; default 0). */
  typicalArrivalMinutes?: number;
  /**
   * How far either side of that time patients come (minutes; default 0: all at that time). Given, a
   * third of each absent patient's chance comes this much earlier and a third this much later.
   */
  arrivalSpreadMinutes?: number;
  /**
   * Patients nobody booked ahead (walk-ins, late comers restored) expected per hour (default 0): each
   * booked hour still to come holds that many more, queued behind its bookings.
   */
  unscheduledPerHour?: number;
  /**
   * How long before their slot starts a patient may check in (the hospital's window). Given, a
   * patient not here yet is never told a range that starts before check-in opens.
   */
  checkInWindowMinutes?: number;
};

const MINUTE_MS = 60_000;
/** A consultation running over still needs a little time to finish. */
const MIN_REMAINING_MINUTES = 2;
const MIN_REMAINING_SHARE = 0.2;
export const LATE_SHOW_PROBABILITY = 0.5;

/**
 * The length a doctor's consultations are planned at before any is observed: the doctor's own setting,
 * else the hospital's, else DEFAULT_CONSULTATION_TIME (`configured`: the domain reads no configuration).
 */
export function plannedConsultationMinutes(
  doctorMinutes: number | null,
  hospitalMinutes: number | null,
  configured: number,
): number {
  return [doctorMinutes, hospitalMinutes].find((m) => m !== null && m > 0) ?? configured;
}

/** The naive estimate the statistics compare against: position x the default length. */
export function naiveEstimateMinutes(position: number, defaultMinutes: number): number {
  return Math.max(0, position) * defaultMinutes;
}

export type AttendanceFigures = Required<
  Pick<
    EstimateInput,
    | "showProbability"
    | "lateShowProbability"
    | "typicalArrivalMinutes"
    | "arrivalSpreadMinutes"
    | "unscheduledPerHour"
  >
>;

/** A clinic's usual figures, worth this many patients against what the day shows. */
const PRIOR_SHOW_PROBABILITY = 0.9;
const PRIOR_WEIGHT = 10;
const LATE_PRIOR_WEIGHT = 4;
const ARRIVAL_PRIOR_WEIGHT = 5;
/** Minutes either side of the usual time patients come, before the day shows its own. */
const PRIOR_ARRIVAL_SPREAD_MINUTES = 20;
/**
 * Unbooked patients (walk-ins, no-shows back) a doctor usually gets per hour, worth this many hours
 * of the day: a clinic has some, so the first hours do not promise a day without any.
 */
const PRIOR_UNSCHEDULED_PER_HOUR = 0.6;
const UNSCHEDULED_PRIOR_HOURS = 3;

/**
 * What the day's appointments so far say about the ones to come: how many booked patients come, how
 * many of those not there at their slot start still come, when patients typically check in and how
 * spread out around that, and how many come unbooked (walk-ins, no-shows back) per hour. Attendance
 * counts only appointments booked ahead whose slot and grace are over (walk-ins cannot be absent,
 * and a slot still open would count only its early comers). Few of them only nudge the usual figures.
 */
export function attendanceSoFar(
  entries: readonly QueueEntryInput[],
  now: Date,
  timeZone: string,
  graceMinutes: number,
): AttendanceFigures {
  const grace = Math.max(0, graceMinutes) * MINUTE_MS;
  const withSlots = entries
    .filter((e) => e.status !== "CANCELLED")
    .map((e) => ({ e, slotStart: slotStartOf(e.scheduledAt, timeZone).getTime() }));
  const decided = withSlots.filter(
    ({ e, slotStart }) => e.bookedAt.getTime() < slotStart && slotStart + grace <= now.getTime(),
  );
  // Booked during their own slot (a walk-in), or back after being marked a no-show.
  const unscheduled = withSlots.filter(
    ({ e, slotStart }) =>
      e.bookedAt.getTime() >= slotStart || (e.checkedInAt?.getTime() ?? 0) > slotStart + grace,
  ).length;
  const firstSlot = Math.min(...withSlots.map(({ slotStart }) => slotStart));
  const hoursSoFar = Math.max(0, (now.getTime() - firstSlot) / (60 * MINUTE_MS)) || 0;
  const offsets = decided.flatMap(({ e, slotStart }) =>
    e.checkedInAt ? [(e.checkedInAt.getTime() - slotStart) / MINUTE_MS] : [],
  );
  const came = offsets.length;
  const absentAtStart = decided.filter(
    ({ e, slotStart }) => (e.checkedInAt?.getTime() ?? Infinity) > slotStart,
  );
  const cameLate = offsets.filter((m) => m > 0).length;
  const onTime = offsets.filter((m) => m <= graceMinutes).sort((a, b) => a - b);
  return {
    showProbability: (came + PRIOR_WEIGHT * PRIOR_SHOW_PROBABILITY) / (decided.length + PRIOR_WEIGHT),
    lateShowProbability:
      (cameLate + LATE_PRIOR_WEIGHT * LATE_SHOW_PROBABILITY) / (absentAtStart.length + LATE_PRIOR_WEIGHT),
    typicalArrivalMinutes: (median(onTime) * onTime.length) / (onTime.length + ARRIVAL_PRIOR_WEIGHT),
    // Half the span of the middle two thirds of arrivals (one standard deviation, were they normal).
    arrivalSpreadMinutes:
      (((quantile(onTime, 5 / 6) - quantile(onTime, 1 / 6)) / 2) * onTime.length +
        PRIOR_ARRIVAL_SPREAD_MINUTES * ARRIVAL_PRIOR_WEIGHT) /
      (onTime.length + ARRIVAL_PRIOR_WEIGHT),
    unscheduledPerHour:
      (unscheduled + PRIOR_UNSCHEDULED_PER_HOUR * UNSCHEDULED_PRIOR_HOURS) /
      (hoursSoFar + UNSCHEDULED_PRIOR_HOURS),
  };
}

/** The q-quantile (0..1) of numbers sorted ascending, interpolated (0 for none). */
function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return 0;
  const at = q * (sorted.length - 1);
  const low = Math.floor(at);
  const below = sorted[low] ?? 0;
  return below + ((sorted[Math.min(low + 1, sorted.length - 1)] ?? below) - below) * (at - low);
}

const probability = (p: number | undefined, fallback: number) =>
  Math.min(1, Math.max(0, Number.isFinite(p) ? (p as number) : fallback));

type DoctorStart = {
  inRoom: OrderedEntry[];
  freeAt: number;
  /** How much later than `freeAt` the doctor may start (ms, about one standard deviation; the range's). */
  mayStartLaterBy: number;
  /** When an announced delay says the doctor is back (ms); nobody's likely range starts before it. */
  backAt?: number;
};

/**
 * When the doctor can next see someone: after what is left of the consultation in progress
 * (`medianRemainingMinutes`) and any announced delay.
 * Given today's completed visits (so "nobody seen yet" can be told), a doctor who has not started
 * while patients wait past the expected start is late: expected later still by what such doctors
 * usually take (`furtherLateness`); one not started yet may still start late (the range says so).
 */
function doctorFreeAt(input: EstimateInput, now: number, pace: Pace): DoctorStart {
  const consultation = pace.minutes * MINUTE_MS;
  const inRoom = input.ordered.filter((e) => e.status === "IN_CONSULTATION");
  let freeAt = inRoom.length > 0 ? now : Math.max(now, input.workStart?.getTime() ?? now);
  for (const entry of inRoom) {
    const startedAt = Math.min(entry.startedAt?.getTime() ?? now, now);
    // What is left of it, half the time less (the middle of what such consultations still take);
    // one running over still needs a little time to finish.
    freeAt += Math.max(
      medianRemainingMinutes(pace, (now - startedAt) / MINUTE_MS) * MINUTE_MS,
      MIN_REMAINING_MINUTES * MINUTE_MS,
      MIN_REMAINING_SHARE * consultation,
    );
  }
  const delay = Math.max(0, input.delayMinutes) * MINUTE_MS;
  let expectedStart = input.workStart?.getTime() ?? null;
  if (delay > 0) {
    if (!input.delaySince) return { inRoom, freeAt: freeAt + delay, mayStartLaterBy: 0, backAt: now + delay };
    const since = input.delaySince.getTime();
    const back = input.ordered.some((e) => (e.startedAt ?? e.calledAt ?? new Date(0)).getTime() >= since);
    if (back) return { inRoom, freeAt, mayStartLaterBy: 0 };
    expectedStart = Math.max(since, expectedStart ?? since) + delay;
    freeAt = Math.max(freeAt, expectedStart);
  }
  const backAt = delay > 0 && expectedStart !== null ? expectedStart : undefined;
  const late =
    expectedStart !== null && input.todayDurations
      ? lateSoFar(input.ordered, input.todayDurations.length, now, expectedStart)
      : null;
  if (late === null) return { inRoom, freeAt, mayStartLaterBy: 0, backAt };
  const further = furtherLateness(late);
  if (late === 0)
    return {
      inRoom,
      freeAt,
      mayStartLaterBy: Math.hypot(further.minutes, further.spread) * MINUTE_MS,
      backAt,
    };
  return {
    inRoom,
    freeAt: Math.max(freeAt, now + further.minutes * MINUTE_MS),
    mayStartLaterBy: further.spread * MINUTE_MS,
    backAt,
  };
}

/**
 * A patient still to be seen, or part of one's chance of coming; `entry` null for work that is no
 * one's own start: an expected patient nobody has booked yet, or the early or late third of an
 * absent patient's chance.
 */
type Pending = { entry: OrderedEntry | null; availableAt: number; share: number };

const HOUR_MS = 60 * MINUTE_MS;

/** Expected unscheduled patients, one share behind each booked hour's patients (the current hour's rest). */
function withUnscheduled(pending: Pending[], perHour: number, now: number): Pending[] {
  if (!(perHour > 0)) return pending;
  const lastOfHour = new Map<number, number>();
  pending.forEach((p, i) => {
    if (p.entry) lastOfHour.set(p.entry.slotStart.getTime(), i);
  });
  const after = new Map<number, Pending>();
  for (const [slotStart, i] of lastOfHour) {
    const share = perHour * Math.min(1, Math.max(0, (slotStart + HOUR_MS - now) / HOUR_MS));
    if (share > 0) after.set(i, { entry: null, availableAt: Math.max(now, slotStart + HOUR_MS / 2), share });
  }
  return pending.flatMap((p, i) => {
    const extra = after.get(i);
    return extra ? [p, extra] : [p];
  });
}

/**
 * When each open entry is expected to start. The doctor sees, whenever free, the first patient in
 * queue order who is there (rule 5): present patients now, absent ones from when they typically
 * arrive for their slot. An absent patient counts for a share of a consultation, the chance they
 * come (lower once their slot has started without them). Empty while the queue is paused: there is
 * no honest estimate then.
 */
export function estimateQueue(input: EstimateInput): Map<string, QueueEstimate> {
  const estimates = new Map<string, QueueEstimate>();
  if (input.paused) return estimates;
  const now = input.now.getTime();
  const pace = todaysPace(
    input.recentDurations,
    input.todayDurations ?? [],
    input.consultationMinutes,
    input.learnsPace,
  );
  const consultation = pace.minutes * MINUTE_MS;
  const lateShare = probability(input.lateShowProbability, LATE_SHOW_PROBABILITY);
  const showShare = probability(input.showProbability, 1);
  const minutesOr0 = (m: number | undefined) => (Number.isFinite(m) ? (m as number) : 0) * MINUTE_MS;
  const arrivalOffset = minutesOr0(input.typicalArrivalMinutes);
  const arrivalSpread = Math.max(0, minutesOr0(input.arrivalSpreadMinutes));
  const doctor = doctorFreeAt(input, now, pace);
  const likely = likelyRange(pace, doctor.mayStartLaterBy);
  let places = 0;
  const checkInWindow = minutesOr0(input.checkInWindowMinutes);
  /**
   * The earliest the patient can be seen, which the range never reaches below: the doctor's
   * announced return, and for a patient not here yet when check-in opens and the time they said
   * they would be late until.
   */
  const earliestFor = (entry: OrderedEntry) => {
    let earliest = Math.max(now, doctor.backAt ?? now);
    if (entry.status !== "BOOKED") return earliest;
    if (input.checkInWindowMinutes !== undefined)
      earliest = Math.max(earliest, entry.slotStart.getTime() - checkInWindow);
    if (entry.lateMinutes)
      earliest = Math.max(earliest, entry.scheduledAt.getTime() + entry.lateMinutes * MINUTE_MS);
    return earliest;
  };
  const record = (entry: OrderedEntry, startAt: number, ownArrival = false) => {
    const { from, to } = likely(startAt, now, ownArrival, earliestFor(entry));
    estimates.set(entry.id, {
      estimatedStartAt: new Date(startAt),
      estimatedWaitMinutes: Math.max(0, Math.round((startAt - now) / MINUTE_MS)),
      place: entry.status === "BOOKED" || entry.status === "CHECKED_IN" ? ++places : null,
      earliestStartAt: new Date(from),
      latestStartAt: new Date(to),
    });
  };

  let freeAt = doctor.freeAt;
  for (const entry of doctor.inRoom) {
    const startedAt = Math.min(entry.startedAt?.getTime() ?? now, now);
    estimates.set(entry.id, {
      estimatedStartAt: new Date(startedAt),
      estimatedWaitMinutes: 0,
      place: null,
      earliestStartAt: new Date(startedAt),
      latestStartAt: new Date(startedAt),
    });
  }

  for (const entry of input.ordered.filter((e) => e.status === "CALLED")) {
    record(entry, freeAt);
    freeAt += consultation;
  }

  const booked: Pending[] = input.ordered
    .filter((e) => e.status === "BOOKED" || e.status === "CHECKED_IN")
    .flatMap((entry): Pending[] => {
      if (entry.status === "CHECKED_IN") return [{ entry, availableAt: now, share: 1 }];
      // Running late, by their own word: coming for sure, but not before the time they gave.
      const lateUntil = entry.lateMinutes ? entry.scheduledAt.getTime() + entry.lateMinutes * MINUTE_MS : 0;
      if (lateUntil > now) return [{ entry, availableAt: lateUntil, share: 1 }];
      const slotStart = entry.slotStart.getTime();
      if (slotStart <= now) return [{ entry, availableAt: now, share: lateShare }];
      const usual = slotStart + arrivalOffset;
      if (arrivalSpread === 0) return [{ entry, availableAt: Math.max(now, usual), share: showShare }];
      // Patients do not all come at the usual minute: a free doctor sees the early ones early, and
      // the late ones' work comes later. Thirds in that order in the queue; the patient's own start
      // is that of the middle one (measured: the early third first gave the better estimates).
      const third = showShare / 3;
      return [
        { entry: null, availableAt: Math.max(now, usual - arrivalSpread), share: third },
        { entry, availableAt: Math.max(now, usual), share: third },
        { entry: null, availableAt: Math.max(now, usual + arrivalSpread), share: third },
      ];
    });
  const pending = withUnscheduled(booked, input.unscheduledPerHour ?? 0, now);
  // Whenever free, the doctor takes the first pending patient in queue order who is there by then;
  // if nobody is, whoever comes first (queue order breaks ties). Patients become "there" in order of
  // availableAt, and freeAt only grows: so walk them in that order into a heap keyed by queue order
  // (n log n for a queue of thousands, where picking by scanning the list was quadratic).
  const arrival = (i: number) => pending[i]!.availableAt;
  const byArrival = pending
    .map((_, i) => i)
    .sort((a, b) => (arrival(a) < arrival(b) ? -1 : arrival(a) > arrival(b) ? 1 : a - b));
  const present = new MinHeap();
  let arrived = 0;
  for (let seen = 0; seen < pending.length; seen++) {
    while (arrived < byArrival.length && arrival(byArrival[arrived]!) <= freeAt)
      present.push(byArrival[arrived++]!);
    if (present.size === 0) {
      // Nobody is there yet: the doctor waits for the next to come, and takes the first in queue
      // order of those who come at that moment.
      const first = arrival(byArrival[arrived]!);
      do present.push(byArrival[arrived++]!);
      while (arrived < byArrival.length && arrival(byArrival[arrived]!) === first);
    }
    const picked = pending[present.pop()]!;
    const startAt = Math.max(freeAt, picked.availableAt);
    if (picked.entry) record(picked.entry, startAt, startAt > freeAt && picked.entry.status === "BOOKED");
    freeAt = startAt + picked.share * consultation;
  }
  return estimates;
}

/** A binary min-heap of queue indices. */
class MinHeap {
  private readonly items: number[] = [];

  get size() {
    return this.items.length;
  }

  push(value: number) {
    const items = this.items;
    let i = items.push(value) - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (items[parent]! <= value) break;
      items[i] = items[parent]!;
      i = parent;
    }
    items[i] = value;
  }

  pop(): number {
    const items = this.items;
    const top = items[0]!;
    const last = items.pop()!;
    if (items.length > 0) {
      let i = 0;
      for (;;) {
        const left = 2 * i + 1;
        if (left >= items.length) break;
        const right = left + 1;
        const child = right < items.length && items[right]! < items[left]! ? right : left;
        if (items[child]! >= last) break;
        items[i] = items[child]!;
        i = child;
      }
      items[i] = last;
    }
    return top;
  }
}
