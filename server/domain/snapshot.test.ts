import { describe, expect, it } from "vitest";
import { estimateQueue } from "./estimate.ts";
import { orderQueue } from "./ordering.ts";
import {
  displayView,
  ordinal,
  patientView,
  type QueueSnapshotView,
  snapshotEntries,
  waitSentence,
} from "./snapshot.ts";
import { zonedTimeToUtc } from "./time.ts";
import type { QueueEntryInput } from "./types.ts";

const TZ = "Asia/Kolkata";
const local = (hhmm: string) => zonedTimeToUtc("2026-06-04", hhmm, TZ);
const NOW = local("09:10");

let serial = 0;
function entry(over: Partial<QueueEntryInput> = {}): QueueEntryInput {
  serial++;
  return {
    id: `appt-${serial}`,
    ticket: 100 + serial,
    status: "CHECKED_IN",
    priority: "NORMAL",
    scheduledAt: local("09:00"),
    bookedAt: new Date(local("07:00").getTime() + serial * 60_000),
    paidAt: null,
    orderRank: null,
    checkedInAt: null,
    calledAt: null,
    startedAt: null,
    ...over,
  };
}

function snapshotOf(
  entries: QueueEntryInput[],
  over: Partial<QueueSnapshotView> & { delayMinutes?: number } = {},
): QueueSnapshotView {
  const ordered = orderQueue(entries, TZ);
  const delayMinutes = over.delayMinutes ?? over.notice?.delayMinutes ?? 0;
  const estimates = estimateQueue({
    ordered,
    now: NOW,
    consultationMinutes: 15,
    recentDurations: [],
    delayMinutes,
    paused: !!over.paused,
  });
  const closed = entries
    .filter((e) => !ordered.some((o) => o.id === e.id))
    .map((e) => ({
      appointmentId: e.id,
      ticket: e.ticket,
      status: e.status,
      position: null,
      place: null,
      slotStart: e.scheduledAt,
      estimatedStartAt: null,
      estimatedWaitMinutes: null,
    }));
  // The service's snapshot carries names too; a patient view must never pass them on.
  const withNames = [...snapshotEntries(ordered, estimates), ...closed].map((e) => ({
    ...e,
    patientName: `Name of ${e.appointmentId}`,
  }));
  return { doctor: { room: "4" }, notice: null, paused: null, entries: withNames, ...over };
}

