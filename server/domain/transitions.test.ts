import { describe, expect, it } from "vitest";
import { DomainError } from "./errors.ts";
import { applyRanks, orderQueue, waitingEntries } from "./ordering.ts";
import { zonedTimeToUtc } from "./time.ts";
import {
  assertCanPause,
  assertCanResume,
  assertCanStart,
  assertCheckIn,
  assertNoShowScheduled,
  assertNoticeToClear,
  assertPriorityChange,
  assertTransition,
  assertUndo,
  assertUndoOf,
  checkInRefusal,
  earlyArrivalWindow,
  isNoShowDue,
  nextToCall,
  noShowDueAfterUndo,
  noShowDueAt,
  planMove,
  planNoShow,
  type QueueAction,
  refusalMessage,
} from "./transitions.ts";
import { APPOINTMENT_STATUSES, type AppointmentStatus, type QueueEntryInput } from "./types.ts";

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

  it("names the day when it is not today", () => {
    const opensAt = zonedTimeToUtc("2026-06-05", "09:30", tz);
    expect(checkInRefusal(opensAt, tz, zonedTimeToUtc("2026-06-04", "19:00", tz))).toBe(
      "Check-in opens on Fri 5 Jun at 09:30.",
    );
    expect(checkInRefusal(opensAt, tz, zonedTimeToUtc("2026-06-05", "08:00", tz))).toBe(
      "Check-in opens at 09:30.",
    );
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

// The rules below refuse with a reason code and a message in staff's words; `refusal` reads both.
function refusal(run: () => unknown): { reason: string; message: string } | null {
  try {
    run();
    return null;
  } catch (e) {
    if (!(e instanceof DomainError)) throw e;
    return { reason: e.reason, message: e.message };
  }
}

const TZ = "Pacific/Auckland";
const at = (hhmm: string) => zonedTimeToUtc("2026-06-04", hhmm, TZ);
let tickets = 0;
function entry(id: string, over: Partial<QueueEntryInput> = {}): QueueEntryInput {
  return {
    id,
    ticket: ++tickets,
    status: "BOOKED",
    priority: "NORMAL",
    scheduledAt: at("10:00"),
    bookedAt: at("07:00"),
    paidAt: null,
    orderRank: null,
    checkedInAt: null,
    calledAt: null,
    startedAt: null,
    ...over,
  };
}

describe("check-in at the desk (rules 1 and 5)", () => {
  const when = (hhmm: string, force = false) => ({ maxEarlyMinutes: 30, now: at(hhmm), timeZone: TZ, force });

  it("opens with the window, says when it opens before, and lets staff force it", () => {
    expect(assertCheckIn(entry("a"), when("09:30")).open).toBe(true);
    expect(refusal(() => assertCheckIn(entry("a"), when("09:29")))).toEqual({
      reason: "CHECK_IN_NOT_OPEN",
      message: "Check-in opens at 09:30.",
    });
    expect(assertCheckIn(entry("a"), when("09:29", true))).toEqual({ opensAt: at("09:30"), open: false });
  });

  it("never checks in an appointment on another day, forced or not, and names that day", () => {
    const tomorrow = entry("t", { scheduledAt: zonedTimeToUtc("2026-06-05", "10:00", TZ) });
    for (const force of [false, true])
      expect(refusal(() => assertCheckIn(tomorrow, when("19:00", force)))).toEqual({
        reason: "CHECK_IN_OTHER_DAY",
        message:
          "Check-in opens on Fri 5 Jun at 09:30. This appointment is on another day: it cannot be checked in today.",
      });
    // Just after midnight, its window opens the evening before: from then, the desk may check in.
    const early = entry("m", { scheduledAt: zonedTimeToUtc("2026-06-05", "00:15", TZ) });
    expect(assertCheckIn(early, when("23:30")).open).toBe(true);
    expect(refusal(() => assertCheckIn(early, when("23:00", true)))?.message).toMatch(
      /^Check-in opens at 23:30\. This/,
    );
  });

  it("refuses a patient not BOOKED first, forced or not", () => {
    expect(refusal(() => assertCheckIn(entry("a", { status: "CHECKED_IN" }), when("08:00", true)))).toEqual({
      reason: "TRANSITION_REFUSED",
      message: "Cannot check in: the patient is already checked in.",
    });
  });
});

describe("call next: one patient called at a time", () => {
  const open = { paused: false, timeZone: TZ };

  it("calls the first present patient in queue order, past an absent one ahead", () => {
    const queue = [entry("absent", { scheduledAt: at("09:00") }), entry("here", { status: "CHECKED_IN" })];
    expect(nextToCall(open, queue).id).toBe("here");
  });

  it("refuses while a called patient has not started, and when nobody present waits", () => {
    const called = entry("called", { status: "CALLED" });
    expect(refusal(() => nextToCall(open, [called, entry("here", { status: "CHECKED_IN" })]))).toEqual({
      reason: "CALL_PENDING",
      message: `Ticket ${called.ticket} has been called and has not started yet.`,
    });
    expect(refusal(() => nextToCall(open, [entry("absent")]))?.reason).toBe("NOBODY_WAITING");
  });

  it("refuses in a paused queue before anything else", () => {
    const queue = [entry("called", { status: "CALLED" }), entry("here", { status: "CHECKED_IN" })];
    expect(refusal(() => nextToCall({ ...open, paused: true }, queue))).toEqual({
      reason: "QUEUE_PAUSED",
      message: "This doctor's queue is paused. Resume it first.",
    });
  });
});

describe("start: one patient in the room", () => {
  it("starts the called patient while the room is free", () => {
    const called = entry("called", { status: "CALLED" });
    expect(
      refusal(() => assertCanStart(called, [called, entry("done", { status: "COMPLETED" })])),
    ).toBeNull();
  });

  it("refuses while another is in consultation, and a patient not called", () => {
    const called = entry("called", { status: "CALLED" });
    const inRoom = entry("in", { status: "IN_CONSULTATION" });
    expect(refusal(() => assertCanStart(called, [inRoom, called]))).toEqual({
      reason: "CONSULTATION_IN_PROGRESS",
      message: `Ticket ${inRoom.ticket} is still in consultation. Complete it first.`,
    });
    expect(refusal(() => assertCanStart(entry("w", { status: "CHECKED_IN" }), []))?.reason).toBe(
      "TRANSITION_REFUSED",
    );
  });
});

describe("move and priority (rules 3-4)", () => {
  const queue = [
    entry("first", { scheduledAt: at("09:00") }),
    entry("second", { scheduledAt: at("10:00") }),
    entry("third", { scheduledAt: at("11:00") }),
  ];
  const ordered = orderQueue(queue, TZ);
  const line = (entries: QueueEntryInput[]) => waitingEntries(orderQueue(entries, TZ)).map((e) => e.id);

  it("gives the ranks that put the entry at the asked position", () => {
    const third = queue[2]!;
    expect(line(applyRanks(queue, planMove(third, ordered, 1)))).toEqual(["third", "first", "second"]);
  });

  it("refuses an entry that left, one already there, and a position out of range first", () => {
    const gone = entry("gone", { status: "CANCELLED" });
    expect(refusal(() => planMove(gone, orderQueue([...queue, gone], TZ), 1))).toEqual({
      reason: "LEFT_QUEUE",
      message: `Ticket ${gone.ticket} is no longer in the queue, so it cannot be moved.`,
    });
    const first = queue[0]!;
    expect(refusal(() => planMove(first, ordered, 1))).toEqual({
      reason: "ALREADY_AT_POSITION",
      message: `Ticket ${first.ticket} is already at position 1.`,
    });
    expect(refusal(() => planMove(first, ordered, 9))?.reason).toBe("POSITION_OUT_OF_RANGE");
  });

  it("changes a priority only to another one, and only in the queue", () => {
    const waiting = entry("w");
    expect(refusal(() => assertPriorityChange(waiting, "URGENT"))).toBeNull();
    expect(refusal(() => assertPriorityChange(waiting, "NORMAL"))).toEqual({
      reason: "PRIORITY_UNCHANGED",
      message: `Ticket ${waiting.ticket} is already normal.`,
    });
    const done = entry("done", { status: "COMPLETED" });
    expect(refusal(() => assertPriorityChange(done, "URGENT"))).toEqual({
      reason: "LEFT_QUEUE",
      message: `Ticket ${done.ticket} is no longer in the queue.`,
    });
  });
});

describe("notice and pause", () => {
  it("clears only a notice that is up", () => {
    expect(refusal(() => assertNoticeToClear({ delayMessage: null, delayMinutes: 0 }))?.reason).toBe(
      "NO_NOTICE",
    );
    expect(refusal(() => assertNoticeToClear({ delayMessage: null, delayMinutes: 10 }))).toBeNull();
    expect(refusal(() => assertNoticeToClear({ delayMessage: "Running late", delayMinutes: 0 }))).toBeNull();
  });

  it("pauses a running queue once, saying why it already is, and resumes only a paused one", () => {
    expect(refusal(() => assertCanPause({ paused: false, pausedReason: null }))).toBeNull();
    expect(refusal(() => assertCanPause({ paused: true, pausedReason: "lunch" }))).toEqual({
      reason: "QUEUE_ALREADY_PAUSED",
      message: "This queue is already paused (lunch).",
    });
    expect(refusal(() => assertCanPause({ paused: true, pausedReason: null }))?.message).toBe(
      "This queue is already paused.",
    );
    expect(refusal(() => assertCanResume({ paused: true }))).toBeNull();
    expect(refusal(() => assertCanResume({ paused: false }))?.reason).toBe("QUEUE_NOT_PAUSED");
  });
});

describe("staff no-show and the sweeper (rule 6)", () => {
  const booked = { status: "BOOKED" as const, scheduledAt: at("10:00"), noShowDueAt: null };

  it("schedules a no-show for a patient not arrived before the grace, marks after it", () => {
    expect(planNoShow(booked, 15, at("10:05"), TZ)).toEqual({ mark: false, dueAt: at("10:15") });
    expect(planNoShow(booked, 15, at("10:15"), TZ)).toEqual({ mark: true });
  });

  it("marks a patient who checked in or was called at once: the grace is for arriving", () => {
    expect(planNoShow({ ...booked, status: "CHECKED_IN" }, 15, at("09:45"), TZ)).toEqual({ mark: true });
    expect(planNoShow({ ...booked, status: "CALLED" }, 15, at("09:45"), TZ)).toEqual({ mark: true });
  });

  it("takes back a scheduled no-show only while one is scheduled for a patient not arrived", () => {
    expect(assertNoShowScheduled({ ...booked, noShowDueAt: at("10:30") })).toEqual(at("10:30"));
    expect(refusal(() => assertNoShowScheduled(booked))).toEqual({
      reason: "NO_SHOW_NOT_SCHEDULED",
      message: "No no-show is scheduled for this appointment.",
    });
    expect(
      refusal(() => assertNoShowScheduled({ ...booked, status: "NO_SHOW", noShowDueAt: at("10:30") }))
        ?.reason,
    ).toBe("NO_SHOW_NOT_SCHEDULED");
  });

  it("refuses the same schedule twice, and a patient in consultation", () => {
    expect(refusal(() => planNoShow({ ...booked, noShowDueAt: at("10:15") }, 15, at("10:05"), TZ))).toEqual({
      reason: "NO_SHOW_ALREADY_SCHEDULED",
      message: "A no-show is already scheduled for 10:15.",
    });
    expect(planNoShow({ ...booked, noShowDueAt: at("10:15") }, 30, at("10:05"), TZ)).toEqual({
      mark: false,
      dueAt: at("10:30"),
    });
    expect(
      refusal(() => planNoShow({ ...booked, status: "IN_CONSULTATION" }, 15, at("10:05"), TZ))?.reason,
    ).toBe("TRANSITION_REFUSED");
  });

  it("lets the sweeper mark only a patient still BOOKED and due, by staff's time else the grace", () => {
    expect(isNoShowDue(booked, 15, at("10:14"))).toBe(false);
    expect(isNoShowDue(booked, 15, at("10:15"))).toBe(true);
    expect(isNoShowDue({ ...booked, status: "CHECKED_IN" }, 15, at("11:00"))).toBe(false);
    expect(isNoShowDue({ ...booked, noShowDueAt: at("10:05") }, 15, at("10:05"))).toBe(true);
    expect(isNoShowDue({ ...booked, noShowDueAt: at("10:40") }, 15, at("10:20"))).toBe(false);
  });
});

describe("undo of an appointment's last change", () => {
  const noShow = entry("n", { status: "NO_SHOW" });
  const last = (type: string, status: AppointmentStatus, createdAt = at("10:00")) => ({
    type,
    version: 7,
    before: { status },
    createdAt,
  });

  it("returns the change it takes back, typed", () => {
    expect(assertUndoOf(noShow, last("NO_SHOW", "BOOKED"), [noShow], at("10:03"))).toEqual(
      last("NO_SHOW", "BOOKED"),
    );
  });

  it("says why first from the status, then when nothing undoable was recorded, then the window", () => {
    expect(
      refusal(() => assertUndoOf(entry("w", { status: "CHECKED_IN" }), null, [], at("10:03")))?.reason,
    ).toBe("UNDO_NOT_ALLOWED");
    expect(refusal(() => assertUndoOf(noShow, null, [noShow], at("10:03")))).toEqual({
      reason: "NOTHING_TO_UNDO",
      message: "Cannot undo: there is no recorded change to take back.",
    });
    expect(refusal(() => assertUndoOf(noShow, last("MOVED", "BOOKED"), [noShow], at("10:03")))?.reason).toBe(
      "NOTHING_TO_UNDO",
    );
    expect(
      refusal(() => assertUndoOf(noShow, last("NO_SHOW", "BOOKED"), [noShow], at("10:06")))?.reason,
    ).toBe("UNDO_TOO_LATE");
  });

  it("never makes a second patient called or in the room", () => {
    const done = entry("done", { status: "COMPLETED" });
    const inRoom = entry("in", { status: "IN_CONSULTATION" });
    expect(
      refusal(() => assertUndoOf(done, last("COMPLETED", "IN_CONSULTATION"), [done, inRoom], at("10:03"))),
    ).toEqual({
      reason: "UNDO_CLASH",
      message: `Cannot undo: ticket ${inRoom.ticket} is in consultation now.`,
    });
    const cancelled = entry("c", { status: "CANCELLED" });
    const called = entry("called", { status: "CALLED" });
    expect(
      refusal(() => assertUndoOf(cancelled, last("CANCELLED", "CALLED"), [cancelled, called], at("10:03"))),
    ).toEqual({ reason: "UNDO_CLASH", message: `Cannot undo: ticket ${called.ticket} has been called now.` });
    // Two patients waiting is no clash.
    const waiting = entry("w", { status: "CHECKED_IN" });
    expect(
      refusal(() =>
        assertUndoOf(cancelled, last("CANCELLED", "CHECKED_IN"), [cancelled, waiting], at("10:03")),
      ),
    ).toBeNull();
  });

  it("gives a patient taken back to BOOKED the due time still ahead, else a fresh grace", () => {
    expect(noShowDueAfterUndo(at("10:00"), 15, null, at("10:05"))).toEqual(at("10:15"));
    expect(noShowDueAfterUndo(at("10:00"), 15, at("10:40"), at("10:20"))).toEqual(at("10:40"));
    expect(noShowDueAfterUndo(at("10:00"), 15, undefined, at("10:20"))).toEqual(at("10:35"));
  });
});
