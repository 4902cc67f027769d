// The patient search's pure parts: matches grouped by day (today, then coming days, then past
// ones), the list's keyboard moves and the count said to screen readers.
import { addDays, longDate } from "./format";

export type DatedMatch = { date: string; scheduledAt: Date | string };
export type MatchGroup<T> = { date: string; label: string; matches: T[] };

/** "Today", "Tomorrow", "Yesterday" or "Thursday 12 March". */
export function dayLabel(date: string, today: string): string {
  if (date === today) return "Today";
  if (date === addDays(today, 1)) return "Tomorrow";
  if (date === addDays(today, -1)) return "Yesterday";
  return longDate(date);
}

/** Today first, then the coming days soonest first, then past days latest first; by time within a day. */
export function groupMatches<T extends DatedMatch>(matches: readonly T[], today: string): MatchGroup<T>[] {
  const byDate = new Map<string, T[]>();
  for (const m of matches) byDate.set(m.date, [...(byDate.get(m.date) ?? []), m]);
  const rank = (d: string) => (d === today ? 0 : d > today ? 1 : 2);
  return [...byDate.entries()]
    .sort(([a], [b]) => rank(a) - rank(b) || (rank(a) === 2 ? b.localeCompare(a) : a.localeCompare(b)))
    .map(([date, list]) => ({
      date,
      label: dayLabel(date, today),
      matches: [...list].sort(
        (x, y) => new Date(x.scheduledAt).getTime() - new Date(y.scheduledAt).getTime(),
      ),
    }));
}

/** The matches in the order the list shows them (what the arrow keys walk). */
export const flatten = <T>(groups: readonly MatchGroup<T>[]): T[] => groups.flatMap((g) => g.matches);

/** The active index after a key: arrows wrap, Home and End jump; null when the key is not a move. */
export function moveActive(current: number, key: string, count: number): number | null {
  if (count === 0) return null;
  if (key === "ArrowDown") return current < 0 ? 0 : (current + 1) % count;
  if (key === "ArrowUp") return current <= 0 ? count - 1 : current - 1;
  if (key === "Home") return 0;
  if (key === "End") return count - 1;
  return null;
}

/** What the live region says once a search has answered. */
export function resultsAnnouncement(count: number, limit: number): string {
  if (count === 0) return "No patient matches.";
  if (count >= limit) return `${count} or more patients match; type more to narrow.`;
  return count === 1 ? "1 patient matches." : `${count} patients match.`;
}

/** A search is worth sending from 2 characters (a name's start, part of a phone number). */
export const searchable = (q: string) => q.trim().length >= 2;

/** The "/" shortcut focuses the search unless the person is typing somewhere. */
export function isTypingTarget(target: EventTarget | null): boolean {
  if (!target || typeof (target as Element).tagName !== "string") return false;
  const el = target as HTMLElement;
  return (
    ["INPUT", "TEXTAREA", "SELECT"].includes(el.tagName) ||
    el.isContentEditable === true ||
    el.getAttribute?.("contenteditable") === "true"
  );
}

/** "YYYY-MM-DD" of an instant in a time zone. */
export function localDateIn(ms: number, timeZone: string): string {
  return new Intl.DateTimeFormat("en-CA", {
    timeZone,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
  }).format(new Date(ms));
}
