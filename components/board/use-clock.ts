"use client";
// Clocks for what changes with time: early/late markers every minute, a consultation timer every second.
import { useEffect, useState } from "react";
import { businessNow } from "../business-time";

function useClock(everyMs: number): number {
  const [now, setNow] = useState(() => Math.floor(businessNow() / everyMs) * everyMs);
  useEffect(() => {
    const tick = () => setNow(Math.floor(businessNow() / everyMs) * everyMs);
    const timer = setInterval(tick, Math.min(everyMs, 15_000));
    return () => clearInterval(timer);
  }, [everyMs]);
  return now;
}

/** Now, rounded down to the minute (re-renders once a minute). */
export const useMinuteClock = () => useClock(60_000);
/**
 * A count-up timer `ms` after its start (negative: before it): the whole seconds to show (0 before
 * the start) and how long until that changes (waiting for a start still ahead a minute at a time at
 * most), or null when there is no start to count from.
 */
export function countUp(ms: number): { seconds: number; nextInMs: number } | null {
  if (!Number.isFinite(ms)) return null;
  return {
    seconds: Math.max(0, Math.floor(ms / 1000)),
    nextInMs: Math.min(ms < 0 ? -ms : 1_000 - (ms % 1_000), 60_000),
  };
}

/**
 * Whole seconds since `sinceMs` on business time (0 before it), for a timer that counts up: it
 * re-renders just as the count changes, so "0:01" shows one second after the start, not up to three
 * later (a once-a-second interval out of step with the start, from a time rounded down).
 */
export function useSecondsSince(sinceMs: number): number {
  const [seconds, setSeconds] = useState(() => countUp(businessNow() - sinceMs)?.seconds ?? 0);
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const tick = () => {
      const now = countUp(businessNow() - sinceMs);
      if (!now) return;
      setSeconds(now.seconds);
      timer = setTimeout(tick, now.nextInMs + 5);
    };
    tick();
    return () => clearTimeout(timer);
  }, [sinceMs]);
  return seconds;
}
