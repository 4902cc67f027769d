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
 * Whole seconds since `sinceMs` on business time (0 before it), for a timer that counts up: it
 * re-renders just as the count changes, so "0:01" shows one second after the start, not up to two
 * (a once-a-second interval out of step with the start).
 */
export function useSecondsSince(sinceMs: number): number {
  const read = () => Math.max(0, Math.floor((businessNow() - sinceMs) / 1000));
  const [seconds, setSeconds] = useState(read);
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const tick = () => {
      const ms = businessNow() - sinceMs;
      setSeconds(Math.max(0, Math.floor(ms / 1000)));
      timer = setTimeout(tick, (ms < 0 ? -ms : 1_000 - (ms % 1_000)) + 5);
    };
    tick();
    return () => clearTimeout(timer);
  }, [sinceMs]);
  return seconds;
}
