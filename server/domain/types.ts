// The queue's vocabulary, independent of how appointments are stored.
/** Every status an appointment can have, in the order of a visit (rule 1); the one list of them. */
export const APPOINTMENT_STATUSES = [
  "BOOKED",
  "CHECKED_IN",
  "CALLED",
  "IN_CONSULTATION",
  "COMPLETED",
  "NO_SHOW",
  "CANCELLED",
] as const;
export type AppointmentStatus = (typeof APPOINTMENT_STATUSES)[number];

export type Priority = "NORMAL" | "URGENT";

export type QueueEntryInput = {
  id: string;
  ticket: number;
  status: AppointmentStatus;
  priority: Priority;
  scheduledAt: Date;
  bookedAt: Date;
  paidAt: Date | null;
  /** Set by a manual move (or a restore); null while the entry follows the base order. */
  orderRank: number | null;
  checkedInAt: Date | null;
  calledAt: Date | null;
  startedAt: Date | null;
  /** The patient said they are running this many minutes late: not expected before scheduledAt plus this. */
  lateMinutes?: number | null;
};

/** The statuses that make up a queue (rule 2). */
export const OPEN_STATUSES = [
  "BOOKED",
  "CHECKED_IN",
  "CALLED",
  "IN_CONSULTATION",
] as const satisfies readonly AppointmentStatus[];
/** The statuses that hold a position (rule 8): not yet called. */
export const WAITING_STATUSES = ["BOOKED", "CHECKED_IN"] as const satisfies readonly AppointmentStatus[];

/** The statuses that end a visit: no longer in the queue. */
export const CLOSED_STATUSES = [
  "COMPLETED",
  "NO_SHOW",
  "CANCELLED",
] as const satisfies readonly AppointmentStatus[];

export type OpenStatus = (typeof OPEN_STATUSES)[number];
export type WaitingStatus = (typeof WAITING_STATUSES)[number];

export const isOpenStatus = (status: AppointmentStatus): status is OpenStatus =>
  (OPEN_STATUSES as readonly AppointmentStatus[]).includes(status);
export const isWaitingStatus = (status: AppointmentStatus): status is WaitingStatus =>
  (WAITING_STATUSES as readonly AppointmentStatus[]).includes(status);
