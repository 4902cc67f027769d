"use client";
// Form pieces shared by booking and the row dialogs: a field's error under it, and the slip text.
import type { ReactNode } from "react";
import { clockTime, longDate } from "./format";

/** A field's hint, or its error in words (announced when it appears). */
export function hintOrError(error: string | undefined, hint?: ReactNode): ReactNode {
  if (!error) return hint;
  return (
    <span role="alert" className="font-semibold text-bad">
      {error}
    </span>
  );
}

/** "Thursday 12 March · 10:00". */
export function whenText(date: string, scheduledAt: Date | string, timeZone: string): string {
  return `${longDate(date)} · ${clockTime(scheduledAt, timeZone)}`;
}
