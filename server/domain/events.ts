// The kinds of QueueEvent, the audit trail's vocabulary. The strings are what QueueEvent.type stores
// and what the statistics count, so a stored string never changes; new kinds are only added.
import type { Priority } from "./types.ts";

export const QUEUE_EVENT = {
  BOOKED: "BOOKED",
  WALK_IN: "WALK_IN",
  CHECKED_IN: "CHECKED_IN",
  EARLY_ARRIVAL: "EARLY_ARRIVAL",
  CALLED: "CALLED",
  STARTED: "STARTED",
  COMPLETED: "COMPLETED",
  NO_SHOW_SCHEDULED: "NO_SHOW_SCHEDULED",
  NO_SHOW: "NO_SHOW",
  /** Staff took back a no-show scheduled ahead (noShowDueAt cleared): the default grace applies again. */
  NO_SHOW_CANCELLED: "NO_SHOW_CANCELLED",
  RESTORED: "RESTORED",
  CANCELLED: "CANCELLED",
  MOVED: "MOVED",
  PRIORITY_URGENT: "PRIORITY_URGENT",
  PRIORITY_NORMAL: "PRIORITY_NORMAL",
  PAYMENT_RECORDED: "PAYMENT_RECORDED",
  RESCHEDULED: "RESCHEDULED",
  /**
   * The appointment left this queue day for another date or doctor (data: the target day, its new
   * ticket and time). Its twin RESCHEDULED_IN is recorded on the target day in the same transaction.
   */
  RESCHEDULED_OUT: "RESCHEDULED_OUT",
  /** The appointment came from another queue day (data: where from, its old ticket and time). */
  RESCHEDULED_IN: "RESCHEDULED_IN",
  EMERGENCY: "EMERGENCY",
  EMERGENCY_CLEARED: "EMERGENCY_CLEARED",
  PAUSED: "PAUSED",
  RESUMED: "RESUMED",
  UNDO: "UNDO",
  /** The doctor's details or working hours changed (admin): the day's slots and estimates follow. */
  DOCTOR_CHANGED: "DOCTOR_CHANGED",
  /** The hospital's settings changed (check-in window, defaults, name...): every open day follows. */
  SETTINGS_CHANGED: "SETTINGS_CHANGED",
  /** The patient said, from their tracking link, that they are running late (data.minutes). */
  RUNNING_LATE: "RUNNING_LATE",
  /** Staff corrected the patient's name or phone, or the visit's note (data.fields names which). */
  DETAILS_CHANGED: "DETAILS_CHANGED",
} as const;

export type QueueEventType = (typeof QUEUE_EVENT)[keyof typeof QUEUE_EVENT];

export const QUEUE_EVENT_TYPES: readonly QueueEventType[] = Object.values(QUEUE_EVENT);

/** Narrows a type read back from storage (a string column) to a known kind. */
export const isQueueEventType = (type: string): type is QueueEventType =>
  (QUEUE_EVENT_TYPES as readonly string[]).includes(type);

/** A check-in before the appointment time is recorded as an early arrival (rule 5). */
export const checkInEvent = (scheduledAt: Date, now: Date): QueueEventType =>
  now.getTime() < scheduledAt.getTime() ? QUEUE_EVENT.EARLY_ARRIVAL : QUEUE_EVENT.CHECKED_IN;

export const priorityEvent = (priority: Priority): QueueEventType =>
  priority === "URGENT" ? QUEUE_EVENT.PRIORITY_URGENT : QUEUE_EVENT.PRIORITY_NORMAL;
