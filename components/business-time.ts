// Business time in the browser: the server's clock (server/clock.ts, which a demo or test may start at
// another instant) carried by the page as <meta name="pq-clock">, run on by the browser's clock. Also
// corrects a device whose clock is wrong. Relative timers (reconnect backoff, highlight fades) keep Date.now().
import { now as serverNow } from "@/server/clock";

let offset: number | null = null;

/** The page's view of the server's clock when it was rendered, in ms (the layout writes it). */
export const CLOCK_META = "pq-clock";

/**
 * How far the server's clock is ahead of this browser's `Date.now()`, from the instant the server
 * rendered the page (`serverAt`, its clock). Everything is read on one clock, the wall clock that
 * `Date.now()` reads: `wallNow` and `perfNow` (performance.now()) are read together, so
 * `wallNow - perfNow` is when the navigation started on that clock. `performance.timeOrigin` is not
 * used: it comes from the monotonic clock and can sit seconds off `Date.now()` (a phone that slept, a
 * clock stepped by NTP), which would hold a consultation timer at 0:00 for that long.
 * The server rendered between sending the request and the first byte of the answer
 * (`requestStart`, `responseStart`: navigation timing, ms since navigation start); the midpoint
 * stands for it. Without them (an old browser), navigation start does.
 */
export function clockOffset(
  serverAt: number,
  wallNow: number,
  perfNow: number,
  timing?: { requestStart?: number; responseStart?: number },
): number {
  if (!Number.isFinite(serverAt) || serverAt <= 0) return 0;
  const navStart = wallNow - perfNow;
  const req = timing?.requestStart ?? 0;
  const res = timing?.responseStart ?? 0;
  const rendered = req > 0 && res >= req && res <= perfNow ? navStart + (req + res) / 2 : navStart;
  return serverAt - rendered;
}

export function businessNow(): number {
  if (typeof window === "undefined") return serverNow().getTime();
  if (offset === null) {
    const at = Number(document.querySelector(`meta[name="${CLOCK_META}"]`)?.getAttribute("content"));
    const nav = performance.getEntriesByType?.("navigation")[0] as PerformanceNavigationTiming | undefined;
    offset = clockOffset(at, Date.now(), performance.now(), nav);
  }
  return Date.now() + offset;
}

export const businessDate = () => new Date(businessNow());