describe("patientView", () => {
  const inRoom = entry({ status: "IN_CONSULTATION", startedAt: local("09:00") });
  const absent = entry({ status: "BOOKED" });
  const present = entry();
  const third = entry();
  const fourth = entry({ status: "BOOKED", scheduledAt: local("09:30") });
  const queue = [inRoom, absent, present, third, fourth];

  it("tells a waiting patient their place, the people ahead and the wait", () => {
    const view = patientView(snapshotOf(queue), third.id);
    expect(view).toMatchObject({ position: 3, peopleAhead: 2, totalWaiting: 4, queueStatus: "checked_in" });
    // 5 min left in the room, half a consultation for the absent patient, one for the present one.
    expect(view.estimatedWaitMinutes).toBe(28);
    expect(view.message).toBe("You're checked in and 3rd in line. About 28 minutes.");
  });

  it("tells the first present patient they are next, even with an absent patient ahead", () => {
    const view = patientView(snapshotOf(queue), present.id);
    expect(view.queueStatus).toBe("next");
    expect(view.message).toBe("You're next — please stay close to room 4.");
    expect(patientView(snapshotOf(queue), absent.id).queueStatus).toBe("waiting");
  });

  it("asks a booked patient to check in", () => {
    const view = patientView(snapshotOf(queue), fourth.id);
    expect(view.message).toMatch(
      /^You are 4th in line\. About \d+ minutes\. Please check in at reception when you arrive\.$/,
    );
  });

  it("sends a called patient to the room", () => {
    const called = entry({ status: "CALLED", calledAt: local("09:09") });
    const view = patientView(snapshotOf([called, present]), called.id);
    expect(view).toMatchObject({ queueStatus: "called", position: 0, peopleAhead: 0 });
    expect(view.message).toBe("It's your turn: please go to room 4.");
    expect(patientView(snapshotOf(queue), inRoom.id).message).toBe("You are with the doctor in room 4.");
  });

  it("mentions the doctor's delay, already counted in the wait", () => {
    const view = patientView(
      snapshotOf(queue, { notice: { message: "Emergency", delayMinutes: 20 } }),
      third.id,
    );
    expect(view.estimatedWaitMinutes).toBe(48);
    expect(view.message).toBe(
      "You're checked in and 3rd in line. About 48 minutes. The doctor is running about 20 minutes late.",
    );
  });

  it("gives the likely wait around the estimate, in minutes from the same moment", () => {
    const view = patientView(snapshotOf(queue), third.id);
    const likely = view.likelyWaitMinutes;
    expect(likely).not.toBeNull();
    expect(likely?.from).toBeLessThanOrEqual(view.estimatedWaitMinutes ?? -1);
    expect(likely?.to).toBeGreaterThan(view.estimatedWaitMinutes ?? Number.POSITIVE_INFINITY);
    // Once with the doctor there is no range to give.
    expect(patientView(snapshotOf(queue), inRoom.id).likelyWaitMinutes).toBeNull();
  });

  it("gives no wait while the queue is paused, and says so", () => {
    const view = patientView(snapshotOf(queue, { paused: { reason: "lunch" } }), third.id);
    expect(view.estimatedWaitMinutes).toBeNull();
    expect(view.message).toMatch(/paused/);
  });

  it("speaks plainly once the visit is over", () => {
    const done = entry({ status: "COMPLETED" });
    const missed = entry({ status: "NO_SHOW" });
    const cancelled = entry({ status: "CANCELLED" });
    const snapshot = snapshotOf([...queue, done, missed, cancelled]);
    expect(patientView(snapshot, done.id)).toMatchObject({
      queueStatus: "completed",
      position: null,
      peopleAhead: null,
    });
    expect(patientView(snapshot, missed.id).message).toMatch(/reception/);
    expect(patientView(snapshot, cancelled.id).queueStatus).toBe("cancelled");
  });

  it("holds nothing about any other patient", () => {
    const snapshot = snapshotOf(queue);
    const json = JSON.stringify(patientView(snapshot, third.id));
    for (const other of queue.filter((e) => e.id !== third.id)) {
      expect(json).not.toContain(other.id);
      expect(json).not.toContain(String(other.ticket));
    }
    expect(json).not.toContain("Name of");
  });

  it("is a NOT_FOUND for an appointment that is not in the snapshot", () => {
    expect(() => patientView(snapshotOf(queue), "someone-else")).toThrow(
      expect.objectContaining({ code: "NOT_FOUND" }),
    );
  });
});

describe("words", () => {
  it("ordinals and waits", () => {
    expect([1, 2, 3, 4, 11, 12, 13, 21, 22, 101, 111].map(ordinal)).toEqual([
      "1st",
      "2nd",
      "3rd",
      "4th",
      "11th",
      "12th",
      "13th",
      "21st",
      "22nd",
      "101st",
      "111th",
    ]);
    expect(waitSentence(0)).toBe("Any minute now.");
    expect(waitSentence(1)).toBe("About 1 minute.");
    expect(waitSentence(25)).toBe("About 25 minutes.");
    expect(waitSentence(60)).toBe("About 1 hour.");
    expect(waitSentence(135)).toBe("About 2 hours 15 minutes.");
  });
});

describe("displayView", () => {
  it("shows tickets only: in the room, called, and the next present patients", () => {
    const inRoom = entry({ status: "IN_CONSULTATION", startedAt: local("09:00") });
    const called = entry({ status: "CALLED" });
    const absent = entry({ status: "BOOKED" });
    const present = entry();
    expect(displayView(snapshotOf([inRoom, called, absent, present]))).toEqual({
      nowServing: [inRoom.ticket],
      called: [called.ticket],
      next: [present.ticket],
      calledToday: true,
    });
  });

  it("knows whether anyone was called today, once the room is free again", () => {
    const waiting = [
      entry(),
      entry({ status: "BOOKED" }),
      entry({ status: "NO_SHOW" }),
      entry({ status: "CANCELLED" }),
    ];
    expect(displayView(snapshotOf(waiting)).calledToday).toBe(false);
    const seen = entry({ status: "COMPLETED", startedAt: local("08:40") });
    const after = displayView(snapshotOf([...waiting, seen]));
    expect(after).toMatchObject({ nowServing: [], called: [], calledToday: true });
  });
});
