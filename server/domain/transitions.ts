// What staff may do to an appointment in each status (rule 1), when check-in opens (rule 5) and
// when a patient who has not come becomes a no-show (rule 6).
import { DomainError } from "./errors.ts";
import { formatLocalTime, slotStartOf } from "./time.ts";
import { type AppointmentStatus, OPEN_STATUSES } from "./types.ts";

export type QueueAction = "checkIn" | "call" | "start" | "complete" | "noShow" | "restore" | "cancel";

export const TRANSITIONS: Readonly<
  Record<QueueAction, { from: readonly AppointmentStatus[]; to: AppointmentStatus }>
> = {
  checkIn: { from: ["BOOKED"], to: "CHECKED_IN" },
  call: { from: ["CHECKED_IN"], to: "CALLED" },
  start: { from: ["CALLED"], to: "IN_CONSULTATION" },
  complete: { from: ["IN_CONSULTATION"], to: "COMPLETED" },
  noShow: { from: ["BOOKED", "CHECKED_IN", "CALLED"], to: "NO_SHOW" },
  restore: { from: ["NO_SHOW"], to: "CHECKED_IN" },
  cancel: { from: OPEN_STATUSES, to: "CANCELLED" },
};

/** Statuses an undo can take back, within UNDO_WINDOW_MINUTES, to the status before them. */
export const UNDOABLE_STATUSES: readonly AppointmentStatus[] = ["NO_SHOW", "COMPLETED", "CANCELLED"];
export const UNDO_WINDOW_MINUTES = 5;

const ACTION_NAMES: Record<QueueAction, string> = {
  checkIn: "check in",
  call: "call",
  start: "start the consultation",
  complete: "complete",
  noShow: "mark as a no-show",
  restore: "restore",
  cancel: "cancel",
};

const WHERE_THEY_ARE: Record<AppointmentStatus, string> = {
  BOOKED: "the patient has not checked in yet",
  CHECKED_IN: "the patient is waiting and has not been called",
  CALLED: "the patient has been called and the consultation has not started",
  IN_CONSULTATION: "the patient is already in consultation",
  COMPLETED: "the visit is already completed",
  NO_SHOW: "the patient was marked as a no-show",
  CANCELLED: "the appointment was cancelled",
};

// Where the general reason reads oddly for the action, or where staff need to know what to do instead.
const REASON: Partial<Record<`${QueueAction}:${AppointmentStatus}`, string>> = {
  "checkIn:CHECKED_IN": "the patient is already checked in",
  "call:CALLED": "the patient has already been called",
  "start:CHECKED_IN": "the patient has not been called yet. Call them first",
  "start:BOOKED": "the patient has not checked in yet. Check them in and call them first",
  "call:BOOKED": "the patient has not checked in yet. Check them in first",
  "checkIn:NO_SHOW": "the patient was marked as a no-show. Use Restore to put them back in the queue",
  "noShow:IN_CONSULTATION": "the patient is already in consultation. Complete the consultation instead",
  "restore:BOOKED": "the patient is not a no-show and is still in the queue",
  "restore:CHECKED_IN": "the patient is not a no-show and is still in the queue",
  "restore:CALLED": "the patient is not a no-show and is still in the queue",
  "restore:IN_CONSULTATION": "the patient is already in consultation",
};

export function canTransition(from: AppointmentStatus, action: QueueAction): boolean {
  return TRANSITIONS[action].from.includes(from);
}

/** The reason staff read when an action is refused, e.g. "Cannot check in: the patient is already in consultation." */
export function refusalMessage(from: AppointmentStatus, action: QueueAction): string {
  return `Cannot ${ACTION_NAMES[action]}: ${REASON[`${action}:${from}`] ?? WHERE_THEY_ARE[from]}.`;
}

/** The status after `action`, or a CONFLICT that says why the action is not possible now. */
export function assertTransition(from: AppointmentStatus, action: QueueAction): AppointmentStatus {
  if (!canTransition(from, action)) throw new DomainError("TRANSITION_REFUSED", refusalMessage(from, action));
  return TRANSITIONS[action].to;
}

/**
 * Undo of a mistaken no-show, completion or cancellation: back to the status before it, within a
 * few minutes. `changedAt` is when the mistaken change was made.
 */
export function assertUndo(
  current: AppointmentStatus,
  previous: AppointmentStatus,
  changedAt: Date,
  now: Date,
): AppointmentStatus {
  if (
    !UNDOABLE_STATUSES.includes(current) ||
    !(OPEN_STATUSES as readonly AppointmentStatus[]).includes(previous)
  ) {
    throw new DomainError(
      "UNDO_NOT_ALLOWED",
      `Cannot undo: ${WHERE_THEY_ARE[current]}, and only a no-show, completion or cancellation can be undone.`,
    );
  }
  if (now.getTime() - changedAt.getTime() > UNDO_WINDOW_MINUTES * 60_000) {
    throw new DomainError(
      "UNDO_TOO_LATE",
      `Cannot undo: it is more than ${UNDO_WINDOW_MINUTES} minutes since the change.`,
    );
  }
  return previous;
}

/**
 * Check-in opens `maxEarlyMinutes` before the slot start. Without a time zone the appointment time
 * stands in for the slot start (the same when appointments are booked on the hour).
 */
export function earlyArrivalWindow(
  scheduledAt: Date,
  maxEarlyMinutes: number,
  now: Date,
  timeZone?: string,
): { opensAt: Date; open: boolean } {
  const slotStart = timeZone ? slotStartOf(scheduledAt, timeZone) : scheduledAt;
  const opensAt = new Date(slotStart.getTime() - Math.max(0, maxEarlyMinutes) * 60_000);
  return { opensAt, open: now.getTime() >= opensAt.getTime() };
}

/** What reception reads when a patient is too early to check in: "Check-in opens at 09:30." */
export function checkInRefusal(opensAt: Date, timeZone: string): string {
  return `Check-in opens at ${formatLocalTime(opensAt, timeZone)}.`;
}

/**
 * When a patient still BOOKED becomes a no-show. Counted from their own appointment time, which is
 * the slot start for on-the-hour bookings and never marks a 09:45 booking absent at 09:15.
 */
export function noShowDueAt(scheduledAt: Date, graceMinutes: number): Date {
  return new Date(scheduledAt.getTime() + Math.max(0, graceMinutes) * 60_000);
}

/**
 * When the sweeper marks a patient still BOOKED: at the time staff scheduled with their own grace
 * (`scheduledDueAt`, which may be later or sooner than the default), else after the default grace.
 */
export function effectiveNoShowDueAt(
  scheduledAt: Date,
  graceMinutes: number,
  scheduledDueAt: Date | null,
): Date {
  return scheduledDueAt ?? noShowDueAt(scheduledAt, graceMinutes);
}

/** Minutes a staff no-show may wait for: up to a working day. */
export const MAX_NO_SHOW_GRACE_MINUTES = 720;
