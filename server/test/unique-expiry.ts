// A test's link of its own: links carry whole-second times (JWT), so two links of one appointment
// signed in the same second with the same expiry are the same token and share a rate-limit count.
// A random expiry made that rare, not impossible (a flaky 429 before the limit); a counter makes it so.
import { now } from "../clock.ts";

let made = 0;

/** An expiry `inMs` from now plus a second no earlier call of this process was given. */
export function uniqueExpiry(inMs: number): Date {
  made++;
  return new Date(now().getTime() + inMs + made * 1_000);
}
