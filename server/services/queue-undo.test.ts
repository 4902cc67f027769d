// Undo within UNDO_WINDOW_MINUTES, with the clock pinned through each change's `now`.
import { describe, expect, it } from "vitest";
import { UNDO_WINDOW_MINUTES } from "../domain/transitions.ts";
import { cancelAppointment, completeConsultation, startConsultation } from "./queue-changes.ts";
import { markNoShow } from "./queue-no-shows.ts";
import { expectRefused, queueWorld } from "./queue-test-kit.ts";
import { undoLastChange } from "./queue-undo.ts";
import { sweepNoShows } from "./sweeper.ts";

const MIN = 60_000;
const plus = (t: Date, minutes: number) => new Date(t.getTime() + minutes * MIN);

describe("undo", () => {
  it("returns a mistaken no-show to exactly what it was, as a new event", async () => {
    const w = await queueWorld((c) => [{ at: c.hhmm(0), status: "CHECKED_IN" }, { at: c.hhmm(0) }]);
    const a = w.appointments[0]!.id;
    const t0 = w.clock.now;
    const before = await w.appointment(a);
    await markNoShow(w.scope, a, w.actor, { now: t0 });
    const r = await undoLastChange(w.scope, a, w.actor, { now: plus(t0, UNDO_WINDOW_MINUTES - 1) });
    expect(r).toMatchObject({
      type: "UNDO",
      status: "CHECKED_IN",
      undone: "NO_SHOW",
      version: 2,
      toPosition: 1,
    });
    const after = await w.appointment(a);
    expect(after).toMatchObject({
      status: before.status,
      checkedInAt: before.checkedInAt,
      orderRank: before.orderRank,
      noShowAt: null,
    });
    const events = await w.events();
    expect(events.map((e) => [e.version, e.type])).toEqual([
      [1, "NO_SHOW"],
      [2, "UNDO"],
    ]);
    await expectRefused(
      w.queueDayId,
      () => undoLastChange(w.scope, a, w.actor, { now: plus(t0, 2) }),
      "UNDO_NOT_ALLOWED",
    );
  });

  it("returns a completion to the consultation and a cancellation to the waiting line", async () => {
    const w = await queueWorld((c) => [
      { at: c.hhmm(0), status: "CALLED", bookedMinutesBefore: 30 },
      { at: c.hhmm(0), bookedMinutesBefore: 20 },
      { at: c.hhmm(0), bookedMinutesBefore: 10 },
    ]);
    const [inRoom, second, third] = w.appointments.map((x) => x.id);
    const t0 = w.clock.now;
    await startConsultation(w.scope, inRoom!, w.actor, { now: t0 });
    await completeConsultation(w.scope, inRoom!, w.actor, { now: plus(t0, 10) });
    expect(await undoLastChange(w.scope, inRoom!, w.actor, { now: plus(t0, 12) })).toMatchObject({
      status: "IN_CONSULTATION",
    });
    expect(await w.appointment(inRoom!)).toMatchObject({
      status: "IN_CONSULTATION",
      endedAt: null,
      startedAt: t0,
    });

    await cancelAppointment(w.scope, second!, w.actor, { now: t0 });
    expect((await w.snapshot()).entries.find((e) => e.appointmentId === third)?.position).toBe(1);
    await undoLastChange(w.scope, second!, w.actor, { now: plus(t0, 1) });
    expect(await w.appointment(second!)).toMatchObject({ status: "BOOKED", cancelledAt: null });
    expect((await w.snapshot()).entries.find((e) => e.appointmentId === second)?.position).toBe(1);
  });

  it("is refused after the window, with a plain message, and changes nothing", async () => {
    const w = await queueWorld((c) => [{ at: c.hhmm(0), status: "IN_CONSULTATION" }, { at: c.hhmm(0) }]);
    const [done, booked] = w.appointments.map((x) => x.id);
    const t0 = w.clock.now;
    await completeConsultation(w.scope, done!, w.actor, { now: t0 });
    await expectRefused(
      w.queueDayId,
      () => undoLastChange(w.scope, done!, w.actor, { now: plus(t0, UNDO_WINDOW_MINUTES + 1) }),
      "UNDO_TOO_LATE",
      /^Cannot undo: it is more than 5 minutes since the change\.$/,
    );
    await cancelAppointment(w.scope, booked!, w.actor, { now: t0 });
    await expectRefused(
      w.queueDayId,
      () => undoLastChange(w.scope, booked!, w.actor, { now: plus(t0, 6) }),
      "UNDO_TOO_LATE",
    );
  });

  it("refuses to put a second patient in the room, and an appointment never changed", async () => {
    const w = await queueWorld((c) => [
      { at: c.hhmm(0), status: "IN_CONSULTATION" },
      { at: c.hhmm(0), status: "CALLED" },
      { at: c.hhmm(0), status: "COMPLETED" },
    ]);
    const [first, next, seeded] = w.appointments.map((x) => x.id);
    const t0 = w.clock.now;
    await completeConsultation(w.scope, first!, w.actor, { now: t0 });
    await startConsultation(w.scope, next!, w.actor, { now: plus(t0, 1) });
    await expectRefused(
      w.queueDayId,
      () => undoLastChange(w.scope, first!, w.actor, { now: plus(t0, 2) }),
      "UNDO_CLASH",
      /in consultation now/,
    );
    await expectRefused(
      w.queueDayId,
      () => undoLastChange(w.scope, seeded!, w.actor, { now: t0 }),
      "NOTHING_TO_UNDO",
    );
  });

  it("gives an undone no-show of an absent patient a fresh grace, so the sweeper does not mark it again at once", async () => {
    const w = await queueWorld((c) => [{ at: c.hhmm(-1) }]);
    const a = w.appointments[0]!.id;
    const t0 = w.clock.now;
    await sweepNoShows(t0);
    expect(await w.appointment(a)).toMatchObject({ status: "NO_SHOW" });
    await undoLastChange(w.scope, a, w.actor, { now: plus(t0, 1) });
    expect(await w.appointment(a)).toMatchObject({ status: "BOOKED", noShowDueAt: plus(t0, 16) });
    await sweepNoShows(plus(t0, 2));
    expect(await w.appointment(a)).toMatchObject({ status: "BOOKED" });
    await sweepNoShows(plus(t0, 17));
    expect(await w.appointment(a)).toMatchObject({ status: "NO_SHOW" });
  });
});
