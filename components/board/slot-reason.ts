// Slot suggestions in words: why a slot is ranked where it is (free places, the expected wait and
// the clinic's no-show pattern), and the time a booking sends for it. Pure, for the slot picker.
import { shortDuration } from "./format";

export type RankedSlot = {
  label: string;
  start: Date | string;
  capacity: number;
  currentAppointments: number;
  freeCapacity: number;
  hasRoom: boolean;
  estimatedWaitTime: number;
  priorityScore: number;
};

/** Slots best first (the API's score), ties by time; full slots last. */
export function rankSlots<T extends RankedSlot>(slots: readonly T[]): T[] {
  return [...slots].sort(
    (a, b) =>
      Number(b.hasRoom) - Number(a.hasRoom) ||
      b.priorityScore - a.priorityScore ||
      new Date(a.start).getTime() - new Date(b.start).getTime(),
  );
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** "2 of 4 places free", "full (4 of 4 booked)". */
export function placesText(s: RankedSlot): string {
  const free = Math.max(0, s.capacity - s.currentAppointments);
  if (s.capacity <= 0) return "no places in this hour";
  if (free === 0) return `full (${s.currentAppointments} of ${s.capacity} booked)`;
  return `${free} of ${plural(s.capacity, "place")} free`;
}

/**
 * "no wait expected", or "wait about 25 min" in the hour under way; in an hour still to come the
 * wait counts from the hour's start and says so ("about 25 min after the hour starts"), so a line
 * read out to a patient is never taken as a wait from now.
 */
export function waitText(minutes: number, hourStarted = true): string {
  if (minutes <= 0) return "no wait expected";
  return hourStarted
    ? `wait about ${shortDuration(minutes)}`
    : `about ${shortDuration(minutes)} after the hour starts`;
}

/**
 * The no-show pattern when it changes the picture: booked patients who often do not come leave
 * room in a slot that looks full. Nothing when nobody is booked or no-shows are rare (< 5%).
 */
export function noShowText(s: RankedSlot, noShowRate: number): string | null {
  if (s.currentAppointments === 0 || !(noShowRate >= 0.05)) return null;
  const expectedAbsent = s.currentAppointments * noShowRate;
  const pct = Math.round(noShowRate * 100);
  if (expectedAbsent >= 0.5)
    return `about ${Math.round(expectedAbsent)} of the ${plural(s.currentAppointments, "booked patient")} may not come (${pct}% no-shows here)`;
  return `${pct}% of booked patients here do not come`;
}

/** The reason in one line: "3 of 4 places free · wait about 10 min · 12% of booked patients ...". */
export function slotReason(s: RankedSlot, noShowRate: number, now: number): string {
  return [
    placesText(s),
    waitText(s.estimatedWaitTime, new Date(s.start).getTime() <= now),
    noShowText(s, noShowRate),
  ]
    .filter(Boolean)
    .join(" · ");
}

/**
 * When a patient booked into this slot is expected to be seen (ms): the slot's wait counts from its
 * start, or from now in the hour under way.
 */
export function seenAround(s: Pick<RankedSlot, "start" | "estimatedWaitTime">, nowMs: number): number {
  return Math.max(new Date(s.start).getTime(), nowMs) + Math.max(0, s.estimatedWaitTime) * 60_000;
}

/**
 * The slot to offer a walk-in, who is at the desk now: the one where they are expected to be seen
 * soonest, among those with room (any, if none has). Not the booking score: each slot's wait counts
 * from its own start, so a later hour with "no wait" looked better than now with a 30-minute wait.
 */
export function walkInChoice<T extends RankedSlot>(slots: readonly T[], nowMs: number): T | undefined {
  const withRoom = slots.filter((s) => s.hasRoom);
  const pool = withRoom.length > 0 ? withRoom : slots;
  let best: T | undefined;
  for (const s of pool) {
    if (!best) best = s;
    else {
      const d = seenAround(s, nowMs) - seenAround(best, nowMs);
      if (d < 0 || (d === 0 && new Date(s.start).getTime() < new Date(best.start).getTime())) best = s;
    }
  }
  return best;
}

/** In the hour under way a booking is for now, later hours for their start. */
export function bookingInstant(s: { start: Date | string }, nowMs: number): Date {
  return new Date(Math.max(new Date(s.start).getTime(), nowMs));
}

/** Refusals about the chosen time: shown under the picker, where the fix is. */
export const SLOT_REASONS: ReadonlySet<string> = new Set([
  "SLOT_ENDED",
  "BOOKING_TOO_FAR_AHEAD",
  "DAY_PASSED",
  "HOUR_PASSED",
  "DOCTOR_NOT_WORKING",
  "WORKING_DAY_ENDED",
  "OUTSIDE_WORKING_HOURS",
  "TIME_DOES_NOT_EXIST",
  "DOCTOR_DAY_OFF",
  "DOCTOR_INACTIVE",
]);

/** The error under the picker: the time's own field error, or a refusal about the time. */
export function slotErrorOf(errors: {
  fields: Record<string, string>;
  reason: string | null;
  message: string | null;
}) {
  const timeField = errors.fields.scheduledAt ?? errors.fields.time ?? errors.fields.date;
  if (timeField) return timeField;
  return errors.reason && SLOT_REASONS.has(errors.reason) ? (errors.message ?? undefined) : undefined;
}
