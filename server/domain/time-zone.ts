// Time zones typed by people (the setup and settings forms): accepted only when the runtime knows
// them, and stored in their canonical IANA spelling ("europe/london" is kept as "Europe/London").
import { DomainError } from "./errors.ts";

/** The canonical IANA name of `input`, or null when the runtime does not know it. */
export function canonicalTimeZone(input: string): string | null {
  const name = input.trim();
  if (name === "" || name.length > 64) return null;
  try {
    return new Intl.DateTimeFormat("en-US", { timeZone: name }).resolvedOptions().timeZone;
  } catch {
    return null;
  }
}

/** `input` as a canonical IANA time zone, or TIME_ZONE_UNKNOWN with a message for the form. */
export function requireTimeZone(input: string): string {
  const zone = canonicalTimeZone(input);
  if (!zone)
    throw new DomainError(
      "TIME_ZONE_UNKNOWN",
      `"${input.trim().slice(0, 64)}" is not a time zone we know. Choose one from the list, such as Europe/London.`,
    );
  return zone;
}
