// A doctor's day as hospital-local 1-hour slots: the queue grouped by slot, the overlap analysis of a
// time window, and ranked slots for a new booking. Pure: the data and `now` come in as arguments.
import { DomainError } from "./errors.ts";
import { estimateQueue, expectedConsultationMinutes } from "./estimate.ts";
import {
  type DoctorHours,
  workingIntervals,
  workingMinutesIn,
  workingSlotStarts,
  workStartOf,
} from "./hours.ts";
import { type OrderedEntry, orderQueue } from "./ordering.ts";
import {
  addDays,
  EARLIEST_INSTANT,
  END_OF_SUPPORTED_YEARS,
  formatLocalTime,
  localDateOf,
  localHourOf,
  slotEndOf,
  slotStartOf,
  zonedTimeToUtc,
} from "./time.ts";
import { type AppointmentStatus, isOpenStatus, isWaitingStatus, type QueueEntryInput } from "./types.ts";

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
export const MAX_WINDOW_HOURS = 24;

export type StatusCounts = Record<AppointmentStatus, number>;
/** The doctor's week and days off (server/domain/hours.ts), with the most patients an hour takes. */
export type WorkingHours = DoctorHours & { placesPerHour?: number | null };
export { isoWeekday, workingSlotStarts } from "./hours.ts";

/** What slot grouping needs of an entry; callers' entries keep their other fields. */
export type SlotEntryInput = { appointmentId: string; status: AppointmentStatus; scheduledAt: Date };
/** `slotPosition`: 1..k among the slot's waiting entries in queue order, 0 once called (like `position`). */
export type SlotEntry<T> = T & { slotPosition: number };
export type SlotTime = { start: Date; end: Date; label: string; timeSlot: string };

export type Slot<T extends SlotEntryInput> = SlotTime & {
  withinWorkingHours: boolean;
  /** Open entries in queue order. */
  entries: SlotEntry<T>[];
  /** Completed, no-show and cancelled appointments of the slot. */
  finished: T[];
  counts: StatusCounts;
  /** Appointments that take the doctor's time: open and completed ones. */
  load: number;
  capacity: number;
  freeCapacity: number;
  overflow: number;
};

/** A slot's bounds and name: "01:00-02:00" even when a DST change makes it 1 or 2 real hours (time.ts). */
export function slotTime(start: Date, timeZone: string): SlotTime {
  const end = slotEndOf(start, timeZone);
  const hour = localHourOf(start, timeZone);
  const label = formatLocalTime(start, timeZone);
  return { start, end, label, timeSlot: `${label}-${String((hour + 1) % 24).padStart(2, "0")}:00` };
}

/** Whole consultations of the expected length that fit in `minutes`. */
export function capacityFor(minutes: number, expectedMinutes: number): number {
  return expectedMinutes > 0 ? Math.floor(minutes / expectedMinutes + 1e-9) : 0;
}

/**
 * Patients `minutes` of working time take: the doctor's places per hour when set (pro rata, whole
 * places), else the whole consultations of the expected length that fit.
 */
export function capacityOf(minutes: number, expectedMinutes: number, placesPerHour?: number | null): number {
  if (placesPerHour != null && placesPerHour > 0) return Math.floor((placesPerHour * minutes) / 60 + 1e-9);
  return capacityFor(minutes, expectedMinutes);
}

const usesDoctorTime = (status: AppointmentStatus) => isOpenStatus(status) || status === "COMPLETED";

export function countStatuses(entries: readonly { status: AppointmentStatus }[]): StatusCounts {
  const counts: StatusCounts = {
    BOOKED: 0,
    CHECKED_IN: 0,
    CALLED: 0,
    IN_CONSULTATION: 0,
    COMPLETED: 0,
    NO_SHOW: 0,
    CANCELLED: 0,
  };
  for (const e of entries) counts[e.status]++;
  return counts;
}

/** Positions of entries given in queue order: waiting ones 1..k, the others 0. */
function positionsInOrder(entries: readonly { status: AppointmentStatus }[]): number[] {
  let waiting = 0;
  return entries.map((e) => (isWaitingStatus(e.status) ? ++waiting : 0));
}

/**
 * The day's slots: the working slots, plus any slot holding an appointment outside them, in time
 * order. `entries` are the day's appointments with the open ones in queue order (a snapshot's order).
 */
