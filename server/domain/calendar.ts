// An appointment as an iCalendar file (RFC 5545): one VEVENT the patient's calendar app imports
// from the tracking page's "Add to calendar". Pure: every value is an input.

export type CalendarEvent = {
  /** Stable per appointment, so importing it again updates the same event. */
  uid: string;
  start: Date;
  end: Date;
  /** When the file was made (DTSTAMP). */
  stamp: Date;
  summary: string;
  location?: string | null;
  description?: string | null;
  url?: string | null;
};

/** 20260311T093000Z: a UTC date-time (RFC 5545 3.3.5, form #2). */
export function icsDateTime(at: Date): string {
  return at
    .toISOString()
    .replace(/\.\d{3}Z$/, "Z")
    .replace(/[-:]/g, "");
}

const isControl = (ch: string) => {
  const code = ch.codePointAt(0) ?? 0;
  return (code < 0x20 && code !== 0x09) || code === 0x7f;
};

/** A TEXT value (3.3.11): backslash, semicolon, comma and newlines escaped; other controls dropped. */
export function icsText(value: string): string {
  return (
    value
      .replace(/\r\n?/g, "\n")
      .replace(/\\/g, "\\\\")
      .replace(/;/g, "\\;")
      .replace(/,/g, "\\,")
      .replace(/\n/g, "\\n")
      // Other control characters (TAB excepted, which TEXT allows) have no place in a calendar line.
      .replace(/./gsu, (ch) => (isControl(ch) ? "" : ch))
  );
}

/**
 * Folds a content line at 75 octets (3.1): continuation lines start with one space. Counted in UTF-8
 * octets and never splitting a character.
 */
export function foldLine(line: string): string {
  const out: string[] = [];
  let current = "";
  let octets = 0;
  for (const ch of line) {
    const size = Buffer.byteLength(ch, "utf8");
    // The first line holds 75 octets, continuations 74 after their leading space.
    const limit = out.length === 0 ? 75 : 74;
    if (octets + size > limit) {
      out.push(current);
      current = "";
      octets = 0;
    }
    current += ch;
    octets += size;
  }
  out.push(current);
  return out.join("\r\n ");
}

/** The calendar file: CRLF line ends, folded lines. */
export function appointmentIcs(event: CalendarEvent): string {
  const lines = [
    "BEGIN:VCALENDAR",
    "VERSION:2.0",
    "PRODID:-//patient-queue//tracking//EN",
    "CALSCALE:GREGORIAN",
    "METHOD:PUBLISH",
    "BEGIN:VEVENT",
    `UID:${icsText(event.uid)}`,
    `DTSTAMP:${icsDateTime(event.stamp)}`,
    `DTSTART:${icsDateTime(event.start)}`,
    `DTEND:${icsDateTime(event.end)}`,
    `SUMMARY:${icsText(event.summary)}`,
  ];
  if (event.location) lines.push(`LOCATION:${icsText(event.location)}`);
  if (event.description) lines.push(`DESCRIPTION:${icsText(event.description)}`);
  // URL is a URI value (3.3.13), not TEXT: not escaped, and one with a line break is not a URI.
  if (event.url && !/[\s"]/.test(event.url)) lines.push(`URL:${event.url}`);
  lines.push("END:VEVENT", "END:VCALENDAR");
  return `${lines.map(foldLine).join("\r\n")}\r\n`;
}
