// Free text people type (patient and staff names, notes and reasons, notices, token names): ONE
// helper for every input schema that takes some. Unicode bidirectional controls are stripped before
// anything is stored: an embedding, override or isolate (U+202A–U+202E, U+2066–U+2069) or a mark
// (U+200E, U+200F, U+061C) can make a notice read in another order than it was written ("Delay pay
// $00 for your visit. please") or a name look like another. Then the text is trimmed and its length
// checked (on what is kept), and text that is not well-formed (a lone UTF-16 surrogate) is refused.
import { z } from "zod";

/** The bidirectional formatting characters taken out of every free-text input. */
export const BIDI_CONTROLS = /[\u202A-\u202E\u2066-\u2069\u200E\u200F\u061C]/g;

export function stripBidiControls(text: string): string {
  return text.replace(BIDI_CONTROLS, "");
}

/**
 * Half of a character that takes two UTF-16 units (an emoji cut in two, or a forged request): not
 * text at all. Stored as is, PostgreSQL refuses it inside JSON (a queue event's payload: a 500 the
 * fuzz test found) and silently replaces it elsewhere; refused here, with a plain message.
 */
const LONE_SURROGATE = /[\uD800-\uDFFF]/u;
export const BROKEN_TEXT =
  "This text has a broken character in it (half of an emoji?). Please type it again.";

/**
 * Something a person can see: a character that is not a space, a control or a format character
 * (zero-width spaces and joiners, a byte-order mark, soft hyphens).
 */
const VISIBLE = /[^\p{Z}\p{Cc}\p{Cf}\s]/u;
export const INVISIBLE_TEXT = "This holds only invisible characters. Please type it again.";

/**
 * Free text of 1 (or `min`) to `max` characters, without bidi controls, trimmed, well-formed; when
 * required, with something visible in it (a name of zero-width spaces made a blank row on the board).
 */
export function ZText(max: number, opts: { min?: number } = {}) {
  const min = opts.min ?? 1;
  return z
    .string()
    .overwrite(stripBidiControls)
    .trim()
    .min(min)
    .max(max)
    .refine((text) => !LONE_SURROGATE.test(text), BROKEN_TEXT)
    .refine((text) => min === 0 || text === "" || VISIBLE.test(text), INVISIBLE_TEXT);
}

/**
 * Where `input` holds text that is not well-formed (a string or a key with a lone surrogate): its
 * path, or null. Every procedure's raw input is checked with this before its schema runs (init.ts),
 * so no field, free text or not, can carry one to the database. It runs on every call: the path is
 * built on the way back, only when something is found. Plain objects and arrays are walked, 32
 * levels deep (no input schema nests further), each object again only when reached nearer the top
 * (it is walked further then): superjson can make one object appear under many keys
 * (`referentialEqualities`), and 26 levels of two keys naming the same object were 2^26 visits,
 * seconds of a blocked server for a 2 KB request (an attacker's probe found it).
 */
export function brokenTextAt(input: unknown): (string | number)[] | null {
  return brokenTextWithin(input, 0, new Map());
}

function brokenTextWithin(
  input: unknown,
  depth: number,
  seen: Map<object, number>,
): (string | number)[] | null {
  if (typeof input === "string") return LONE_SURROGATE.test(input) ? [] : null;
  if (typeof input !== "object" || input === null || depth > 32) return null;
  if ((seen.get(input) ?? Infinity) <= depth) return null;
  seen.set(input, depth);
  if (Array.isArray(input)) {
    for (let i = 0; i < input.length; i++) {
      const at = brokenTextWithin(input[i], depth + 1, seen);
      if (at) return [i, ...at];
    }
    return null;
  }
  const proto = Object.getPrototypeOf(input);
  if (proto !== Object.prototype && proto !== null) return null;
  for (const key in input) {
    if (LONE_SURROGATE.test(key)) return [key];
    const at = brokenTextWithin((input as Record<string, unknown>)[key], depth + 1, seen);
    if (at) return [key, ...at];
  }
  return null;
}

/** Any input, refused at the first place it holds text that is not well-formed (`brokenTextAt`). */
export const ZWellFormed = z.unknown().superRefine((input, ctx) => {
  const path = brokenTextAt(input);
  if (path) ctx.addIssue({ code: "custom", path, message: BROKEN_TEXT });
});
