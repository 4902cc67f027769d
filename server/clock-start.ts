// Applies PQ_CLOCK_START (demos, tests and the e2e server): business time starts at that instant and
// runs at the wall clock's pace, so the demo day, the test suite and the browser journeys are the same
// at any hour. PQ_CLOCK_ANCHOR_MS (the wall instant, in ms, that PQ_CLOCK_START stands for) lets several
// processes (test workers, spawned servers, the seed and its server) share one clock exactly.
// server/env.ts refuses PQ_CLOCK_START in production.
import { clockFrom, setBaseClock } from "./clock.ts";

export type ClockStart = { start: Date; anchorMs: number | undefined };

/** The configured start, or null (the wall clock); throws on a value that is not an ISO instant. */
export function clockStartFrom(source: Record<string, string | undefined>): ClockStart | null {
  const raw = source.PQ_CLOCK_START?.trim();
  if (!raw) return null;
  const start = new Date(raw);
  if (!/^\d{4}-\d{2}-\d{2}T/.test(raw) || Number.isNaN(start.getTime()))
    throw new Error(`PQ_CLOCK_START must be an ISO 8601 instant like 2026-03-11T21:20:00Z (got "${raw}")`);
  const anchor = source.PQ_CLOCK_ANCHOR_MS?.trim();
  const anchorMs = anchor ? Number(anchor) : undefined;
  if (anchorMs !== undefined && !Number.isSafeInteger(anchorMs))
    throw new Error(`PQ_CLOCK_ANCHOR_MS must be a time in ms since 1970 (got "${anchor}")`);
  return { start, anchorMs };
}

/** Installs the configured start instant as this process's clock, if any; returns it (null: the wall clock). */
export function startConfiguredClock(source: Record<string, string | undefined> = process.env): Date | null {
  const configured = clockStartFrom(source);
  if (!configured) return null;
  setBaseClock(clockFrom(configured.start, { anchorMs: configured.anchorMs }));
  return configured.start;
}
