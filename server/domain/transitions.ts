// The rules of a queue change, asked by the services under the queue's lock: what staff may do to an
// appointment in each status (rule 1), one patient called and one in the room at a time, what a
// paused queue refuses, when check-in opens (rule 5), moves and priority (rules 3-4), when a patient
// who has not come becomes a no-show (rule 6), and what an undo may take back.
import { DomainError } from "./errors.ts";
import { QUEUE_EVENT } from "./events.ts";
import { callNextCandidate, computeMoveRanks, type OrderedEntry, orderQueue } from "./ordering.ts";
import { formatLocalDay, formatLocalTime, localDateOf, slotStartOf } from "./time.ts";
import {
  type AppointmentStatus,
  isOpenStatus,
  OPEN_STATUSES,
  type Priority,
  type QueueEntryInput,
} from "./types.ts";

/** What a rule needs to know of an appointment to refuse it in staff's words. */
type Ticketed = { id: string; ticket: number; status: AppointmentStatus };

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
/** The events an undo takes back: the changes into UNDOABLE_STATUSES. */
export const UNDOABLE_EVENTS = [QUEUE_EVENT.NO_SHOW, QUEUE_EVENT.COMPLETED, QUEUE_EVENT.CANCELLED] as const;
export type UndoableEvent = (typeof UNDOABLE_EVENTS)[number];
const isUndoableEvent = (type: string): type is UndoableEvent =>
  (UNDOABLE_EVENTS as readonly string[]).includes(type);

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
 * Undo of an appointment's last change (`last`: its kind, what it recorded in `before`, when; null
 * when nothing readable was recorded): only a no-show, completion or cancellation, within the
 * window, and never a second patient called or in the room. Returns `last`, known undoable.
 */
export function assertUndoOf<
  L extends { type: string; before: { status: AppointmentStatus }; createdAt: Date },
>(
  entry: Ticketed,
  last: L | null,
  appointments: readonly Ticketed[],
  now: Date,
): L & { type: UndoableEvent } {
  // The status alone may be the reason (nothing to undo in an open appointment): the rule says why.
  if (!UNDOABLE_STATUSES.includes(entry.status)) assertUndo(entry.status, "BOOKED", now, now);
  if (!last || !isUndoableEvent(last.type))
    throw new DomainError("NOTHING_TO_UNDO", "Cannot undo: there is no recorded change to take back.");
  const previous = assertUndo(entry.status, last.before.status, last.createdAt, now);
  // The room and the call are one patient at a time: an undo may not make a second one.
  const clash = appointments.find(
    (x) =>
      x.id !== entry.id && x.status === previous && (x.status === "IN_CONSULTATION" || x.status === "CALLED"),
  );
  if (clash) {
    const where = clash.status === "CALLED" ? "has been called" : "is in consultation";
    throw new DomainError("UNDO_CLASH", `Cannot undo: ticket ${clash.ticket} ${where} now.`);
  }
  return { ...last, type: last.type };
}

/**
 * The no-show due time of an appointment an undo takes back to BOOKED: the one recorded (else the
 * grace after its time) while still ahead, else a fresh grace from now, or the sweeper would mark
 * the patient again at once.
 */
export function noShowDueAfterUndo(
  scheduledAt: Date,
  graceMinutes: number,
  recordedDueAt: Date | null | undefined,
  now: Date,
): Date {
  const due = recordedDueAt ?? noShowDueAt(scheduledAt, graceMinutes);
  return due.getTime() > now.getTime() ? due : noShowDueAt(now, graceMinutes);
}

/** Call next (rule 5): refused while paused or while a called patient has not started; else who. */
export function nextToCall<T extends QueueEntryInput>(
  queue: { paused: boolean; timeZone: string },
  appointments: readonly T[],
): OrderedEntry<T> {
  if (queue.paused) throw new DomainError("QUEUE_PAUSED", "This doctor's queue is paused. Resume it first.");
  const busy = appointments.find((a) => a.status === "CALLED");
  if (busy)
    throw new DomainError("CALL_PENDING", `Ticket ${busy.ticket} has been called and has not started yet.`);
  const next = callNextCandidate(orderQueue(appointments, queue.timeZone));
  if (!next) throw new DomainError("NOBODY_WAITING", "Nobody is checked in and waiting.");
  return next;
}

