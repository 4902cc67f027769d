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
/** Now, to the second. */
export const useSecondClock = () => useClock(1_000);
