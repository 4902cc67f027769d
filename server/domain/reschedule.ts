// Rescheduling (issue 12): which appointments may move, and what a move to another queue day (another
// date or doctor) resets. Pure; the service (server/services/reschedule.ts) applies it under the locks.
import { DomainError } from "./errors.ts";
import { type AppointmentStatus, isWaitingStatus } from "./types.ts";

/** Only a patient not yet called moves: booked, or checked in and waiting. */
export function assertReschedulable(status: AppointmentStatus): void {
  if (!isWaitingStatus(status))
    throw new DomainError(
      "RESCHEDULE_NOT_BOOKED",
      "Only an appointment that is waiting (booked or checked in, not yet called) can be rescheduled.",
    );
}

/**
 * An appointment's day-specific state on the queue day it moves to, as a fresh booking has it: not
 * checked in (they check in on the new day), no manual place, no no-show scheduled, no lateness
 * reported, nothing quoted. Who the patient is, the note, payment and priority stay.
 */
export function freshOnNewDay(scheduledAt: Date) {
  return {
    scheduledAt,
    status: "BOOKED",
    checkedInAt: null,
    checkedInBy: null,
    calledAt: null,
    orderRank: null,
    noShowDueAt: null,
    lateMinutes: null,
    lateReportedAt: null,
    lateReports: 0,
    quotedStartAt: null,
  } as const;
}
