import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import type { DaySlot, SlotDay } from "../board/types";
import { SlotTimeline } from "./slot-timeline";

const hour = (h: number) => new Date(Date.UTC(2026, 5, 4, h));
const counts = {
  BOOKED: 0,
  CHECKED_IN: 0,
  CALLED: 0,
  IN_CONSULTATION: 0,
  COMPLETED: 0,
  NO_SHOW: 0,
  CANCELLED: 0,
};

function slot(h: number, load: number, capacity = 4): DaySlot {
  const entries = Array.from({ length: load }, (_, i) => ({
    appointmentId: `a${h}-${i}`,
    ticket: h * 10 + i,
    patientName: `Patient ${h}-${i}`,
    note: null,
    status: "BOOKED" as const,
    priority: "NORMAL" as const,
    position: i + 1,
    scheduledAt: hour(h),
    paid: true,
    walkIn: false,
    checkedInAt: null,
    estimatedStartAt: null,
    estimatedWaitMinutes: null,
    slotPosition: i + 1,
  }));
  const label = `${String(h).padStart(2, "0")}:00`;
  return {
    start: hour(h),
    end: hour(h + 1),
    label,
    timeSlot: `${label}-${String(h + 1).padStart(2, "0")}:00`,
    withinWorkingHours: true,
    entries,
    finished: [],
    counts: { ...counts, BOOKED: load },
    load,
    capacity,
    freeCapacity: Math.max(0, capacity - load),
    overflow: Math.max(0, load - capacity),
  };
}

const day = (slots: DaySlot[]) =>
  ({
    doctor: { id: "d", name: "Dr Test", room: "1" },
    date: "2026-06-04",
    timeZone: "UTC",
    version: 3,
    workingHours: {
      start: "08:00",
      end: "12:00",
      periods: [{ start: "08:00", end: "12:00" }],
      dayOff: false,
      workingDay: true,
    },
    expectedConsultationMinutes: 15,
    notice: null,
    paused: null,
    totals: counts,
    slots,
  }) as SlotDay;

const render = (d: SlotDay, now: Date) =>
  renderToStaticMarkup(
    createElement(SlotTimeline, { day: d, loading: false, error: null, now: now.getTime() }),
  );

describe("the doctor's slot timeline", () => {
  it("shows bookings against places and warns where a slot holds more than fits", () => {
    const html = render(day([slot(9, 3), slot(10, 6)]), hour(9));
    expect(html).toContain("3 booked of 4 places");
    expect(html).toContain("1 free");
    expect(html).toContain("6 booked of 4 places");
    expect(html).toContain("Overlap: 2 over");
    expect(html).toContain("Overbooked hours");
    expect(html).toContain("10:00-11:00 (6 for 4 places)");
  });

  it("marks the current hour and folds the empty hours gone by", () => {
    const html = render(day([slot(8, 0), slot(9, 0), slot(10, 2)]), new Date(Date.UTC(2026, 5, 4, 10, 20)));
    expect(html).toContain("08:00–10:00 · 2 hours gone by with no patients");
    expect(html).toMatch(
      /aria-current="time"[^>]*data-testid="slot-10:00"|data-testid="slot-10:00"[^>]*aria-current="time"/,
    );
    expect(html).not.toContain("Overbooked hours");
  });
});
