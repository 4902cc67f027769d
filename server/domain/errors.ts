// Domain errors carry a reason code that clients switch on (`LINK_EXPIRED`, `QUEUE_PAUSED`, ...) and
// a message written for clinic staff or patients, shown as is. The status (tRPC code, hence the HTTP
// status) follows from the reason through the one table below; server/trpc/errors.ts puts both on
// the wire for tRPC and REST.

/** The statuses a domain error can have, named as tRPC names them. */
export type DomainStatus = "BAD_REQUEST" | "UNAUTHORIZED" | "FORBIDDEN" | "NOT_FOUND" | "CONFLICT";

/**
 * Every reason, with its status. The four status names at the end are reasons too, for a refusal
 * that has no finer one yet; what no domain error explains (bad input caught by a schema, a rate
 * limit, a server fault) reaches clients with tRPC's code as its reason, so a client always gets one.
 */
export const REASON_STATUS = {
  // The patient's tracking link (400 bad or expired, 404 unknown appointment).
  LINK_INVALID: "BAD_REQUEST",
  LINK_EXPIRED: "BAD_REQUEST",
  LINK_REPLACED: "BAD_REQUEST",
  APPOINTMENT_MOVED: "BAD_REQUEST",
  // A waiting-room screen's link.
  DISPLAY_LINK_INVALID: "BAD_REQUEST",
  DISPLAY_LINK_EXPIRED: "BAD_REQUEST",
  // Things that do not exist (or not in the caller's hospital).
  APPOINTMENT_NOT_FOUND: "NOT_FOUND",
  APPOINTMENT_NOT_IN_QUEUE: "NOT_FOUND",
  DOCTOR_NOT_FOUND: "NOT_FOUND",
  HOSPITAL_NOT_FOUND: "NOT_FOUND",
  STAFF_NOT_FOUND: "NOT_FOUND",
  API_TOKEN_NOT_FOUND: "NOT_FOUND",
  QUEUE_NOT_FOUND: "NOT_FOUND",
  RECORD_GONE: "NOT_FOUND",
  REFERENCE_MISSING: "BAD_REQUEST",
  // Queue rules: what the appointment's or the queue's state refuses.
  TRANSITION_REFUSED: "CONFLICT",
  CHECK_IN_NOT_OPEN: "CONFLICT",
  CHECK_IN_OTHER_DAY: "CONFLICT",
  QUEUE_PAUSED: "CONFLICT",
  QUEUE_ALREADY_PAUSED: "CONFLICT",
  QUEUE_NOT_PAUSED: "CONFLICT",
  NO_NOTICE: "CONFLICT",
  CALL_PENDING: "CONFLICT",
  NOBODY_WAITING: "CONFLICT",
  CONSULTATION_IN_PROGRESS: "CONFLICT",
  NOT_WAITING: "CONFLICT",
  LEFT_QUEUE: "CONFLICT",
  ALREADY_AT_POSITION: "CONFLICT",
  POSITION_OUT_OF_RANGE: "BAD_REQUEST",
  PRIORITY_UNCHANGED: "CONFLICT",
  NO_SHOW_ALREADY_SCHEDULED: "CONFLICT",
  NO_SHOW_NOT_SCHEDULED: "CONFLICT",
  LATE_NOT_BOOKED: "CONFLICT",
  NOTHING_TO_UNDO: "CONFLICT",
  UNDO_NOT_ALLOWED: "CONFLICT",
  UNDO_TOO_LATE: "CONFLICT",
  UNDO_CLASH: "CONFLICT",
  CONCURRENT_CHANGE: "CONFLICT",
  // Booking, walk-ins, payments, rescheduling.
  SLOT_ENDED: "CONFLICT",
  SLOT_FULL: "CONFLICT",
  BOOKING_TOO_FAR_AHEAD: "BAD_REQUEST",
  DAY_PASSED: "BAD_REQUEST",
  DAY_TOO_FAR_AHEAD: "BAD_REQUEST",
  HOUR_PASSED: "BAD_REQUEST",
  DOCTOR_NOT_WORKING: "BAD_REQUEST",
  WORKING_DAY_ENDED: "BAD_REQUEST",
  OUTSIDE_WORKING_HOURS: "BAD_REQUEST",
  TIME_DOES_NOT_EXIST: "BAD_REQUEST",
  TIME_NOT_UNDERSTOOD: "BAD_REQUEST",
  SLOT_WINDOW_INVALID: "BAD_REQUEST",
  APPOINTMENT_CLOSED: "CONFLICT",
  PAYMENT_ALREADY_RECORDED: "CONFLICT",
  PAYMENT_IN_FUTURE: "BAD_REQUEST",
  RESCHEDULE_NOT_BOOKED: "CONFLICT",
  IDEMPOTENCY_KEY_REUSED: "CONFLICT",
  IDEMPOTENCY_KEY_IN_PROGRESS: "CONFLICT",
  // Statistics.
  INVALID_PERIOD: "BAD_REQUEST",
  // Signing in, roles and scopes.
  SIGN_IN_REQUIRED: "UNAUTHORIZED",
  SIGNED_OUT: "UNAUTHORIZED",
  BAD_CREDENTIALS: "UNAUTHORIZED",
  ACCOUNT_AMBIGUOUS: "CONFLICT",
  ROLE_NOT_ALLOWED: "FORBIDDEN",
  TOKEN_SCOPE_MISSING: "FORBIDDEN",
  SESSION_REQUIRED: "FORBIDDEN",
  SCOPE_NOT_GRANTABLE: "FORBIDDEN",
  NOT_OWN_QUEUE: "FORBIDDEN",
  DOCTOR_ACCOUNT_UNLINKED: "FORBIDDEN",
  CROSS_SITE_REQUEST: "FORBIDDEN",
  // Staff accounts.
  PASSWORD_REJECTED: "BAD_REQUEST",
  DOCTOR_LINK_REQUIRED: "BAD_REQUEST",
  ACCOUNT_EXISTS: "CONFLICT",
  CANNOT_DEACTIVATE_SELF: "BAD_REQUEST",
  LAST_ADMIN: "CONFLICT",
  CURRENT_PASSWORD_WRONG: "BAD_REQUEST",
  RESET_LINK_INVALID: "BAD_REQUEST",
  RESET_LINK_EXPIRED: "BAD_REQUEST",
  // First run and clinic administration.
  SETUP_REQUIRED: "CONFLICT",
  SETUP_DONE: "CONFLICT",
  SETUP_CODE_INVALID: "BAD_REQUEST",
  TIME_ZONE_UNKNOWN: "BAD_REQUEST",
  HOURS_OVERLAP: "BAD_REQUEST",
  HOURS_END_BEFORE_START: "BAD_REQUEST",
  PLACES_PER_HOUR_INVALID: "BAD_REQUEST",
  DOCTOR_INACTIVE: "CONFLICT",
  DOCTOR_DAY_OFF: "BAD_REQUEST",
  SCREEN_NOT_FOUND: "NOT_FOUND",
  DISPLAY_LINK_WITHDRAWN: "BAD_REQUEST",
  // The patient's own actions from their tracking link (self check-in, running late, cancel).
  CHECK_IN_CODE_WRONG: "BAD_REQUEST",
  LATE_REPORTS_USED: "CONFLICT",
  PATIENT_ACTION_CLOSED: "CONFLICT",
  // Web Push from the tracking link: the visit is over (or its day has passed), nothing to notify.
  VISIT_OVER: "CONFLICT",
  // No finer reason.
  BAD_REQUEST: "BAD_REQUEST",
  FORBIDDEN: "FORBIDDEN",
  NOT_FOUND: "NOT_FOUND",
  CONFLICT: "CONFLICT",
} as const satisfies Record<string, DomainStatus>;

export type Reason = keyof typeof REASON_STATUS;

export const REASONS = Object.keys(REASON_STATUS) as Reason[];

export function statusOf(reason: Reason): DomainStatus {
  return REASON_STATUS[reason];
}

export function isReason(value: unknown): value is Reason {
  return typeof value === "string" && Object.hasOwn(REASON_STATUS, value);
}

export class DomainError extends Error {
  override readonly name = "DomainError";
  /** The status, from the reason (server/trpc/errors.ts maps it to tRPC and HTTP). */
  readonly code: DomainStatus;

  /**
   * `field`: the input field the refusal is about (a duplicate email), so a form shows the message
   * there (init.ts's errorFormatter adds it to the field errors).
   */
  constructor(
    readonly reason: Reason,
    message: string,
    readonly field?: string,
  ) {
    super(message);
    this.code = statusOf(reason);
  }
}
