import { describe, expect, it } from "vitest";
import { checkInEvent, isQueueEventType, priorityEvent, QUEUE_EVENT, QUEUE_EVENT_TYPES } from "./events.ts";

describe("queue event kinds", () => {
  it("keep the strings stored in QueueEvent.type and counted by the statistics", () => {
    // Written out by hand: renaming a stored kind must fail here, since old rows keep the old name.
    expect([...QUEUE_EVENT_TYPES].sort()).toEqual(
      [
        "BOOKED",
        "CALLED",
        "CANCELLED",
        "CHECKED_IN",
        "COMPLETED",
        "DETAILS_CHANGED",
        "DOCTOR_CHANGED",
        "EARLY_ARRIVAL",
        "EMERGENCY",
        "EMERGENCY_CLEARED",
        "MOVED",
        "NO_SHOW",
        "NO_SHOW_CANCELLED",
        "NO_SHOW_SCHEDULED",
        "PAUSED",
        "PAYMENT_RECORDED",
        "PRIORITY_NORMAL",
        "PRIORITY_URGENT",
        "RESCHEDULED",
        "RESCHEDULED_IN",
        "RESCHEDULED_OUT",
        "RESTORED",
        "RESUMED",
        "RUNNING_LATE",
        "SETTINGS_CHANGED",
        "STARTED",
        "UNDO",
        "WALK_IN",
      ].sort(),
    );
    for (const [name, stored] of Object.entries(QUEUE_EVENT)) expect(stored).toBe(name);
  });

  it("recognise a stored kind, and nothing else", () => {
    expect(isQueueEventType("NO_SHOW")).toBe(true);
    expect(isQueueEventType("no_show")).toBe(false);
    expect(isQueueEventType("TEST")).toBe(false);
  });

  it("name an early arrival and a priority change", () => {
    const ten = new Date("2026-06-04T10:00:00Z");
    expect(checkInEvent(ten, new Date("2026-06-04T09:59:00Z"))).toBe("EARLY_ARRIVAL");
    expect(checkInEvent(ten, ten)).toBe("CHECKED_IN");
    expect(priorityEvent("URGENT")).toBe("PRIORITY_URGENT");
    expect(priorityEvent("NORMAL")).toBe("PRIORITY_NORMAL");
  });
});
