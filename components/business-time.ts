// Business time in the browser: the server's clock (server/clock.ts, which a demo or test may start at
// another instant) carried by the page as <meta name="pq-clock">, run on by the browser's clock. Also
// corrects a device whose clock is wrong. Relative timers (reconnect backoff, highlight fades) keep Date.now().
import { now as serverNow } from "@/server/clock";

let offset: number | null = null;

/** The page's view of the server's clock when it was rendered, in ms (the layout writes it). */
export const CLOCK_META = "pq-clock";

export function businessNow(): number {
  if (typeof window === "undefined") return serverNow().getTime();
  if (offset === null) {
    const at = Number(document.querySelector(`meta[name="${CLOCK_META}"]`)?.getAttribute("content"));
    // The server rendered the page between navigation start and now: that instant stands for it.
    offset = Number.isFinite(at) && at > 0 ? at - performance.timeOrigin : 0;
  }
  return Date.now() + offset;
}

export const businessDate = () => new Date(businessNow());
