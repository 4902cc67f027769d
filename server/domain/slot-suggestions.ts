import { estimateQueue, expectedConsultationMinutes } from "./estimate.ts";
import { workingIntervals, workingMinutesIn, workingSlotStarts, workStartOf } from "./hours.ts";
import { type OrderedEntry, orderQueue } from "./ordering.ts";
import { capacityOf, type SlotTime, slotTime, usesDoctorTime, type WorkingHours } from "./slot-grouping.ts";
import { localHourOf, slotEndOf, slotStartOf } from "./time.ts";
import type { QueueEntryInput } from "./types.ts";

const MINUTE_MS = 60_000;
const _HOUR_MS = 60 * MINUTE_MS;
// --- Suggested slots for a new booking --------------------------------------------------------

export type AttendanceCounts = {
  completed: number;
  noShows: number;
  checkedIn: number;
  earlyArrivals: number;
  meanEarlyMinutes: number;
};
export type ClinicRates = { noShowRate: number; earlyArrivalRate: number; meanEarlyMinutes: number };

/** Pseudo-observations of "everyone comes, on time": a clinic with little history is not overbooked on a hunch. */
const RATE_PRIOR_WEIGHT = 10;

/** The clinic's own rates: no-shows among finished visits, early check-ins among check-ins. */
export function clinicRates(c: AttendanceCounts): ClinicRates {
  return {
    noShowRate: c.noShows / (c.completed + c.noShows + RATE_PRIOR_WEIGHT),
    earlyArrivalRate: c.earlyArrivals / (c.checkedIn + RATE_PRIOR_WEIGHT),
    meanEarlyMinutes: Math.max(0, c.meanEarlyMinutes),
  };
}

export type SuggestInput = {
  date: string;
  timeZone: string;
  now: Date;
  workingHours: WorkingHours;
  /** Every appointment of the doctor's day, closed ones included (their ranks anchor the order). */
  appointments: readonly QueueEntryInput[];
  /** The doctor's default consultation length; the model blends in `recentDurations`. */
  consultationMinutes: number;
  /** The doctor plans with the pace learnt from history (see expectedConsultationMinutes). */
  learnsPace?: boolean;
  recentDurations: readonly number[];
  delayMinutes: number;
  rates: ClinicRates;
  maxEarlyArrivalMinutes: number;
  preferredHour?: number | null;
};

export type SlotSuggestion = SlotTime & {
  hour: number;
  currentAppointments: number;
  /** Present patients plus booked ones discounted by the clinic's no-show rate. */
  expectedLoad: number;
  capacity: number;
  freeCapacity: number;
  hasRoom: boolean;
  estimatedWaitTime: number;
  priorityScore: number;
};

const NEWCOMER_ID = "\u0000new-booking";
const clamp01 = (x: number) => Math.min(1, Math.max(0, Number.isFinite(x) ? x : 0));
const round1 = (x: number) => Math.round(x * 10) / 10;

/**
 * Minutes a new booking in the slot would wait after the slot starts (or now, in the current slot):
 * the estimate model run with the newcomer booked now and unpaid (last of its slot), as the
 * expectation over the clinic's habits: booked patients of slots not yet started may not come
 * (no-show rate) or may come early and fill the doctor's idle time (early-arrival rate).
 */
