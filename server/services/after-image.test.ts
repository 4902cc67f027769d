// A change hands its after-image (the state it locked, with its own writes applied) to this
// instance's live subscribers instead of reading the queue back. That snapshot must be the one a
// load of the same version would build: for every kind of change, and for random sequences of them.
import fc from "fast-check";
import { afterEach, describe, expect, it, vi } from "vitest";
import { now as clockNow } from "../clock.ts";
import { loadQueueState } from "../db/queue-repo.ts";
import { DomainError } from "../domain/errors.ts";
import { getHub } from "../realtime/hub.ts";
import { bookAppointment, recordPayment } from "./intake.ts";
import {
  callNext,
  cancelAppointment,
  checkIn,
  completeConsultation,
  startConsultation,
} from "./queue-changes.ts";
import { markNoShow, restoreNoShow } from "./queue-no-shows.ts";
import { broadcastEmergency, clearEmergency, pauseQueue, resumeQueue } from "./queue-notices.ts";
import { moveToPosition, setPriority } from "./queue-order.ts";
import { type QueueWorld, queueWorld } from "./queue-test-kit.ts";
import { undoLastChange } from "./queue-undo.ts";
import { rescheduleAppointment } from "./reschedule.ts";
import { packSnapshot, type QueueSnapshot, snapshotFromState, unpackSnapshot } from "./snapshot.ts";
import { sweepNoShows } from "./sweeper.ts";
import { bookWalkIn } from "./walk-in.ts";

/** Every after-image a change hands to the hub, in order. */
function afterImages() {
  const offer = vi.spyOn(getHub(), "offer");
  return {
    count: () => offer.mock.calls.length,
    last: () => offer.mock.calls.at(-1)?.[1] as QueueSnapshot | undefined,
  };
}

/** The snapshot a load of the database builds at the same moment. */
async function loaded(snapshot: QueueSnapshot) {
  const state = await loadQueueState(snapshot.queueDayId);
  expect(state?.queueDay.version).toBe(snapshot.version);
  // Whom the change itself put further back is known only to the change (place-change.test.ts).
  const { placeChanges } = snapshot;
  return { ...snapshotFromState(state!, snapshot.builtAt), ...(placeChanges ? { placeChanges } : {}) };
}

