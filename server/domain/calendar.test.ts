import { describe, expect, it } from "vitest";
import { appointmentIcs, foldLine, icsDateTime, icsText } from "./calendar.ts";

/** Unfolds and splits a file as a calendar reader does (RFC 5545 3.1). */
function parse(ics: string): Map<string, string> {
  const unfolded = ics.replace(/\r\n[ \t]/g, "");
  const props = new Map<string, string>();
  for (const line of unfolded.split("\r\n")) {
    const i = line.indexOf(":");
    if (i > 0) props.set(line.slice(0, i), line.slice(i + 1));
  }
  return props;
}

const event = {
  uid: "appt-1@patient-queue",
  start: new Date("2026-03-11T20:30:00Z"),
  end: new Date("2026-03-11T20:45:00Z"),
  stamp: new Date("2026-03-10T21:20:00.123Z"),
  summary: "Appointment with Dr. Aroha Ngata, Room 3",
  location: "12 Queen St, Auckland; Level 2\nNear the station",
  description: "Follow your place in the queue: https://clinic.example/track/abc",
  url: "https://clinic.example/track/abc",
};

describe("calendar file", () => {
  it("writes UTC date-times", () => {
    expect(icsDateTime(new Date("2026-03-11T20:30:00.999Z"))).toBe("20260311T203000Z");
  });

  it("escapes text", () => {
    expect(icsText("a\\b;c,d\ne\r\nf")).toBe("a\\\\b\\;c\\,d\\ne\\nf");
    expect(icsText("bell\u0007")).toBe("bell");
  });

  it("folds at 75 octets without splitting a character", () => {
    const long = `SUMMARY:${"डॉक्टर ".repeat(30)}`;
    const folded = foldLine(long);
    for (const line of folded.split("\r\n")) expect(Buffer.byteLength(line, "utf8")).toBeLessThanOrEqual(75);
    expect(folded.replace(/\r\n /g, "")).toBe(long);
    expect(folded).not.toContain("\uFFFD");
    expect(foldLine("short")).toBe("short");
  });

  it("is one VEVENT with the appointment's start, end, place and link", () => {
    const ics = appointmentIcs(event);
    expect(ics.startsWith("BEGIN:VCALENDAR\r\n")).toBe(true);
    expect(ics.endsWith("END:VCALENDAR\r\n")).toBe(true);
    expect(ics.match(/BEGIN:VEVENT/g)).toHaveLength(1);
    expect(ics.replace(/\r\n/g, "")).not.toMatch(/\n/);
    const p = parse(ics);
    expect(p.get("VERSION")).toBe("2.0");
    expect(p.get("UID")).toBe("appt-1@patient-queue");
    expect(p.get("DTSTAMP")).toBe("20260310T212000Z");
    expect(p.get("DTSTART")).toBe("20260311T203000Z");
    expect(p.get("DTEND")).toBe("20260311T204500Z");
    expect(p.get("SUMMARY")).toBe("Appointment with Dr. Aroha Ngata\\, Room 3");
    expect(p.get("LOCATION")).toBe("12 Queen St\\, Auckland\\; Level 2\\nNear the station");
    expect(p.get("URL")).toBe("https://clinic.example/track/abc");
    expect(p.get("DESCRIPTION")).toContain("https://clinic.example/track/abc");
  });

  it("leaves out what is missing, and a URL that is not one", () => {
    const p = parse(appointmentIcs({ ...event, location: null, description: "", url: "x\r\nEVIL:1" }));
    expect(p.has("LOCATION")).toBe(false);
    expect(p.has("DESCRIPTION")).toBe(false);
    expect(p.has("URL")).toBe(false);
    expect(p.has("EVIL")).toBe(false);
  });
});