export function groupIntoSlots<T extends SlotEntryInput>(input: {
  date: string;
  timeZone: string;
  entries: readonly T[];
  workingHours: WorkingHours;
  expectedMinutes: number;
}): Slot<T>[] {
  const { timeZone } = input;
  const intervals = workingIntervals(input.date, timeZone, input.workingHours);
  const slots = new Map<number, { time: SlotTime; within: boolean; members: T[] }>();
  for (const start of workingSlotStarts(input.date, timeZone, input.workingHours)) {
    slots.set(start.getTime(), { time: slotTime(start, timeZone), within: true, members: [] });
  }
  for (const entry of input.entries) {
    const start = slotStartOf(entry.scheduledAt, timeZone);
    let slot = slots.get(start.getTime());
    if (!slot) {
      slot = { time: slotTime(start, timeZone), within: false, members: [] };
      slots.set(start.getTime(), slot);
    }
    slot.members.push(entry);
  }
  return [...slots.values()]
    .sort((a, b) => a.time.start.getTime() - b.time.start.getTime())
    .map(({ time, within, members }) => {
      const open = members.filter((e) => isOpenStatus(e.status));
      const positions = positionsInOrder(open);
      const load = members.filter((e) => usesDoctorTime(e.status)).length;
      // The slot's working minutes (a period starting or ending inside it, a lunch break); none outside hours.
      const capacity = within
        ? capacityOf(
            workingMinutesIn(time.start, time.end, intervals),
            input.expectedMinutes,
            input.workingHours.placesPerHour,
          )
        : 0;
      return {
        ...time,
        withinWorkingHours: within,
        entries: open.map((e, i) => ({ ...e, slotPosition: positions[i] ?? 0 })),
        finished: members.filter((e) => !isOpenStatus(e.status)),
        counts: countStatuses(members),
        load,
        capacity,
        freeCapacity: Math.max(0, capacity - load),
        overflow: Math.max(0, load - capacity),
      };
    });
}

/** Where an appointment stands among the open entries of its own slot (`entries` in queue order). */
export function positionInSlot<T extends SlotEntryInput>(
  entries: readonly T[],
  appointmentId: string,
  timeZone: string,
): { slot: SlotTime; slotPosition: number | null; slotSize: number; slotWaiting: number } | null {
  const entry = entries.find((e) => e.appointmentId === appointmentId);
  if (!entry) return null;
  const start = slotStartOf(entry.scheduledAt, timeZone);
  const open = entries.filter(
    (e) => isOpenStatus(e.status) && slotStartOf(e.scheduledAt, timeZone).getTime() === start.getTime(),
  );
  const positions = positionsInOrder(open);
  const at = open.findIndex((e) => e.appointmentId === appointmentId);
  return {
    slot: slotTime(start, timeZone),
    slotPosition: at < 0 ? null : (positions[at] ?? 0),
    slotSize: open.length,
    slotWaiting: open.filter((e) => isWaitingStatus(e.status)).length,
  };
}

// --- Overlaps of a window ---------------------------------------------------------------------

const LOCAL_DATETIME = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})(?::(\d{2})(?:\.\d+)?)?$/;

/** An instant from an ISO time: with an offset (or Z) as given, without one in hospital-local time. */
export function instantOf(value: Date | string, timeZone: string): Date {
  if (value instanceof Date) return value;
  try {
    const local = LOCAL_DATETIME.exec(value);
    const instant = local
      ? new Date(zonedTimeToUtc(local[1]!, local[2]!, timeZone).getTime() + Number(local[3] ?? 0) * 1000)
      : new Date(value);
    if (!Number.isNaN(instant.getTime())) return instant;
  } catch {
    // Not a real date or time: refused below.
  }
  throw new DomainError("TIME_NOT_UNDERSTOOD", `"${value.slice(0, 40)}" is not a time we understand.`);
}

/** Times a clinic's queue can be about: the supported years (one rule with every date input). */
const EARLIEST = EARLIEST_INSTANT.getTime();
const LATEST = END_OF_SUPPORTED_YEARS.getTime();

