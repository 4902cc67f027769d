// How the statistics read: shares as whole percentages, durations in minutes, "–" for no data.
export const dash = "–";

export const pct = (share: number | null | undefined) =>
  share == null ? dash : `${Math.round(share * 100)}%`;

export const mins = (minutes: number | null | undefined) => (minutes == null ? dash : `${minutes} min`);

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
