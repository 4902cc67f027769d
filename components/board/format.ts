// Times as the clinic reads them: hospital-local clock times and short durations.

const clocks = new Map<string, Intl.DateTimeFormat>();

/** "14:05" in the hospital's time zone. */
export function clockTime(at: Date | string | null | undefined, timeZone: string): string {
  if (!at) return "";
  let format = clocks.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat("en-GB", { hour: "2-digit", minute: "2-digit", timeZone });
    clocks.set(timeZone, format);
  }
  return format.format(new Date(at));
}

/** Whole minutes from `from` to `to` (negative when `to` is earlier). */
export function minutesBetween(from: Date | string, to: Date | string | number): number {
  return Math.round((new Date(to).getTime() - new Date(from).getTime()) / 60_000);
}

/** "4 min", "1 h 05 min". */
export function shortDuration(minutes: number): string {
  const m = Math.max(0, Math.round(minutes));
  if (m === 0) return "under a minute";
  if (m < 60) return `${m} min`;
  return `${Math.floor(m / 60)} h ${String(m % 60).padStart(2, "0")} min`;
}

/** A running timer: "12:07" (minutes:seconds), "1:02:07" past an hour. */
export function elapsed(since: Date | string | number, now: number): string {
  const s = Math.max(0, Math.floor((now - new Date(since).getTime()) / 1000));
  const hh = Math.floor(s / 3600);
  const mm = Math.floor((s % 3600) / 60);
  const ss = String(s % 60).padStart(2, "0");
  return hh > 0 ? `${hh}:${String(mm).padStart(2, "0")}:${ss}` : `${mm}:${ss}`;
}

/** "YYYY-MM-DD" plus `days`. */
export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** "Sunday 29 November" for a "YYYY-MM-DD" date. */
export function longDate(date: string): string {
  return new Intl.DateTimeFormat("en-GB", {
    weekday: "long",
    day: "numeric",
    month: "long",
    timeZone: "UTC",
  }).format(new Date(`${date}T12:00:00Z`));
}

/** Whole minutes since `since`, as a short duration ("12 min"). */
export function elapsedMinutes(since: Date | string, now: number): string {
  return shortDuration(Math.floor((now - new Date(since).getTime()) / 60_000));
}

/**
 * What the cancel dialog says about undoing. On the board the cancelled row, under "Finished today"
 * (folded by default), keeps an Undo button for the undo window, and the toast offers one for its
 * few seconds. Cancelled from elsewhere (the patient search), nothing offers one: `undoWindowMs` null.
 */
export function cancelUndoText(undoWindowMs: number | null): string {
  if (undoWindowMs === null) return "It cannot be undone from here.";
  return `You can undo it for ${Math.round(undoWindowMs / 60_000)} minutes: Undo on its row under Finished today.`;
}
