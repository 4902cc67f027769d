// The overlap analysis of a time window over a doctor's queue (which slots it touches, who falls
// past its end). Pure.
import { DomainError } from "./errors.ts";
import {
  capacityOf,
  countStatuses,
  MAX_WINDOW_HOURS,
  positionsInOrder,
  type Slot,
  type SlotEntryInput,
  type SlotTime,
  slotTime,
  usesDoctorTime,
} from "./slot-grouping.ts";
import {
  addDays,
  EARLIEST_INSTANT,
  END_OF_SUPPORTED_YEARS,
  formatLocalTime,
  localDateOf,
  zonedTimeToUtc,
} from "./time.ts";
import { isOpenStatus, isWaitingStatus } from "./types.ts";

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
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
