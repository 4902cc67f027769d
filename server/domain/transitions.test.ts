import { describe, expect, it } from "vitest";
import { DomainError } from "./errors.ts";
import { zonedTimeToUtc } from "./time.ts";
import {
  assertTransition,
  assertUndo,
  checkInRefusal,
  earlyArrivalWindow,
  noShowDueAt,
  type QueueAction,
  refusalMessage,
} from "./transitions.ts";
import { APPOINTMENT_STATUSES, type AppointmentStatus } from "./types.ts";

const STATUSES: readonly AppointmentStatus[] = APPOINTMENT_STATUSES;
const ACTIONS: QueueAction[] = ["checkIn", "call", "start", "complete", "noShow", "restore", "cancel"];

// Rule 1 written out by hand, so the table in transitions.ts is checked against the design, not itself.
const ALLOWED: Record<string, AppointmentStatus> = {
  "BOOKED checkIn": "CHECKED_IN",
  "CHECKED_IN call": "CALLED",
  "CALLED start": "IN_CONSULTATION",
  "IN_CONSULTATION complete": "COMPLETED",
  "BOOKED noShow": "NO_SHOW",
  "CHECKED_IN noShow": "NO_SHOW",
  "CALLED noShow": "NO_SHOW",
  "NO_SHOW restore": "CHECKED_IN",
  "BOOKED cancel": "CANCELLED",
  "CHECKED_IN cancel": "CANCELLED",
  "CALLED cancel": "CANCELLED",
  "IN_CONSULTATION cancel": "CANCELLED",
};

describe("status transitions (rule 1)", () => {
  for (const from of STATUSES) {
    for (const action of ACTIONS) {
      const to = ALLOWED[`${from} ${action}`];
      if (to) {
        it(`${action} from ${from} gives ${to}`, () => {
          expect(assertTransition(from, action)).toBe(to);
        });
      } else {
        it(`${action} from ${from} is refused with a reason`, () => {
          let error: unknown;
          try {
            assertTransition(from, action);
          } catch (e) {
            error = e;
          }
          expect(error).toBeInstanceOf(DomainError);
          expect((error as DomainError).reason).toBe("TRANSITION_REFUSED");
          expect((error as DomainError).code).toBe("CONFLICT");
          expect((error as DomainError).message).toMatch(/^Cannot [a-z -]+: .{10,}\.$/);
        });
      }
    }
  }

  it("says why in the clinic's words", () => {
    expect(refusalMessage("IN_CONSULTATION", "checkIn")).toBe(
      "Cannot check in: the patient is already in consultation.",
    );
    expect(refusalMessage("BOOKED", "call")).toBe(
      "Cannot call: the patient has not checked in yet. Check them in first.",
    );
    expect(refusalMessage("NO_SHOW", "checkIn")).toMatch(/Restore/);
    expect(refusalMessage("COMPLETED", "cancel")).toBe("Cannot cancel: the visit is already completed.");
  });
});

describe("undo", () => {
  const changedAt = new Date("2026-06-04T09:00:00Z");
  const soon = new Date("2026-06-04T09:03:00Z");
  it("returns a mistaken no-show, completion or cancellation to the status before it, within minutes", () => {
    expect(assertUndo("NO_SHOW", "BOOKED", changedAt, soon)).toBe("BOOKED");
    expect(assertUndo("COMPLETED", "IN_CONSULTATION", changedAt, soon)).toBe("IN_CONSULTATION");
    expect(assertUndo("CANCELLED", "CHECKED_IN", changedAt, soon)).toBe("CHECKED_IN");
  });
  it("refuses anything else, and after the window", () => {
    expect(() => assertUndo("CHECKED_IN", "BOOKED", changedAt, soon)).toThrow(
      expect.objectContaining({ reason: "UNDO_NOT_ALLOWED", message: expect.stringMatching(/^Cannot undo/) }),
    );
    expect(() => assertUndo("NO_SHOW", "BOOKED", changedAt, new Date("2026-06-04T09:06:00Z"))).toThrow(
      expect.objectContaining({ reason: "UNDO_TOO_LATE" }),
    );
  });
});

describe("early arrival (rule 5)", () => {
  const tz = "Pacific/Auckland";
  const scheduledAt = zonedTimeToUtc("2026-06-04", "10:00", tz);

  it("opens MAX_EARLY_ARRIVAL minutes before the slot", () => {
    const closed = earlyArrivalWindow(scheduledAt, 30, zonedTimeToUtc("2026-06-04", "09:29", tz));
    expect(closed.open).toBe(false);
    expect(checkInRefusal(closed.opensAt, tz)).toBe("Check-in opens at 09:30.");
    expect(earlyArrivalWindow(scheduledAt, 30, zonedTimeToUtc("2026-06-04", "09:30", tz)).open).toBe(true);
    expect(earlyArrivalWindow(scheduledAt, 30, zonedTimeToUtc("2026-06-04", "11:30", tz)).open).toBe(true);
  });

  it("counts from the slot start when given the time zone", () => {
    const at1045 = zonedTimeToUtc("2026-06-04", "10:45", tz);
    const { opensAt } = earlyArrivalWindow(at1045, 30, at1045, tz);
    expect(checkInRefusal(opensAt, tz)).toBe("Check-in opens at 09:30.");
  });
});

describe("no-show due time (rule 6)", () => {
  it("is the appointment time plus the grace", () => {
    expect(noShowDueAt(new Date("2026-06-04T09:00:00Z"), 15)).toEqual(new Date("2026-06-04T09:15:00Z"));
  });

  it("counts from the time the patient was given, not the slot's start, while check-in opens from the slot", () => {
    const tz = "Asia/Kolkata"; // UTC+5:30: local hours are not UTC hours
    const at = (hhmm: string) => zonedTimeToUtc("2026-06-04", hhmm, tz);
    expect(noShowDueAt(at("10:45"), 15)).toEqual(at("11:00"));
    expect(earlyArrivalWindow(at("10:45"), 30, at("09:30"), tz)).toEqual({
      opensAt: at("09:30"),
      open: true,
    });
  });
});
