// The appointments export as CSV (RFC 4180): pure. Cells a spreadsheet would run as a formula
// (starting with = + - @, or a tab or carriage return) are neutralised with a leading apostrophe.
// So is one right after a semicolon, tab or line break inside a cell: a spreadsheet in a locale that
// separates with ";" (German, French, ...) starts a new cell there, quotes or not (an unquoted
// `Ann;=cmd|' /C calc'!A0` became a formula cell: an attacker's probe, 2026-12-07), and a line break
// inside quotes that do not open its ";" cell starts a new row. Such cells are quoted as well.
import { formatLocalTime, localDateOf } from "./time.ts";

const FORMULA_START = /^[=+\-@\t\r]/;
const FORMULA_AFTER_BREAK = /([;\t\r\n])([=+\-@])/g;

export function csvCell(value: string | number | boolean | null): string {
  if (value === null) return "";
  let text = String(value);
  if (typeof value === "string") {
    if (FORMULA_START.test(text)) text = `'${text}`;
    text = text.replace(FORMULA_AFTER_BREAK, "$1'$2");
  }
  return /[",;\t\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export const csvLine = (cells: (string | number | boolean | null)[]) => `${cells.map(csvCell).join(",")}\r\n`;

export type ExportAppointment = {
  date: string;
  scheduledAt: Date;
  doctorName: string;
  ticket: number;
  patientName: string;
  phone: string | null;
  status: string;
  priority: string;
  source: string;
  paidAt: Date | null;
  bookedAt: Date;
  checkedInAt: Date | null;
  calledAt: Date | null;
  startedAt: Date | null;
  endedAt: Date | null;
  note: string | null;
};

export const EXPORT_HEADER = [
  "date",
  "time",
  "doctor",
  "ticket",
  "patient",
  "phone",
  "status",
  "priority",
  "source",
  "paid",
  "booked at",
  "checked in",
  "called",
  "started",
  "ended",
  "waited minutes",
  "consultation minutes",
  "note",
];

const minutesBetween = (from: Date | null, to: Date | null) =>
  from && to ? Math.max(0, Math.round((to.getTime() - from.getTime()) / 60_000)) : null;

/**
 * The whole file: a header row, then one row per appointment; times in the hospital's zone. The wait
 * runs from check-in to the start of the consultation, the consultation from its start to its end.
 */
export function appointmentsCsv(rows: readonly ExportAppointment[], timeZone: string): string {
  const local = (d: Date | null) =>
    d === null ? null : `${localDateOf(d, timeZone)} ${formatLocalTime(d, timeZone)}`;
  let out = csvLine(EXPORT_HEADER);
  for (const a of rows)
    out += csvLine([
      a.date,
      formatLocalTime(a.scheduledAt, timeZone),
      a.doctorName,
      a.ticket,
      a.patientName,
      a.phone,
      a.status,
      a.priority,
      a.source,
      a.paidAt ? "yes" : "no",
      local(a.bookedAt),
      local(a.checkedInAt),
      local(a.calledAt),
      local(a.startedAt),
      local(a.endedAt),
      minutesBetween(a.checkedInAt, a.startedAt),
      minutesBetween(a.startedAt, a.endedAt),
      a.note,
    ]);
  return out;
}
