// Free text people type (patient and staff names, notes and reasons, notices, token names): ONE
// helper for every input schema that takes some. Unicode bidirectional controls are stripped before
// anything is stored: an embedding, override or isolate (U+202A–U+202E, U+2066–U+2069) or a mark
// (U+200E, U+200F, U+061C) can make a notice read in another order than it was written ("Delay pay
// $00 for your visit. please") or a name look like another. Then the text is trimmed and its length
// checked (on what is kept).
import { z } from "zod";

/** The bidirectional formatting characters taken out of every free-text input. */
export const BIDI_CONTROLS = /[\u202A-\u202E\u2066-\u2069\u200E\u200F\u061C]/g;

export function stripBidiControls(text: string): string {
  return text.replace(BIDI_CONTROLS, "");
}

/** Free text of 1 (or `min`) to `max` characters, without bidi controls, trimmed. */
export function ZText(max: number, opts: { min?: number } = {}) {
  return z
    .string()
    .overwrite(stripBidiControls)
    .trim()
    .min(opts.min ?? 1)
    .max(max);
}
