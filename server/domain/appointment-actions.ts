// Which staff actions apply to an appointment, from its status, payment and date: what a search
// match (or a board row) offers. Pure; the services still check each action when it runs.
import type { AppointmentStatus } from "./types.ts";
import { isOpenStatus, isWaitingStatus } from "./types.ts";

export type AppointmentActions = {
  canCheckIn: boolean;
  canReschedule: boolean;
  canCancel: boolean;
  canRecordPayment: boolean;
  canEdit: boolean;
};

/** `date` and `today` are hospital-local "YYYY-MM-DD" (they compare as strings). */
export function actionsFor(
  a: { status: AppointmentStatus; paid: boolean; date: string },
  today: string,
): AppointmentActions {
  const open = isOpenStatus(a.status);
  const notPast = a.date >= today;
  return {
    // Check-in is for today's queue only; a booked patient of another day comes on their day.
    canCheckIn: a.status === "BOOKED" && a.date === today,
    // Moving is for patients not yet called, on today or a later day.
    canReschedule: isWaitingStatus(a.status) && notPast,
    canCancel: open && notPast,
    canRecordPayment: open && !a.paid,
    // Name, phone and note stay editable while the visit is open or on its own day (a typo fixed after).
    canEdit: open || a.date === today,
  };
}
