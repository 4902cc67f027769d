// The weekly-hours editor's rules, checked in the browser before sending (the server checks the
// same): times "HH:MM" ("24:00" ends at midnight), an end after its start, no overlap within a day.

export type Period = { start: string; end: string };
/** Index 0 is Monday, 6 is Sunday (ISO weekday - 1). */
export type Week = Period[][];
export type WeeklyPeriod = { weekday: number; start: string; end: string };

export const WEEKDAYS = [
  "Monday",
  "Tuesday",
  "Wednesday",
  "Thursday",
  "Friday",
  "Saturday",
  "Sunday",
] as const;

const TIME = /^([01]\d|2[0-3]):[0-5]\d$|^24:00$/;

export const minutesOf = (time: string) => {
  const [h = "0", m = "0"] = time.split(":");
  return Number(h) * 60 + Number(m);
};

export const emptyWeek = (): Week => Array.from({ length: 7 }, () => []);

/** The server's list as seven days, each sorted by start. */
export function weekFromPeriods(periods: readonly WeeklyPeriod[]): Week {
  const week = emptyWeek();
  for (const p of periods) week[p.weekday - 1]?.push({ start: p.start, end: p.end });
  for (const day of week) day.sort((a, b) => minutesOf(a.start) - minutesOf(b.start));
  return week;
}

/** The week as the server takes it; `weekly.N` in an error path is the Nth entry of this list. */
export function periodsFromWeek(week: Week): WeeklyPeriod[] {
  return week.flatMap((day, i) => day.map((p) => ({ weekday: i + 1, start: p.start, end: p.end })));
}

/** Monday's periods on Tuesday to Friday (the weekend is left alone). */
export function copyMondayToWeekdays(week: Week): Week {
  const monday = week[0] ?? [];
  return week.map((day, i) => (i >= 1 && i <= 4 ? monday.map((p) => ({ ...p })) : day));
}

/** A new period for a day: after the day's last one when there is room, else 09:00-17:00. */
export function nextPeriod(day: readonly Period[]): Period {
  const last = day.at(-1);
  if (!last) return { start: "09:00", end: "17:00" };
  const start = minutesOf(last.end) + 60;
  if (start + 60 > 24 * 60) return { start: "09:00", end: "17:00" };
  const end = Math.min(start + 4 * 60, 24 * 60);
  return { start: timeOf(start), end: timeOf(end) };
}

/**
 * The day with an hour's break in its one long period (4 hours or more): 12:00-13:00 when the
 * period holds it with an hour either side, else the hour in its middle. Null when there is no
 * such period (no period, or several already). A lunch break took three edits with "Add period".
 */
export function withBreak(day: readonly Period[]): Period[] | null {
  const [only] = day;
  if (day.length !== 1 || !only) return null;
  const start = minutesOf(only.start);
  const end = minutesOf(only.end);
  if (end - start < 4 * 60) return null;
  const noon = 12 * 60;
  const from =
    noon - 60 >= start && noon + 120 <= end ? noon : start + Math.floor((end - start - 60) / 120) * 60;
  return [
    { start: only.start, end: timeOf(from) },
    { start: timeOf(from + 60), end: only.end },
  ];
}

const timeOf = (minutes: number) =>
  `${String(Math.floor(minutes / 60)).padStart(2, "0")}:${String(minutes % 60).padStart(2, "0")}`;

/**
 * What is wrong with the week, keyed like the server's issue paths over `periodsFromWeek`:
 * "weekly.3.end" → "Ends before it starts." Empty when the week can be sent.
 */
export function checkWeek(week: Week): Record<string, string> {
  const errors: Record<string, string> = {};
  let index = 0;
  for (const day of week) {
    const seen: { start: number; end: number; index: number }[] = [];
    for (const p of day) {
      const at = `weekly.${index}`;
      if (!TIME.test(p.start)) errors[`${at}.start`] = "Enter a start time.";
      if (!TIME.test(p.end)) errors[`${at}.end`] = "Enter an end time.";
      if (TIME.test(p.start) && TIME.test(p.end)) {
        const start = minutesOf(p.start);
        const end = minutesOf(p.end);
        if (end <= start) errors[`${at}.end`] = "The end must be after the start.";
        else {
          const clash = seen.find((o) => start < o.end && o.start < end);
          if (clash)
            errors[`${at}.start`] = `Overlaps ${timeOf(clash.start)}–${timeOf(clash.end)} on the same day.`;
          seen.push({ start, end, index });
        }
      }
      index++;
    }
  }
  return errors;
}

/** Days off as the server takes them: unique, sorted. */
export function addDayOff(days: readonly string[], date: string): string[] {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || days.includes(date)) return [...days];
  return [...days, date].sort();
}

const SHORT = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];

/** "Mon–Fri 09:00–12:30, 13:30–17:00 · Sat 09:00–12:00"; consecutive days alike are joined. */
export function weekSummary(periods: readonly WeeklyPeriod[]): string {
  const week = weekFromPeriods(periods);
  const text = week.map((day) => day.map((p) => `${p.start}–${p.end}`).join(", "));
  const parts: string[] = [];
  let i = 0;
  while (i < 7) {
    let j = i;
    while (j + 1 < 7 && text[j + 1] === text[i]) j++;
    if (text[i]) parts.push(`${SHORT[i]}${j > i ? `–${SHORT[j]}` : ""} ${text[i]}`);
    i = j + 1;
  }
  return parts.join(" · ") || "No hours set";
}
