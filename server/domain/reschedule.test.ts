import { describe, expect, it } from "vitest";
import { DomainError } from "./errors.ts";
import { assertReschedulable, freshOnNewDay } from "./reschedule.ts";
import { APPOINTMENT_STATUSES } from "./types.ts";

describe("rescheduling", () => {
  it("moves only patients who are waiting: booked or checked in", () => {
    const movable = APPOINTMENT_STATUSES.filter((s) => {
      try {
        assertReschedulable(s);
        return true;
      } catch (err) {
        expect(err).toBeInstanceOf(DomainError);
        expect((err as DomainError).reason).toBe("RESCHEDULE_NOT_BOOKED");
        return false;
      }
    });
    expect([...movable].sort()).toEqual(["BOOKED", "CHECKED_IN"]);
  });

  it("starts the appointment on its new day as a fresh booking: not checked in, no place, no no-show, not late", () => {
    const at = new Date("2026-06-05T09:00:00Z");
    expect(freshOnNewDay(at)).toEqual({
      scheduledAt: at,
      status: "BOOKED",
      checkedInAt: null,
      checkedInBy: null,
      calledAt: null,
      orderRank: null,
      noShowDueAt: null,
      lateMinutes: null,
      lateReportedAt: null,
      lateReports: 0,
      quotedStartAt: null,
    });
  });
});
