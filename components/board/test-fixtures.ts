// Small snapshots for the board's unit tests.
import type { Entry, Snapshot } from "./types";

const T0 = new Date("2026-06-04T09:00:00Z");

export function entry(ticket: number, fields: Partial<Entry> = {}): Entry {
  return {
    appointmentId: `a${ticket}`,
    ticket,
    patientName: `Patient ${ticket}`,
    note: null,
    status: "BOOKED",
    priority: "NORMAL",
    position: null,
    place: null,
    scheduledAt: T0,
    slotStart: T0,
    paid: true,
    walkIn: false,
    checkedInAt: null,
    calledAt: null,
    startedAt: null,
    endedAt: null,
    estimatedStartAt: null,
    estimatedWaitMinutes: null,
    lateMinutes: null,
    checkedInBy: null,
    noShowDueAt: null,
    ...fields,
  };
}

/** A snapshot of `entries` given in queue order; positions are numbered as the server would. */
export function snapshot(entries: Entry[], fields: Partial<Snapshot> = {}): Snapshot {
  let waiting = 0;
  return {
    topic: "h/q",
    queueDayId: "q",
    hospitalId: "h",
    doctorId: "d",
    date: "2026-06-04",
    version: 1,
    timeZone: "UTC",
    checkInWindowMinutes: 30,
    doctor: { name: "Dr Test", room: "1" },
    notice: null,
    paused: null,
    entries: entries.map((e) => {
      const position =
        e.status === "BOOKED" || e.status === "CHECKED_IN"
          ? ++waiting
          : e.status === "CALLED" || e.status === "IN_CONSULTATION"
            ? 0
            : null;
      return { ...e, position, place: e.place ?? position };
    }),
    builtAt: T0,
    ...fields,
  };
}

export const order = (s: Snapshot) => s.entries.map((e) => `${e.ticket}:${e.status}:${e.position}`);
