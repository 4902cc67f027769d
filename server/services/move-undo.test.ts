// Undo of a manual move: the previous order comes back within the undo window, and not once the
// queue has changed after the move (UNDO_CLASH) or the window has passed.
import { expect, it } from "vitest";
import { UNDO_WINDOW_MINUTES } from "../domain/transitions.ts";
import { describeNeeding } from "../test/needs.ts";
import { checkIn } from "./queue-changes.ts";
import { moveToPosition } from "./queue-order.ts";
import { expectRefused, queueWorld, waitingLine } from "./queue-test-kit.ts";
import { undoLastChange } from "./queue-undo.ts";

const MIN = 60_000;
const plus = (t: Date, minutes: number) => new Date(t.getTime() + minutes * MIN);

const world = () =>
  queueWorld((c) => [
    { at: c.hhmm(0), status: "CHECKED_IN", bookedMinutesBefore: 30 },
    { at: c.hhmm(0), status: "CHECKED_IN", bookedMinutesBefore: 20 },
    { at: c.hhmm(0), status: "CHECKED_IN", bookedMinutesBefore: 10 },
    { at: c.hhmm(0), bookedMinutesBefore: 5 },
  ]);

describeNeeding(["pg"], "undo of a move", () => {
  it("puts the line back as it was before the move, as a new UNDO event", async () => {
    const w = await world();
    const [a, b, c] = w.appointments.map((x) => x.id);
    const t0 = w.clock.now;
    const order = async () => waitingLine(await w.snapshot()).map((e) => e.appointmentId);
    const before = await order();
    expect(before.slice(0, 3)).toEqual([a, b, c]);
    await moveToPosition(w.scope, c!, 1, w.actor, { now: t0 });
    expect((await order()).slice(0, 3)).toEqual([c, a, b]);
    const r = await undoLastChange(w.scope, c!, w.actor, { now: plus(t0, UNDO_WINDOW_MINUTES - 1) });
    expect(r).toMatchObject({ type: "UNDO", undone: "MOVED", version: 2, fromPosition: 1, toPosition: 3 });
    expect(await order()).toEqual(before);
    expect((await w.appointment(c!)).orderRank).toBeNull();
    expect((await w.events()).map((e) => [e.version, e.type])).toEqual([
      [1, "MOVED"],
      [2, "UNDO"],
    ]);
    // An undo is not undone in turn.
    await expectRefused(
      w.queueDayId,
      () => undoLastChange(w.scope, c!, w.actor, { now: plus(t0, 2) }),
      "UNDO_NOT_ALLOWED",
    );
  });

  it("restores earlier manual ranks, not just the base order", async () => {
    const w = await world();
    const [a, b, c] = w.appointments.map((x) => x.id);
    const t0 = w.clock.now;
    await moveToPosition(w.scope, b!, 1, w.actor, { now: t0 });
    const ranked = await Promise.all([a, b, c].map(async (id) => (await w.appointment(id!)).orderRank));
    await moveToPosition(w.scope, c!, 1, w.actor, { now: plus(t0, 1) });
    await undoLastChange(w.scope, c!, w.actor, { now: plus(t0, 2) });
    expect(await Promise.all([a, b, c].map(async (id) => (await w.appointment(id!)).orderRank))).toEqual(
      ranked,
    );
    expect(
      waitingLine(await w.snapshot())
        .map((e) => e.appointmentId)
        .slice(0, 3),
    ).toEqual([b, a, c]);
  });

  it("refuses once the queue changed after the move, or the window has passed", async () => {
    const w = await world();
    const [, , c, d] = w.appointments.map((x) => x.id);
    const t0 = w.clock.now;
    await moveToPosition(w.scope, c!, 1, w.actor, { now: t0 });
    await checkIn(w.scope, d!, w.actor, { now: plus(t0, 1), force: true });
    await expectRefused(
      w.queueDayId,
      () => undoLastChange(w.scope, c!, w.actor, { now: plus(t0, 2) }),
      "UNDO_CLASH",
      /changed since/,
    );

    const late = await world();
    const moved = late.appointments[2]!.id;
    await moveToPosition(late.scope, moved, 1, late.actor, { now: t0 });
    await expectRefused(
      late.queueDayId,
      () => undoLastChange(late.scope, moved, late.actor, { now: plus(t0, UNDO_WINDOW_MINUTES + 1) }),
      "UNDO_TOO_LATE",
    );
  });
});