function newBookingWait(input: SuggestInput, slotStart: Date): number {
  const { now, timeZone } = input;
  const from = Math.max(slotStart.getTime(), now.getTime());
  const newcomer: QueueEntryInput = {
    id: NEWCOMER_ID,
    ticket: Math.max(0, ...input.appointments.map((a) => a.ticket)) + 1,
    status: "BOOKED",
    priority: "NORMAL",
    scheduledAt: slotStart,
    // A new booking is booked after every booking already there (rule 3's tie-break by booking
    // time), even one whose recorded booking time is later than `now` (imported with a future
    // timestamp, or a clock skewed between machines): it must never jump ahead of them.
    bookedAt: new Date(Math.max(now.getTime(), ...input.appointments.map((a) => a.bookedAt.getTime() + 1))),
    paidAt: null,
    orderRank: null,
    checkedInAt: null,
    calledAt: null,
    startedAt: null,
  };
  const notStarted = (e: OrderedEntry) =>
    e.id !== NEWCOMER_ID && e.status === "BOOKED" && e.slotStart.getTime() > now.getTime();
  const ordered = orderQueue([...input.appointments, newcomer], timeZone);
  const waitWith = (queue: OrderedEntry[]) => {
    const estimate = estimateQueue({
      ordered: queue,
      now,
      consultationMinutes: input.consultationMinutes,
      learnsPace: input.learnsPace,
      recentDurations: input.recentDurations,
      delayMinutes: input.delayMinutes,
      paused: false,
      workStart: workStartOf(input.date, timeZone, input.workingHours) ?? undefined,
    });
    const startAt = estimate.get(NEWCOMER_ID)?.estimatedStartAt.getTime() ?? from;
    return Math.max(0, (startAt - from) / MINUTE_MS);
  };
  const p = clamp01(input.rates.noShowRate);
  const q = clamp01(input.rates.earlyArrivalRate);
  const earlyMs = Math.min(input.rates.meanEarlyMinutes, input.maxEarlyArrivalMinutes) * MINUTE_MS;
  const onTime = waitWith(ordered);
  const nobody = p > 0 ? waitWith(ordered.filter((e) => !notStarted(e))) : onTime;
  // The model takes an absent patient to be available from `slotStart`: moving it earlier (or
  // marking the patient present once that time has passed) is an early arrival.
  const early =
    q > 0 && earlyMs > 0
      ? waitWith(
          ordered.map((e) => {
            if (!notStarted(e)) return e;
            const arrives = e.slotStart.getTime() - earlyMs;
            return arrives <= now.getTime()
              ? { ...e, status: "CHECKED_IN" as const }
              : { ...e, slotStart: new Date(arrives) };
          }),
        )
      : onTime;
  return (1 - p) * ((1 - q) * onTime + q * early) + p * nobody;
}

/**
 * Working slots of the date that have not ended, best first. The priority score (0..100) adds up:
 * 45 for closeness to the preferred hour (all of it at that hour, none 12 hours away; all of it for
 * every slot when no hour is preferred), 35 for the share of the slot's capacity still free after
 * the expected no-shows, and 20 for a short wait (all of it at 0, none at an hour or more). Room and
 * wait both count: a half-empty slot behind a long backlog still keeps the patient waiting.
 */
export function suggestSlots(input: SuggestInput): SlotSuggestion[] {
  const { now, timeZone } = input;
  const expected = expectedConsultationMinutes(
    input.recentDurations,
    input.consultationMinutes,
    input.learnsPace,
  );
  const p = clamp01(input.rates.noShowRate);
  const slotOf = new Map(
    input.appointments.map((a) => [a.id, slotStartOf(a.scheduledAt, timeZone).getTime()]),
  );
  const intervals = workingIntervals(input.date, timeZone, input.workingHours);
  return workingSlotStarts(input.date, timeZone, input.workingHours)
    .filter((start) => slotEndOf(start, timeZone).getTime() > now.getTime())
    .map((start): SlotSuggestion => {
      const time = slotTime(start, timeZone);
      const capacity = capacityOf(
        workingMinutesIn(time.start, time.end, intervals),
        expected,
        input.workingHours.placesPerHour,
      );
      const members = input.appointments.filter((a) => slotOf.get(a.id) === start.getTime());
      const current = members.filter((a) => usesDoctorTime(a.status)).length;
      const booked = members.filter((a) => a.status === "BOOKED").length;
      const expectedLoad = current - booked + booked * (1 - p);
      const freeCapacity = capacity - expectedLoad;
      const wait = newBookingWait(input, start);
      const hour = localHourOf(start, timeZone);
      const proximity =
        input.preferredHour == null ? 1 : Math.max(0, 1 - Math.abs(hour - input.preferredHour) / 12);
      const room = capacity > 0 ? clamp01(freeCapacity / capacity) : 0;
      const shortWait = Math.max(0, 1 - wait / 60);
      return {
        ...time,
        hour,
        currentAppointments: current,
        expectedLoad: round1(expectedLoad),
        capacity,
        freeCapacity: round1(freeCapacity),
        hasRoom: expectedLoad + (1 - p) <= capacity + 1e-9,
        estimatedWaitTime: Math.round(wait),
        priorityScore: Math.round(100 * (0.45 * proximity + 0.35 * room + 0.2 * shortWait)),
      };
    })
    .sort((a, b) => b.priorityScore - a.priorityScore || a.start.getTime() - b.start.getTime());
}