/** A consultation starts for the called patient, and only while nobody else is in the room. */
export function assertCanStart(entry: Ticketed, appointments: readonly Ticketed[]): void {
  assertTransition(entry.status, "start");
  const inRoom = appointments.find((x) => x.status === "IN_CONSULTATION");
  if (inRoom)
    throw new DomainError(
      "CONSULTATION_IN_PROGRESS",
      `Ticket ${inRoom.ticket} is still in consultation. Complete it first.`,
    );
}

/**
 * Rule 4: the order ranks that put a waiting entry at `newPosition` of the queue (`ordered`), refused
 * for an entry that has left the queue or already stands there.
 */
export function planMove(entry: Ticketed, ordered: readonly OrderedEntry[], newPosition: number) {
  if (!isOpenStatus(entry.status))
    throw new DomainError(
      "LEFT_QUEUE",
      `Ticket ${entry.ticket} is no longer in the queue, so it cannot be moved.`,
    );
  const ranks = computeMoveRanks(ordered, entry.id, newPosition);
  if (ordered.find((e) => e.id === entry.id)?.position === newPosition)
    throw new DomainError(
      "ALREADY_AT_POSITION",
      `Ticket ${entry.ticket} is already at position ${newPosition}.`,
    );
  return ranks;
}

/** Rule 3: a priority changes for an entry still in the queue, and only to another priority. */
export function assertPriorityChange(entry: Ticketed & { priority: Priority }, priority: Priority): void {
  if (!isOpenStatus(entry.status))
    throw new DomainError("LEFT_QUEUE", `Ticket ${entry.ticket} is no longer in the queue.`);
  if (entry.priority === priority)
    throw new DomainError(
      "PRIORITY_UNCHANGED",
      `Ticket ${entry.ticket} is already ${priority.toLowerCase()}.`,
    );
}

/** The notice of a queue day: a message, a delay, or both. */
type Notice = { delayMessage: string | null; delayMinutes: number };

/** Only a notice that is up can be cleared. */
export function assertNoticeToClear(day: Notice): void {
  if (!day.delayMessage && day.delayMinutes <= 0)
    throw new DomainError("NO_NOTICE", "There is no notice to clear.");
}

/** A queue is paused once; the refusal says why it already is. */
export function assertCanPause(day: { paused: boolean; pausedReason: string | null }): void {
  if (day.paused) {
    const why = day.pausedReason ? ` (${day.pausedReason})` : "";
    throw new DomainError("QUEUE_ALREADY_PAUSED", `This queue is already paused${why}.`);
  }
}

