import { type DoctorHours, workingIntervals, workingMinutesIn, workingSlotStarts } from "./hours.ts";
import { formatLocalTime, localHourOf, slotEndOf, slotStartOf } from "./time.ts";
import { type AppointmentStatus, isOpenStatus, isWaitingStatus } from "./types.ts";

const MINUTE_MS = 60_000;
const _HOUR_MS = 60 * MINUTE_MS;
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

/** Statuses that take the doctor's time in a slot. */
export const usesDoctorTime = (status: AppointmentStatus) => isOpenStatus(status) || status === "COMPLETED";

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
export function positionsInOrder(entries: readonly { status: AppointmentStatus }[]): number[] {
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