export function assertWindow(start: Date, end: Date): void {
  if (start.getTime() < EARLIEST || end.getTime() >= LATEST) {
    throw new DomainError("SLOT_WINDOW_INVALID", "Choose a time between the years 2000 and 2099.");
  }
  if (end.getTime() <= start.getTime()) {
    throw new DomainError("SLOT_WINDOW_INVALID", "The end of the slot must be after its start.");
  }
  if (end.getTime() - start.getTime() > MAX_WINDOW_HOURS * HOUR_MS) {
    throw new DomainError(
      "SLOT_WINDOW_INVALID",
      `A slot window can be at most ${MAX_WINDOW_HOURS} hours long.`,
    );
  }
}

/** The hospital-local dates a window [start, end) touches, in order. */
export function datesTouched(start: Date, end: Date, timeZone: string): string[] {
  const last = localDateOf(new Date(end.getTime() - 1), timeZone);
  const dates = [localDateOf(start, timeZone)];
  while (dates.length < 4 && (dates.at(-1) ?? last) < last) dates.push(addDays(dates.at(-1)!, 1));
  return dates;
}

export type WindowEntry<T> = T & { windowPosition: number; overflow: boolean };
export type OverflowTarget = SlotTime & {
  direction: "earlier" | "later";
  freeCapacity: number;
  /** How many of the overflow this slot could take. */
  moves: number;
};

/**
 * The appointments of a window, its capacity at the doctor's expected consultation length, and the
 * overflow: the last waiting entries in queue order beyond capacity. The overflow is offered to the
 * nearest working slots with room that have not ended (later first on a tie).
 */
export function analyzeWindow<T extends SlotEntryInput>(input: {
  start: Date;
  end: Date;
  now: Date;
  timeZone: string;
  expectedMinutes: number;
  /** The doctor's places per hour, when set (else the expected length decides). */
  placesPerHour?: number | null;
  /** The days' appointments, open ones in queue order. */
  entries: readonly T[];
  /** Every slot of the days the window touches. */
  slots: readonly Slot<T>[];
}) {
  const { start, end, timeZone } = input;
  assertWindow(start, end);
  const t0 = start.getTime();
  const t1 = end.getTime();
  const members = input.entries.filter((e) => e.scheduledAt.getTime() >= t0 && e.scheduledAt.getTime() < t1);
  const open = members.filter((e) => isOpenStatus(e.status));
  const positions = positionsInOrder(open);
  const minutes = (t1 - t0) / MINUTE_MS;
  const capacity = capacityOf(minutes, input.expectedMinutes, input.placesPerHour);
  const load = members.filter((e) => usesDoctorTime(e.status)).length;
  const overflow = Math.max(0, load - capacity);
  const waiting = open.filter((e) => isWaitingStatus(e.status));
  const overflowIds = new Set(
    waiting.slice(waiting.length - Math.min(overflow, waiting.length)).map((e) => e.appointmentId),
  );

  const candidates = input.slots
    .filter(
      (s) =>
        s.withinWorkingHours &&
        s.freeCapacity >= 1 &&
        s.end.getTime() > input.now.getTime() &&
        (s.end.getTime() <= t0 || s.start.getTime() >= t1),
    )
    .map((s) => {
      const later = s.start.getTime() >= t1;
      return { s, later, distance: later ? s.start.getTime() - t1 : t0 - s.end.getTime() };
    })
    .sort((a, b) => a.distance - b.distance || Number(b.later) - Number(a.later));
  let unplaced = overflow;
  const overflowTargets: OverflowTarget[] = [];
  for (const { s, later } of candidates) {
    if (unplaced <= 0) break;
    const moves = Math.min(unplaced, s.freeCapacity);
    overflowTargets.push({
      ...slotTime(s.start, timeZone),
      direction: later ? "later" : "earlier",
      freeCapacity: s.freeCapacity,
      moves,
    });
    unplaced -= moves;
  }

  return {
    start,
    end,
    label: `${formatLocalTime(start, timeZone)}-${formatLocalTime(end, timeZone)}`,
    minutes,
    capacity,
    load,
    overflow,
    counts: countStatuses(members),
    entries: open.map(
      (e, i): WindowEntry<T> => ({
        ...e,
        windowPosition: positions[i] ?? 0,
        overflow: overflowIds.has(e.appointmentId),
      }),
    ),
    overflowTargets,
    /** Overflow that no nearby working slot has room for. */
    unplaced,
  };
}

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
