// How the statistics read: shares as whole percentages, durations in minutes, "–" for no data.
export const dash = "–";

export const pct = (share: number | null | undefined) =>
  share == null ? dash : `${Math.round(share * 100)}%`;

export const mins = (minutes: number | null | undefined) => (minutes == null ? dash : `${minutes} min`);

// The two waits the page reports, each under one name wherever it appears (statistics.ts defines them).
export const WAIT_PAST_APPOINTMENT = "Wait past appointment time";
export const WAIT_FROM_CHECK_IN = "Wait from check-in";

export const hourLabel = (hour: number) => `${String(hour).padStart(2, "0")}:00`;

/** "+3.5 min" (later than quoted) or "−2 min" (earlier). */
export const signedMins = (minutes: number | null | undefined) =>
  minutes == null ? dash : `${minutes > 0 ? "+" : minutes < 0 ? "−" : ""}${Math.abs(minutes)} min`;

/** "YYYY-MM-DD" plus whole days. */
export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** "4 Jun" for a "2026-06-04" date, as a chart axis shows it. */
export function shortDate(date: string): string {
  return new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short", timeZone: "UTC" }).format(
    new Date(`${date}T00:00:00Z`),
  );
}

export const CHART_COLORS = {
  primary: "#0f5f8c",
  secondary: "#c2410c",
  tertiary: "#1a6e40",
  muted: "#8aa0ae",
};

const pluralRules = new Map<string, Intl.PluralRules>();

/**
 * The word for `n` things, chosen by the locale's plural rules (Intl.PluralRules): `plural(1, "day",
 * "days")` is "day", `plural(0, ...)` and `plural(2, ...)` "days". `forms` gives words for the other
 * categories a locale has ("few", "many", ...); "one" and "other" are the two English needs.
 */
export function plural(
  n: number,
  one: string,
  other: string,
  locale = "en",
  forms: Partial<Record<Intl.LDMLPluralRule, string>> = {},
): string {
  let rules = pluralRules.get(locale);
  if (!rules) {
    rules = new Intl.PluralRules(locale);
    pluralRules.set(locale, rules);
  }
  const category = rules.select(n);
  return forms[category] ?? (category === "one" ? one : other);
}

/** "1 day", "7 days", "0 walk-ins": the number and its word. */
export const count = (n: number, one: string, other: string, locale = "en") =>
  `${n} ${plural(n, one, other, locale)}`;
