// Hospital-local dates and 1-hour slots with the built-in Intl API. A "date" is "YYYY-MM-DD" in the
// hospital's IANA time zone; a slot is the local hour [HH:00, HH+1:00) (a DST day: see slotStartOf).
const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
const DAY_MS = 24 * HOUR_MS;

type WallClock = { year: number; month: number; day: number; hour: number; minute: number; second: number };

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

// Intl's formatToParts costs ~10 µs; a queue snapshot asks about the same few instants (slot times,
// day bounds) thousands of times, so answers are remembered (a pure function; bounded memory).
const wallClocks = new Map<string, Readonly<WallClock>>();
const MAX_REMEMBERED = 50_000;

function wallClockOf(instant: Date, timeZone: string): Readonly<WallClock> {
  const key = `${timeZone} ${instant.getTime()}`;
  let wall = wallClocks.get(key);
  if (wall) return wall;
  const parts: WallClock = { year: 0, month: 0, day: 0, hour: 0, minute: 0, second: 0 };
  for (const part of formatterFor(timeZone).formatToParts(instant)) {
    if (part.type in parts) parts[part.type as keyof WallClock] = Number(part.value);
  }
  wall = Object.freeze(parts);
  if (wallClocks.size >= MAX_REMEMBERED) wallClocks.clear();
  wallClocks.set(key, wall);
  return wall;
}

const pad = (n: number) => String(n).padStart(2, "0");
const dateOfWall = (w: WallClock) => `${w.year}-${pad(w.month)}-${pad(w.day)}`;
const wallAsUtcMs = (w: WallClock) => Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);

/** Local wall-clock time minus UTC at this instant, in ms (Asia/Kolkata: +5.5 h). */
function offsetMsAt(instantMs: number, timeZone: string): number {
  const wholeSecond = Math.floor(instantMs / 1000) * 1000;
  return wallAsUtcMs(wallClockOf(new Date(wholeSecond), timeZone)) - wholeSecond;
}

/**
 * The years a clinic's dates and times may fall in (one rule for every input): far outside them local
 * calendar arithmetic stops making sense, and nothing a clinic books is there.
 */
export const SUPPORTED_YEARS = { first: 2000, last: 2099 } as const;
/** The first instant of the supported years, and the first one after them (UTC). */
export const EARLIEST_INSTANT = new Date(Date.UTC(SUPPORTED_YEARS.first, 0, 1));
export const END_OF_SUPPORTED_YEARS = new Date(Date.UTC(SUPPORTED_YEARS.last + 1, 0, 1));

/** True for "YYYY-MM-DD" naming a real calendar day (2026-02-30 is not one) in the supported years. */
export function isSupportedDate(date: string): boolean {
  try {
    const { year } = parseDate(date);
    return year >= SUPPORTED_YEARS.first && year <= SUPPORTED_YEARS.last;
  } catch {
    return false;
  }
}

function parseDate(date: string): { year: number; month: number; day: number } {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  const [year, month, day] = match ? [Number(match[1]), Number(match[2]), Number(match[3])] : [0, 0, 0];
  const check = new Date(Date.UTC(year, month - 1, day));
  if (!match || check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) {
    throw new RangeError(`Not a date: "${date}" (expected YYYY-MM-DD).`);
  }
  return { year, month, day };
}

function parseTime(hhmm: string): { hour: number; minute: number } {
  const match = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(hhmm);
  if (!match) throw new RangeError(`Not a time of day: "${hhmm}" (expected HH:MM).`);
  return { hour: Number(match[1]), minute: Number(match[2]) };
}

export function isValidTimeZone(timeZone: string): boolean {
  if (!timeZone) return false;
  try {
    new Intl.DateTimeFormat("en-US", { timeZone });
    return true;
  } catch {
    return false;
  }
}

/** The hospital-local calendar date ("YYYY-MM-DD") of an instant. */
export function localDateOf(instant: Date, timeZone: string): string {
  return dateOfWall(wallClockOf(instant, timeZone));
}

export function localHourOf(instant: Date, timeZone: string): number {
  return wallClockOf(instant, timeZone).hour;
}

/** "HH:MM", 24-hour, in the hospital's time zone. */
export function formatLocalTime(instant: Date, timeZone: string): string {
  const w = wallClockOf(instant, timeZone);
  return `${pad(w.hour)}:${pad(w.minute)}`;
}

/** "Tue 8 Dec", the local day of an instant in the hospital's time zone. */
export function formatLocalDay(instant: Date, timeZone: string): string {
  return new Intl.DateTimeFormat("en-GB", {
    weekday: "short",
    day: "numeric",
    month: "short",
    timeZone,
  }).format(instant);
}