export function assertCanResume(day: { paused: boolean }): void {
  if (!day.paused) throw new DomainError("QUEUE_NOT_PAUSED", "This queue is not paused.");
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

/**
 * What reception reads when a patient is too early to check in: "Check-in opens at 09:30.", with
 * the day when that is not today (`now`'s): "Check-in opens on Tue 8 Dec at 18:30."
 */
export function checkInRefusal(opensAt: Date, timeZone: string, now?: Date): string {
  const time = formatLocalTime(opensAt, timeZone);
  if (!now || localDateOf(opensAt, timeZone) === localDateOf(now, timeZone))
    return `Check-in opens at ${time}.`;
  return `Check-in opens on ${formatLocalDay(opensAt, timeZone)} at ${time}.`;
}

/**
 * Check-in at the desk: from BOOKED only, and not before the window opens (CHECK_IN_NOT_OPEN, with
 * the time it opens) unless staff force it; never, forced or not, for an appointment on another
 * day than today (CHECK_IN_OTHER_DAY) (a patient checked in for tomorrow was told "You're next" a day early). Returns
 * the window.
 */
export function assertCheckIn(
  entry: { status: AppointmentStatus; scheduledAt: Date },
  at: { maxEarlyMinutes: number; now: Date; timeZone: string; force?: boolean },
): { opensAt: Date; open: boolean } {
  assertTransition(entry.status, "checkIn");
  const window = earlyArrivalWindow(entry.scheduledAt, at.maxEarlyMinutes, at.now, at.timeZone);
  if (window.open) return window;
  const otherDay = localDateOf(entry.scheduledAt, at.timeZone) !== localDateOf(at.now, at.timeZone);
  if (otherDay)
    throw new DomainError(
      "CHECK_IN_OTHER_DAY",
      `${checkInRefusal(window.opensAt, at.timeZone, at.now)} This appointment is on another day: it cannot be checked in today.`,
    );
  if (!at.force) throw new DomainError("CHECK_IN_NOT_OPEN", checkInRefusal(window.opensAt, at.timeZone));
  return window;
}

/**
 * When a patient still BOOKED becomes a no-show. Counted from their own appointment time, which is
 * the slot start for on-the-hour bookings and never marks a 09:45 booking absent at 09:15; a patient
 * who said they are running late (`lateMinutes`) gets the grace from the time they said they come.
 */
export function noShowDueAt(scheduledAt: Date, graceMinutes: number, lateMinutes?: number | null): Date {
  const late = Math.max(0, lateMinutes ?? 0);
  return new Date(scheduledAt.getTime() + (late + Math.max(0, graceMinutes)) * 60_000);
}

/**
 * When the sweeper marks a patient still BOOKED: at the time staff scheduled with their own grace
 * (`noShowDueAt`, which may be later or sooner than the default), else after the default grace from
 * their time (and their word that they are late).
 */
export function effectiveNoShowDueAt(entry: Omit<Attendance, "status">, graceMinutes: number): Date {
  return entry.noShowDueAt ?? noShowDueAt(entry.scheduledAt, graceMinutes, entry.lateMinutes);
}

/** What an appointment's no-show fields say, for the no-show rules. */
type Attendance = {
  status: AppointmentStatus;
  scheduledAt: Date;
  noShowDueAt: Date | null;
  /** "Running late" by this many minutes, in the patient's own word. */
  lateMinutes?: number | null;
};

/**
 * Staff mark a no-show: a patient who has not arrived only once the grace after their time has
 * passed (before that it is scheduled, once: asking again for the same time is refused), one who
 * checked in or was called at once (the grace is for arriving).
 */
export function planNoShow(
  entry: Attendance,
  graceMinutes: number,
  now: Date,
  timeZone: string,
): { mark: true } | { mark: false; dueAt: Date } {
  assertTransition(entry.status, "noShow");
  const dueAt = noShowDueAt(entry.scheduledAt, graceMinutes, entry.lateMinutes);
  if (entry.status !== "BOOKED" || now.getTime() >= dueAt.getTime()) return { mark: true };
  if (entry.noShowDueAt?.getTime() === dueAt.getTime())
    throw new DomainError(
      "NO_SHOW_ALREADY_SCHEDULED",
      `A no-show is already scheduled for ${formatLocalTime(dueAt, timeZone)}.`,
    );
  return { mark: false, dueAt };
}

/**
 * Staff take back a no-show they scheduled ahead: only while it is still ahead of a patient who has
 * not arrived. What stays is the usual rule (isNoShowDue with the hospital's grace).
 */
export function assertNoShowScheduled(entry: Attendance): Date {
  if (entry.status !== "BOOKED" || !entry.noShowDueAt)
    throw new DomainError("NO_SHOW_NOT_SCHEDULED", "No no-show is scheduled for this appointment.");
  return entry.noShowDueAt;
}

/**
 * The sweeper's question, asked again under the queue's lock: the appointment is still BOOKED and
 * due at `now` (by the time staff scheduled, else the default grace).
 */
export function isNoShowDue(entry: Attendance, graceMinutes: number, now: Date): boolean {
  return entry.status === "BOOKED" && now.getTime() >= effectiveNoShowDueAt(entry, graceMinutes).getTime();
}

/** Minutes a staff no-show may wait for: up to a working day. */
export const MAX_NO_SHOW_GRACE_MINUTES = 720;
