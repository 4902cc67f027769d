import { describe, expect, it } from "vitest";
import { QUEUE_EVENT, type QueueEventType } from "./events.ts";
import { pushAlerts } from "./push-alerts.ts";
import type { QueueSnapshotView, SnapshotEntryView } from "./snapshot.ts";
import type { AppointmentStatus } from "./types.ts";

const slot = new Date("2026-03-11T10:00:00Z");
const entry = (id: string, status: AppointmentStatus, place: number | null): SnapshotEntryView => ({
  appointmentId: id,
  ticket: id.charCodeAt(0),
  status,
  position: place,
  place,
  slotStart: slot,
  estimatedStartAt: null,
  estimatedWaitMinutes: null,
});
const queue = (
  entries: SnapshotEntryView[],
  notice: QueueSnapshotView["notice"] = null,
): QueueSnapshotView => ({ doctor: { room: "7" }, notice, paused: null, entries });
const by = (type: QueueEventType, appointmentId: string | null, byPatient = false) => ({
  type,
  appointmentId,
  byPatient,
});

describe("who a queue change pushes to", () => {
  it("calls: 'it's your turn' to the called patient, 'you're next' to the one who became first", () => {
    const before = queue([entry("a", "CHECKED_IN", 1), entry("b", "CHECKED_IN", 2), entry("c", "BOOKED", 3)]);
    const after = queue([entry("a", "CALLED", 0), entry("b", "CHECKED_IN", 1), entry("c", "BOOKED", 2)]);
    expect(pushAlerts(before, after, by(QUEUE_EVENT.CALLED, "a"))).toEqual({
      alerts: [
        { appointmentId: "a", kind: "called" },
        { appointmentId: "b", kind: "next" },
      ],
      ended: [],
    });
  });

  it("a notice goes to everyone still waiting, not to whom the doctor has already called", () => {
    const entries = [entry("a", "IN_CONSULTATION", 0), entry("b", "CHECKED_IN", 1), entry("c", "BOOKED", 2)];
    const after = queue(entries, { message: "Running late", delayMinutes: 20 });
    expect(pushAlerts(queue(entries), after, by(QUEUE_EVENT.EMERGENCY, null)).alerts).toEqual([
      { appointmentId: "b", kind: "notice" },
      { appointmentId: "c", kind: "notice" },
    ]);
  });

  it("a cancellation by the clinic is pushed, the patient's own is not; both end the visit", () => {
    const before = queue([entry("a", "CHECKED_IN", 1), entry("b", "BOOKED", 2)]);
    const after = queue([entry("a", "CANCELLED", null), entry("b", "BOOKED", 1)]);
    const byClinic = pushAlerts(before, after, by(QUEUE_EVENT.CANCELLED, "a"));
    expect(byClinic.alerts).toContainEqual({ appointmentId: "a", kind: "cancelled" });
    expect(byClinic.ended).toEqual(["a"]);
    const byPatient = pushAlerts(before, after, by(QUEUE_EVENT.CANCELLED, "a", true));
    expect(byPatient.alerts.filter((x) => x.appointmentId === "a")).toEqual([]);
    expect(byPatient.ended).toEqual(["a"]);
  });

  it("a completion ends the visit and pushes nothing to it; an unrelated change pushes nothing", () => {
    const before = queue([entry("a", "IN_CONSULTATION", 0), entry("b", "BOOKED", 1)]);
    const after = queue([entry("a", "COMPLETED", null), entry("b", "BOOKED", 1)]);
    expect(pushAlerts(before, after, by(QUEUE_EVENT.COMPLETED, "a"))).toEqual({ alerts: [], ended: ["a"] });
    expect(pushAlerts(after, after, by(QUEUE_EVENT.PAYMENT_RECORDED, "b"))).toEqual({
      alerts: [],
      ended: [],
    });
  });
});