/** Runs one change; if it went through, its after-image must equal the loaded snapshot. */
async function expectAfterImage(
  images: ReturnType<typeof afterImages>,
  what: string,
  change: () => Promise<unknown>,
  opts: { mustSucceed?: boolean } = {},
) {
  const before = images.count();
  const outcome = await change().catch((err: unknown) => {
    if (opts.mustSucceed || !(err instanceof DomainError)) throw err;
    return null;
  });
  if (outcome === null) {
    expect(images.count(), `${what}: a refused change offers nothing`).toBe(before);
    return false;
  }
  expect(images.count(), `${what}: one after-image per committed version`).toBeGreaterThan(before);
  const image = images.last()!;
  const version = (outcome as { version?: number | null }).version;
  if (typeof version === "number") expect(image.version, what).toBe(version);
  expect(image, what).toEqual(await loaded(image));
  // What the cache keeps of it reads back the same.
  expect(unpackSnapshot(packSnapshot(image)), what).toEqual(image);
  return true;
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe("after-image snapshots", () => {
  it("equal the snapshot loaded from the database, for every kind of change", async () => {
    const w = await queueWorld((c) => [
      { at: c.hhmm(-1), status: "COMPLETED" },
      { at: c.hhmm(-1, 20) },
      { at: c.hhmm(0), paidMinutesBefore: 30 },
      { at: c.hhmm(0, 15), priority: "URGENT" },
      { at: c.hhmm(0, 30), status: "CHECKED_IN" },
      { at: c.hhmm(1) },
      { at: c.hhmm(1, 15), paidMinutesBefore: 5 },
      { at: c.hhmm(2) },
      { at: c.hhmm(2, 30) },
    ]);
    const images = afterImages();
    const ids = w.appointments.map((a) => a.id);
    const { scope, actor, doctor, date, clock } = w;
    const run = (what: string, change: () => Promise<unknown>) =>
      expectAfterImage(images, what, change, { mustSucceed: true });

    await run("check-in", () => checkIn(scope, ids[2]!, actor, { force: true }));
    await run("early check-in", () => checkIn(scope, ids[7]!, actor, { force: true }));
    await run("call next", () => callNext(scope, doctor.id, date, actor));
    const called = (await loaded(images.last()!)).entries.find((e) => e.status === "CALLED")!;
    // Started 25 minutes ago: the completion adds a real length to the doctor's recent ones.
    const startedAt = new Date(clockNow().getTime() - 25 * 60_000);
    await run("start", () => startConsultation(scope, called.appointmentId, actor, { now: startedAt }));
    await run("complete", () => completeConsultation(scope, called.appointmentId, actor));
    await run("undo a completion", () => undoLastChange(scope, called.appointmentId, actor));
    await run("complete again", () => completeConsultation(scope, called.appointmentId, actor));
    expect((await loadQueueState(w.queueDayId))?.recentDurations[0]).toBeGreaterThan(20);
    await run("no-show", () => markNoShow(scope, ids[1]!, actor, { gracePeriod: 0 }));
    await run("restore a no-show", () => restoreNoShow(scope, ids[1]!, actor));
    await run("move", () => moveToPosition(scope, ids[8]!, 1, actor));
    await run("move again", () => moveToPosition(scope, ids[5]!, 2, actor));
    await run("priority", () => setPriority(scope, ids[6]!, "URGENT", actor));
    await run("cancel", () => cancelAppointment(scope, ids[3]!, actor, { reason: "test" }));
    await run("undo a cancel", () => undoLastChange(scope, ids[3]!, actor));
    await run("payment", () => recordPayment(scope, { appointmentId: ids[5]! }, actor));
    await run("reschedule", () =>
      rescheduleAppointment(scope, { appointmentId: ids[6]!, scheduledAt: clock.at(1, 45) }, actor),
    );
    await run("walk-in", () =>
      bookWalkIn(scope, { doctorId: doctor.id, date, patientName: "Wanda Walkin", paid: true }, actor),
    );
    await run("booking", () =>
      bookAppointment(
        scope,
        { doctorId: doctor.id, patientName: "Bob Booked", scheduledAt: clock.at(2) },
        actor,
      ),
    );
    await run("emergency", () =>
      broadcastEmergency(
        scope,
        {
          doctorId: doctor.id,
          date,
          message: "Running late",
          priority: "high",
          estimatedDelay: 25,
          expiresInMinutes: 90,
        },
        actor,
      ),
    );
    await run("pause", () => pauseQueue(scope, doctor.id, date, actor, { reason: "lunch" }));
    await run("resume", () => resumeQueue(scope, doctor.id, date, actor));
    await run("clear the notice", () => clearEmergency(scope, doctor.id, date, actor));
    // The sweeper's no-shows are changes too (marked at the appointment time + grace).
    const before = images.count();
    const marked = await sweepNoShows(clock.at(3, 59));
    expect(marked).toBeGreaterThan(0);
    expect(images.count()).toBe(before + marked);
    expect(images.last()).toEqual(await loaded(images.last()!));
  });

  it("equal the loaded snapshot after any sequence of changes", async () => {
    type Op =
      | {
          kind: "checkIn" | "start" | "complete" | "noShow" | "restore" | "cancel" | "undo" | "pay";
          i: number;
        }
      | { kind: "move"; i: number; to: number }
      | { kind: "priority"; i: number; urgent: boolean }
      | { kind: "callNext" | "walkIn" | "emergency" | "clear" | "pause" | "resume" };
    const index = fc.integer({ min: 0, max: 5 });
    const op: fc.Arbitrary<Op> = fc.oneof(
      fc.record({
        kind: fc.constantFrom(
          "checkIn",
          "start",
          "complete",
          "noShow",
          "restore",
          "cancel",
          "undo",
          "pay",
        ) as fc.Arbitrary<"checkIn">,
        i: index,
      }),
      fc.record({ kind: fc.constant("move" as const), i: index, to: fc.integer({ min: 1, max: 6 }) }),
      fc.record({ kind: fc.constant("priority" as const), i: index, urgent: fc.boolean() }),
      fc.record({
        kind: fc.constantFrom(
          "callNext",
          "walkIn",
          "emergency",
          "clear",
          "pause",
          "resume",
        ) as fc.Arbitrary<"callNext">,
      }),
    );
    const apply = (w: QueueWorld, o: Op, ids: string[]): Promise<unknown> => {
      const { scope, actor, doctor, date } = w;
      const id = "i" in o ? ids[o.i % ids.length]! : "";
      switch (o.kind) {
        case "checkIn":
          return checkIn(scope, id, actor, { force: true });
        case "start":
          return startConsultation(scope, id, actor);
        case "complete":
          return completeConsultation(scope, id, actor);
        case "noShow":
          return markNoShow(scope, id, actor, { gracePeriod: 0 });
        case "restore":
          return restoreNoShow(scope, id, actor);
        case "cancel":
          return cancelAppointment(scope, id, actor);
        case "undo":
          return undoLastChange(scope, id, actor);
        case "pay":
          return recordPayment(scope, { appointmentId: id }, actor);
        case "move":
          return moveToPosition(scope, id, o.to, actor);
        case "priority":
          return setPriority(scope, id, o.urgent ? "URGENT" : "NORMAL", actor);
        case "callNext":
          return callNext(scope, doctor.id, date, actor);
        case "walkIn":
          return bookWalkIn(scope, { doctorId: doctor.id, date, patientName: "Walk In" }, actor);
        case "emergency":
          return broadcastEmergency(
            scope,
            { doctorId: doctor.id, date, message: "Delay", priority: "normal", estimatedDelay: 10 },
            actor,
          );
        case "clear":
          return clearEmergency(scope, doctor.id, date, actor);
        case "pause":
          return pauseQueue(scope, doctor.id, date, actor);
        case "resume":
          return resumeQueue(scope, doctor.id, date, actor);
      }
    };
    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 12 }), async (ops) => {
        const w = await queueWorld((c) => [
          { at: c.hhmm(-1) },
          { at: c.hhmm(-1, 30), status: "CHECKED_IN" },
          { at: c.hhmm(0), paidMinutesBefore: 10 },
          { at: c.hhmm(0, 20) },
          { at: c.hhmm(1), priority: "URGENT" },
          { at: c.hhmm(2) },
        ]);
        const images = afterImages();
        const ids = w.appointments.map((a) => a.id);
        try {
          for (const o of ops) await expectAfterImage(images, JSON.stringify(o), () => apply(w, o, ids));
        } finally {
          vi.restoreAllMocks();
        }
      }),
      { numRuns: 15 },
    );
  }, 120_000);
});

describe("the hub and a local change's after-image", () => {
  it("sends it to this instance's subscribers after the change has answered, without reading it back", async () => {
    const w = await queueWorld((c) => [{ at: c.hhmm(0) }, { at: c.hhmm(1) }]);
    const hub = getHub();
    hub.start();
    const got: { snapshot: QueueSnapshot; answered: boolean }[] = [];
    let answered = false;
    const topic = `${w.hospital.id}/${w.queueDayId}`;
    const stop = hub.subscribe(topic, (snapshot) => got.push({ snapshot, answered }));
    const offer = vi.spyOn(hub, "offer");
    try {
      const outcome = await checkIn(w.scope, w.appointments[0]!.id, w.actor, { force: true });
      answered = true;
      await expect.poll(() => got.length).toBe(1);
      expect(got[0]!.answered).toBe(true);
      expect(got[0]!.snapshot.version).toBe(outcome.version);
      // The very object the change built: nothing was loaded for this subscriber.
      expect(got[0]!.snapshot).toBe(offer.mock.calls[0]![1]);
    } finally {
      stop();
    }
  });
});
