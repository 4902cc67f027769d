// The self check-in code: a short code shown on the waiting-room screen (and the board, for the
// desk) that a patient types on their tracking page to prove they are in the building. It is
// HMAC(secret, "hospitalId:doctorId:date:window") cut to CODE_LENGTH characters of an alphabet
// without look-alikes, signed per doctor-day and changing every CODE_WINDOW_MINUTES; the current and
// the previous window are accepted, so a code read just before it changes still works. Pure: the
// secret and the time are inputs.
import { createHmac, timingSafeEqual } from "node:crypto";

/** No 0/O, 1/I/L, 2/Z, 5/S, 8/B: easy to read off a screen and to type on a phone. */
export const CODE_ALPHABET = "ACDEFGHJKMNPQRTUVWXY34679";
export const CODE_LENGTH = 5;
export const CODE_WINDOW_MINUTES = 5;
const WINDOW_MS = CODE_WINDOW_MINUTES * 60_000;

export type CodeScope = { hospitalId: string; doctorId: string; date: string };

/** The window a time falls in (whole 5-minute periods since the epoch). */
export const codeWindowOf = (at: Date): number => Math.floor(at.getTime() / WINDOW_MS);

/** The code of one doctor-day in one window. */
export function checkInCodeFor(secret: string, scope: CodeScope, window: number): string {
  const mac = createHmac("sha256", secret)
    .update(`check-in:${scope.hospitalId}:${scope.doctorId}:${scope.date}:${window}`)
    .digest();
  let code = "";
  // 5 characters of 25 from 5 bytes: a byte mod 25 is biased by under 2%, which a 5-tries limit dwarfs.
  for (let i = 0; i < CODE_LENGTH; i++) code += CODE_ALPHABET[(mac[i] ?? 0) % CODE_ALPHABET.length];
  return code;
}

/** The code to show now and until when it is shown (it is still accepted one window longer). */
export function currentCheckInCode(
  secret: string,
  scope: CodeScope,
  now: Date,
): { code: string; validUntil: Date } {
  const window = codeWindowOf(now);
  return { code: checkInCodeFor(secret, scope, window), validUntil: new Date((window + 1) * WINDOW_MS) };
}

/** What a patient typed, as a code: upper case, spaces and dashes dropped. */
export function normaliseCheckInCode(typed: string): string {
  return typed.toUpperCase().replace(/[\s-]/g, "");
}

/** True when `typed` is this doctor-day's code of the current or the previous window. */
export function checkInCodeMatches(secret: string, scope: CodeScope, typed: string, now: Date): boolean {
  const given = Buffer.from(normaliseCheckInCode(typed));
  const window = codeWindowOf(now);
  let ok = false;
  for (const w of [window, window - 1]) {
    const expected = Buffer.from(checkInCodeFor(secret, scope, w));
    // Constant time, and both windows always compared.
    if (given.length === expected.length && timingSafeEqual(given, expected)) ok = true;
  }
  return ok;
}