/** "YYYY-MM-DD" plus whole calendar days. */
export function addDays(date: string, days: number): string {
  const { year, month, day } = parseDate(date);
  return new Date(Date.UTC(year, month - 1, day) + days * DAY_MS).toISOString().slice(0, 10);
}

/**
 * The instant a local wall-clock time happens. A time skipped by a DST change (02:30 on a spring
 * day) moves forward by the gap, like a clock that was not changed yet (03:30); a time that happens
 * twice (01:30 on an autumn day) is its first occurrence.
 */
export function zonedTimeToUtc(date: string, hhmm: string, timeZone: string): Date {
  const { year, month, day } = parseDate(date);
  const { hour, minute } = parseTime(hhmm);
  const wallMs = Date.UTC(year, month - 1, day, hour, minute);
  // Offsets in force a day either side cover every instant this wall time can be (offsets are < 1 day).
  const offsets = [
    ...new Set([
      offsetMsAt(wallMs - DAY_MS, timeZone),
      offsetMsAt(wallMs, timeZone),
      offsetMsAt(wallMs + DAY_MS, timeZone),
    ]),
  ];
  const valid = offsets.map((o) => wallMs - o).filter((t) => offsetMsAt(t, timeZone) === wallMs - t);
  if (valid.length > 0) return new Date(Math.min(...valid));
  return new Date(wallMs - Math.min(...offsets));
}

/*
 * Slots on a daylight-saving change day. A slot is one local hour, named by that hour ("01:00-02:00"),
 * and lasts from the hour's first instant to the next local hour's first instant:
 * - spring forward (02:00 -> 03:00): the skipped hour has no slot (0 hours); "01:00-02:00" lasts one
 *   real hour and ends when the clocks read 03:00;
 * - fall back (03:00 -> 02:00): the repeated hour is one slot of two real hours, "02:00-03:00", from
 *   its first 02:00 to the 03:00 after the second; its capacity counts both hours.
 * So a day has one slot per local hour that exists (23 in spring, 24 in autumn), never two with one name.
 */

/** Start of the local hour that contains the instant: the start of its slot (a repeated hour's first occurrence). */
export function slotStartOf(instant: Date, timeZone: string): Date {
  const wall = wallClockOf(instant, timeZone);
  const ms = instant.getTime();
  const candidate = ms - (wall.minute * 60 + wall.second) * 1000 - (((ms % 1000) + 1000) % 1000);
  const check = wallClockOf(new Date(candidate), timeZone);
  if (check.hour === wall.hour && check.minute === 0 && check.second === 0 && check.day === wall.day) {
    // Within a repeated hour, the clock read the same hour an hour earlier: that is the slot's start.
    const before = wallClockOf(new Date(candidate - HOUR_MS), timeZone);
    const repeated = before.hour === wall.hour && before.minute === 0 && before.day === wall.day;
    return new Date(repeated ? candidate - HOUR_MS : candidate);
  }
  return zonedTimeToUtc(dateOfWall(wall), `${pad(wall.hour)}:00`, timeZone);
}

/** End of the slot that starts at `start`: the first instant of the next local hour (or of the next day). */
export function slotEndOf(start: Date, timeZone: string): Date {
  const wall = wallClockOf(start, timeZone);
  const date = dateOfWall(wall);
  return wall.hour >= 23
    ? zonedTimeToUtc(addDays(date, 1), "00:00", timeZone)
    : zonedTimeToUtc(date, `${pad(wall.hour + 1)}:00`, timeZone);
}

/** The local day as UTC instants: [start, end), 23, 24 or 25 hours long. */
export function dayBoundsUtc(date: string, timeZone: string): { start: Date; end: Date } {
  return {
    start: zonedTimeToUtc(date, "00:00", timeZone),
    end: zonedTimeToUtc(addDays(date, 1), "00:00", timeZone),
  };
}

/** Every slot start of a local day, in order (23 on a spring-forward day, 24 on a fall-back day: see above). */
export function slotStartsOfDay(date: string, timeZone: string): Date[] {
  const { start, end } = dayBoundsUtc(date, timeZone);
  const slots: Date[] = [];
  for (
    let t = start.getTime();
    t < end.getTime();
    t = slotEndOf(slots[slots.length - 1]!, timeZone).getTime()
  ) {
    slots.push(slotStartOf(new Date(t), timeZone));
  }
  return slots;
}

/**
 * A working day's bounds on a local date, from "HH:MM" start and end; an end at or before the start
 * (e.g. "00:00") runs to midnight.
 */
export function workingDayBounds(date: string, start: string, end: string, timeZone: string) {
  const from = zonedTimeToUtc(date, start, timeZone);
  let to = zonedTimeToUtc(date, end, timeZone);
  if (to.getTime() <= from.getTime()) to = zonedTimeToUtc(addDays(date, 1), "00:00", timeZone);
  return { start: from, end: to };
}
