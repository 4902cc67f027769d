// The self check-in codes of this deployment: the pure code (server/auth/check-in-code.ts) signed
// with the server's secret (the JWT secret; the code's own prefix keeps the two uses apart).
import { type CodeScope, checkInCodeMatches, currentCheckInCode } from "../auth/check-in-code.ts";
import { now as clockNow } from "../clock.ts";
import { env } from "../env.ts";

/** The code a doctor's waiting-room screen (and the board) shows now, and until when. */
export function checkInCodeOf(scope: CodeScope, now = clockNow()) {
  return currentCheckInCode(env().JWT_SECRET, scope, now);
}

/** True when `typed` is the doctor-day's code now or of the window just before. */
export function isCheckInCode(scope: CodeScope, typed: string, now = clockNow()) {
  return checkInCodeMatches(env().JWT_SECRET, scope, typed, now);
}
