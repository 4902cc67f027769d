// Dates and times on the admin screens, in the hospital's time zone.

const formats = new Map<string, Intl.DateTimeFormat>();

/** "5 Dec 2026, 14:05" in the given zone; "—" for nothing. */
export function dateTime(at: Date | string | null | undefined, timeZone: string): string {
  if (!at) return "—";
  let format = formats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat("en-GB", {
      day: "numeric",
      month: "short",
      year: "numeric",
      hour: "2-digit",
      minute: "2-digit",
      timeZone,
    });
    formats.set(timeZone, format);
  }
  return format.format(new Date(at));
}

/** "Friday 25 December 2026" for a "YYYY-MM-DD" date. */
export function dayName(date: string): string {
  return new Intl.DateTimeFormat("en-GB", {
    weekday: "long",
    day: "numeric",
    month: "long",
    year: "numeric",
    timeZone: "UTC",
  }).format(new Date(`${date}T12:00:00Z`));
}
