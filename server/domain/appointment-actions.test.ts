import { describe, expect, it } from "vitest";
import { actionsFor } from "./appointment-actions.ts";

const today = "2026-03-11";

describe("actionsFor", () => {
  it("offers every action to a booked, unpaid appointment of today", () => {
    expect(actionsFor({ status: "BOOKED", paid: false, date: today }, today)).toEqual({
      canCheckIn: true,
      canReschedule: true,
      canCancel: true,
      canRecordPayment: true,
      canEdit: true,
    });
  });

  it("does not check in a patient booked for another day, but moves and cancels it", () => {
    const a = actionsFor({ status: "BOOKED", paid: true, date: "2026-03-12" }, today);
    expect(a).toMatchObject({
      canCheckIn: false,
      canReschedule: true,
      canCancel: true,
      canRecordPayment: false,
    });
  });

  it("does not move a patient already called or in the room", () => {
    for (const status of ["CALLED", "IN_CONSULTATION"] as const) {
      const a = actionsFor({ status, paid: false, date: today }, today);
      expect(a.canReschedule).toBe(false);
      expect(a.canCheckIn).toBe(false);
      expect(a.canCancel).toBe(true);
    }
    expect(actionsFor({ status: "CHECKED_IN", paid: false, date: today }, today).canReschedule).toBe(true);
  });

  it("offers nothing but an edit on the day for a closed visit, and nothing on a past one", () => {
    expect(actionsFor({ status: "COMPLETED", paid: false, date: today }, today)).toEqual({
      canCheckIn: false,
      canReschedule: false,
      canCancel: false,
      canRecordPayment: false,
      canEdit: true,
    });
    expect(Object.values(actionsFor({ status: "NO_SHOW", paid: false, date: "2026-03-01" }, today))).toEqual([
      false,
      false,
      false,
      false,
      false,
    ]);
  });

  it("does not cancel or move an open appointment left over on a past day", () => {
    const a = actionsFor({ status: "BOOKED", paid: false, date: "2026-03-10" }, today);
    expect(a).toMatchObject({
      canCheckIn: false,
      canReschedule: false,
      canCancel: false,
      canRecordPayment: true,
    });
  });
});
