// The day a staff screen shows: from `?date=YYYY-MM-DD` (a date that does not exist, or outside the
// supported years, falls back to today), and what may be done on it: a past day is read only, a
// later day takes bookings but nobody can be called yet.
import { isSupportedDate } from "@/server/domain/time";

/** The page's date: the asked one when it is a real date in the supported years, else today. */
export function pageDate(param: string | string[] | undefined, today: string): string {
  const value = Array.isArray(param) ? param[0] : param;
  return typeof value === "string" && /^\d{4}-\d{2}-\d{2}$/.test(value) && isSupportedDate(value)
    ? value
    : today;
}

export type DayKind = "past" | "today" | "future";

export function dayKind(date: string, today: string): DayKind {
  return date < today ? "past" : date > today ? "future" : "today";
}

/** Why a control is missing on a past day (the board and the doctor's page say the same). */
export const READ_ONLY_REASON = "This day is over: read only.";
/** Why Call next waits on a later day. */
export const NOT_YET_REASON = "Patients can be called on the day itself.";

/** The pause reasons offered on the board and the doctor's page (one list). */
export const PAUSE_REASONS = ["Short break", "Called to the ward", "Lunch", "Paperwork"] as const;
