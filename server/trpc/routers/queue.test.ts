// Every queue change through createCaller on the test database: what staff see happen, and that a
// refused change names its reason (and so its status) and changes nothing.
import { afterEach, describe, expect, it } from "vitest";
import { signTrackingToken } from "../../auth/tracking-token.ts";
import { now as clockNow } from "../../clock.ts";
import { getDb } from "../../db/client.ts";
import type { QueueUpdate } from "../../realtime/bus.ts";
import { getBus } from "../../realtime/bus-index.ts";
import { broadcastEmergency } from "../../services/queue-notices.ts";
import { expectRefused, type QueueWorld, queueWorld, waitingLine } from "../../services/queue-test-kit.ts";
import { getSnapshot } from "../../services/snapshot.ts";
import { callerFor } from "../caller.ts";

const idsOf = (entries: { appointmentId: string }[]) => entries.map((e) => e.appointmentId);

async function track(w: QueueWorld, appointmentId: string) {
  const token = await signTrackingToken({
    appointmentId,
    hospitalId: w.hospital.id,
    doctorId: w.doctor.id,
    tokenVersion: 1,
  });
  return (await callerFor(null)).tracking.get({ token, fresh: true });
}

describe("check-in and early arrival", () => {
  it("checks in a patient of the current slot; refuses an early one with the time it opens unless forced", async () => {
    const w = await queueWorld((c) => [{ at: c.hhmm(0) }, { at: c.hhmm(2) }]);
    const [current, later] = w.appointments;
    const q = w.callers.reception.queue;

    const done = await q.checkIn({ appointmentId: current!.id });
    expect(done).toMatchObject({ type: "CHECKED_IN", version: 1, fromPosition: 1, toPosition: 1 });
    expect((await w.appointment(current!.id)).quotedStartAt).toBeInstanceOf(Date);

    await expectRefused(
      w.queueDayId,
      () => q.checkIn({ appointmentId: later!.id }),
      "CHECK_IN_NOT_OPEN",
      new RegExp(`^Check-in opens at ${w.clock.hhmm(1, 30)}\\.$`),
    );
    const forced = await q.checkIn({ appointmentId: later!.id, force: true });
    expect(forced).toMatchObject({ type: "EARLY_ARRIVAL", version: 2 });
    const events = await w.events();
    expect(events.at(-1)).toMatchObject({ reason: "forced before the window", actor: w.actor });

    await expectRefused(
      w.queueDayId,
      () => q.checkIn({ appointmentId: later!.id }),
      "TRANSITION_REFUSED",
      /already checked in/,
    );
  });

  it("opens check-in as early as the hospital's own MAX_EARLY_ARRIVAL says", async () => {
    const w = await queueWorld((c) => [{ at: c.hhmm(2) }]);
    await getDb().hospital.update({ where: { id: w.hospital.id }, data: { maxEarlyArrivalMinutes: 180 } });
    const r = await w.callers.reception.queue.checkIn({ appointmentId: w.appointments[0]!.id });
    expect(r.type).toBe("EARLY_ARRIVAL");
  });
});

describe("no-show", () => {
  it("marks at once after the grace, and the patient is told to see reception", async () => {
    const w = await queueWorld((c) => [{ at: c.hhmm(-1) }, { at: c.hhmm(0), status: "COMPLETED" }]);
    const [late, done] = w.appointments;
    const r = await w.callers.reception.queue.markNoShow({ appointmentId: late!.id });
    expect(r).toMatchObject({ type: "NO_SHOW", status: "NO_SHOW", scheduled: false, version: 1 });
    const view = await track(w, late!.id);
    expect(view.queue.queueStatus).toBe("no_show");
    expect(view.queue.message).toMatch(/reception/);

    await expectRefused(
      w.queueDayId,
      () => w.callers.reception.queue.markNoShow({ appointmentId: done!.id }),
      "TRANSITION_REFUSED",
      /^Cannot mark as a no-show: the visit is already completed\.$/,
    );
  });

  it("schedules it before the grace has passed and says when", async () => {
    const w = await queueWorld((c) => [{ at: c.hhmm(1) }]);
    const [a] = w.appointments;
    const q = w.callers.reception.queue;
    const r = await q.markNoShow({ appointmentId: a!.id, gracePeriod: 20 });
    expect(r).toMatchObject({ type: "NO_SHOW_SCHEDULED", status: "BOOKED", scheduled: true, version: 1 });
    expect(r.noShowDueAt).toEqual(w.clock.at(1, 20));
    expect(r.message).toContain(w.clock.hhmm(1, 20));
    expect(await w.appointment(a!.id)).toMatchObject({ status: "BOOKED", noShowDueAt: w.clock.at(1, 20) });
    expect((await track(w, a!.id)).queue.queueStatus).toBe("waiting");

    await expectRefused(
      w.queueDayId,
      () => q.markNoShow({ appointmentId: a!.id, gracePeriod: 20 }),
      "NO_SHOW_ALREADY_SCHEDULED",
    );
    await expectRefused(
      w.queueDayId,
      () => q.markNoShow({ appointmentId: a!.id, gracePeriod: 721 }),
      "BAD_REQUEST",
    );
    // Arriving calls it off.
    await q.checkIn({ appointmentId: a!.id, force: true });
    expect((await w.appointment(a!.id)).noShowDueAt).toBeNull();
  });
});

describe("manual move", () => {
  it("puts the entry at the asked position, keeps the others' order, and holds against a later walk-in", async () => {
    const w = await queueWorld((c) =>
      [40, 30, 20, 10].map((m) => ({ at: c.hhmm(0), bookedMinutesBefore: m, paidMinutesBefore: 60 })),
    );
    const [a, b, c, d] = w.appointments.map((x) => x.id);
    expect(idsOf(waitingLine(await w.snapshot()))).toEqual([a, b, c, d]);

    const r = await w.callers.reception.queue.move({ appointmentId: d!, newPosition: 1 });
    expect(r).toMatchObject({ type: "MOVED", fromPosition: 4, toPosition: 1, position: 1, version: 1 });
    const line = waitingLine(await w.snapshot());
    expect(idsOf(line)).toEqual([d, a, b, c]);
    expect(line.map((e) => e.position)).toEqual([1, 2, 3, 4]);
    expect((await w.events()).at(-1)).toMatchObject({ fromPosition: 4, toPosition: 1, appointmentId: d });

    // An unpaid walk-in of the same slot goes after them; the move holds.
    await w.callers.reception.queue.walkIn({ doctorId: w.doctor.id, patientName: "Late Walker" });
    expect(idsOf(waitingLine(await w.snapshot())).slice(0, 4)).toEqual([d, a, b, c]);

    const q = w.callers.reception.queue;
    await expectRefused(
      w.queueDayId,
      () => q.move({ appointmentId: a!, newPosition: 9 }),
      "POSITION_OUT_OF_RANGE",
      /between 1 and 5/,
    );
    await expectRefused(
      w.queueDayId,
      () => q.move({ appointmentId: d!, newPosition: 1 }),
      "ALREADY_AT_POSITION",
    );
    await expectRefused(w.queueDayId, () => q.move({ appointmentId: a!, newPosition: 0 }), "BAD_REQUEST");
  });
});

describe("call next, start, complete, pause", () => {
  it("runs a consultation and refuses what does not fit the state", async () => {
    const w = await queueWorld((c) => [
      { at: c.hhmm(0), status: "CHECKED_IN", bookedMinutesBefore: 20 },
      { at: c.hhmm(0), status: "CHECKED_IN", bookedMinutesBefore: 10 },
    ]);
    const [first, second] = w.appointments.map((x) => x.id);
    const q = w.callers.reception.queue;
    const day = { doctorId: w.doctor.id, date: w.date };

    expect(await q.pause({ ...day, reason: "lunch" })).toMatchObject({ type: "PAUSED" });
    await expectRefused(w.queueDayId, () => q.callNext(day), "QUEUE_PAUSED");
    await expectRefused(w.queueDayId, () => q.pause(day), "QUEUE_ALREADY_PAUSED", /\(lunch\)/);
    expect((await w.snapshot()).paused).toEqual({ reason: "lunch" });
    expect(await q.resume(day)).toMatchObject({ type: "RESUMED" });
    await expectRefused(w.queueDayId, () => q.resume(day), "QUEUE_NOT_PAUSED");

    expect(await q.callNext(day)).toMatchObject({ type: "CALLED", appointmentId: first, toPosition: 0 });
    await expectRefused(w.queueDayId, () => q.callNext(day), "CALL_PENDING");
    await expectRefused(
      w.queueDayId,
      () => q.start({ appointmentId: second! }),
      "TRANSITION_REFUSED",
      /not been called/,
    );
    await q.start({ appointmentId: first! });
    expect(await q.complete({ appointmentId: first! })).toMatchObject({
      type: "COMPLETED",
      toPosition: null,
    });
    await expectRefused(w.queueDayId, () => q.complete({ appointmentId: first! }), "TRANSITION_REFUSED");
    expect((await w.facts()).version).toBe(5);
    expect((await w.events()).every((e) => e.actor === w.actor)).toBe(true);
  });
});

describe("cancel, restore, priority", () => {
  it("restores a no-show at the end of the current slot, cancels, and puts an urgent patient first", async () => {
    const w = await queueWorld((c) => [
      { at: c.hhmm(0), bookedMinutesBefore: 30 },
      { at: c.hhmm(0), bookedMinutesBefore: 20 },
      { at: c.hhmm(1), bookedMinutesBefore: 10 },
      { at: c.hhmm(-1), status: "NO_SHOW" },
    ]);
    const [b1, b2, c1, missed] = w.appointments.map((x) => x.id);
    const q = w.callers.reception.queue;

    const restored = await q.restore({ appointmentId: missed! });
    expect(restored).toMatchObject({ type: "RESTORED", fromPosition: null, toPosition: 3 });
    expect(idsOf(waitingLine(await w.snapshot()))).toEqual([b1, b2, missed, c1]);
    expect(await w.appointment(missed!)).toMatchObject({ status: "CHECKED_IN" });
    await expectRefused(
      w.queueDayId,
      () => q.restore({ appointmentId: b1! }),
      "TRANSITION_REFUSED",
      /not a no-show/,
    );

    expect(await q.cancel({ appointmentId: b1!, reason: "rebooked by phone" })).toMatchObject({
      type: "CANCELLED",
      fromPosition: 1,
      toPosition: null,
    });
    expect(waitingLine(await w.snapshot()).map((e) => e.position)).toEqual([1, 2, 3]);
    await expectRefused(
      w.queueDayId,
      () => q.cancel({ appointmentId: b1! }),
      "TRANSITION_REFUSED",
      /cancelled/,
    );

    expect(await q.setPriority({ appointmentId: c1!, priority: "URGENT" })).toMatchObject({
      fromPosition: 3,
      toPosition: 1,
    });
    expect(idsOf(waitingLine(await w.snapshot()))).toEqual([c1, b2, missed]);
    await expectRefused(
      w.queueDayId,
      () => q.setPriority({ appointmentId: c1!, priority: "URGENT" }),
      "PRIORITY_UNCHANGED",
    );
    await expectRefused(
      w.queueDayId,
      () => q.setPriority({ appointmentId: b1!, priority: "URGENT" }),
      "LEFT_QUEUE",
    );
  });
});

describe("walk-in", () => {
  it("books a present patient with the next ticket and hands back a working tracking link", async () => {
    const w = await queueWorld((c) => [{ at: c.hhmm(0) }, { at: c.hhmm(0) }]);
    const q = w.callers.reception.queue;
    const r = await q.walkIn({
      doctorId: w.doctor.id,
      patientName: "Wanda Walk-in",
      phone: "+64 21 555 0101",
      paid: true,
    });
    expect(r).toMatchObject({ ticket: 3, status: "CHECKED_IN", duplicate: false, version: 1 });
    expect(r.trackingUrl).toMatch(/\/track\/[\w-]+\.[\w-]+\.[\w-]+$/);
    const row = await w.appointment(r.appointmentId);
    expect(row).toMatchObject({ source: "WALK_IN", status: "CHECKED_IN", ticket: 3 });
    expect(row.paidAt).toBeInstanceOf(Date);
    const tracked = await (await callerFor(null)).tracking.get({ token: r.trackingToken });
    expect(tracked.queue.queueStatus).toBe("next");
    expect(JSON.stringify(tracked)).not.toContain("Wanda");
    expect((await getDb().queueDay.findUniqueOrThrow({ where: { id: w.queueDayId } })).nextTicket).toBe(4);

    const later = await q.walkIn({
      doctorId: w.doctor.id,
      time: w.clock.hhmm(3),
      patientName: "Later Walker",
    });
    expect(later).toMatchObject({ status: "BOOKED", ticket: 4 });
  });

  it("refuses a past hour, a bad time and an unknown doctor; the same form twice books once", async () => {
    const w = await queueWorld();
    const q = w.callers.reception.queue;
    const base = { doctorId: w.doctor.id, patientName: "Pat" };
    await expectRefused(w.queueDayId, () => q.walkIn({ ...base, time: w.clock.hhmm(-1) }), "HOUR_PASSED");
    await expectRefused(w.queueDayId, () => q.walkIn({ ...base, time: "25:00" }), "BAD_REQUEST");
    await expectRefused(w.queueDayId, () => q.walkIn({ ...base, patientName: " " }), "BAD_REQUEST");
    await expectRefused(w.queueDayId, () => q.walkIn({ ...base, doctorId: "nobody" }), "DOCTOR_NOT_FOUND");

    const [one, two] = await Promise.all([
      q.walkIn({ ...base, idempotencyKey: "desk-form-1" }),
      q.walkIn({ ...base, idempotencyKey: "desk-form-1" }),
    ]);
    expect(one.appointmentId).toBe(two.appointmentId);
    expect([one.duplicate, two.duplicate].sort()).toEqual([false, true]);
    expect((await w.facts()).events).toBe(1);
    const again = await q.walkIn({ ...base, idempotencyKey: "desk-form-1" });
    expect(again).toMatchObject({ appointmentId: one.appointmentId, duplicate: true, version: null });
  });

  it("a day that cannot take the walk-in (passed, or over 400 days ahead) is refused and gets no queue day", async () => {
    // An attacker's probe (2026-12-07) left a queue day behind for 2020-01-06 and booked for 2099.
    const w = await queueWorld();
    const q = w.callers.reception.queue;
    const shifted = (days: number) =>
      new Date(Date.parse(`${w.date}T12:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
    const daysOf = () => getDb().queueDay.count({ where: { doctorId: w.otherDoctor.id } });
    const before = await daysOf();
    const base = { doctorId: w.otherDoctor.id, patientName: "Pat", time: "10:00" };
    await expect(q.walkIn({ ...base, date: "2020-01-06" })).rejects.toMatchObject({
      cause: { reason: "DAY_PASSED" },
    });
    // The same weekday as today, 156 weeks on: a working day, but too far ahead.
    await expect(q.walkIn({ ...base, date: shifted(7 * 156) })).rejects.toMatchObject({
      cause: { reason: "BOOKING_TOO_FAR_AHEAD" },
    });
    expect(await daysOf()).toBe(before);
    // 8 weeks ahead is fine, and makes that day's queue.
    await expect(q.walkIn({ ...base, date: shifted(7 * 8) })).resolves.toMatchObject({ status: "BOOKED" });
    expect(await daysOf()).toBe(before + 1);
  });

  it("creates the queue day of a doctor who had none yet", async () => {
    const w = await queueWorld();
    const r = await w.callers.reception.queue.walkIn({ doctorId: w.otherDoctor.id, patientName: "First" });
    expect(r).toMatchObject({ ticket: 1, version: 1 });
  });
});

describe("tracking links for a doctor", () => {
  it("their own patients' links, not a colleague's (a link checks in and cancels)", async () => {
    // An attacker's probe (2026-12-07): a doctor got a colleague's patient's link and cancelled with it.
    const w = await queueWorld((c) => [{ at: c.hhmm(1) }]);
    const appointmentId = w.appointments[0]!.id;
    await expect(w.callers.doctor.links.get({ appointmentId })).resolves.toHaveProperty("token");
    await expect(w.callers.otherDoctor.links.get({ appointmentId })).rejects.toMatchObject({
      code: "FORBIDDEN",
      cause: { reason: "NOT_OWN_QUEUE" },
    });
    await expect(w.callers.reception.links.get({ appointmentId })).resolves.toHaveProperty("token");
  });
});

describe("emergency broadcast", () => {
  let off: (() => void) | undefined;
  afterEach(() => off?.());

  it("reaches every patient with the delay added, is published as an emergency, and clears", async () => {
    const w = await queueWorld((c) => [
      { at: c.hhmm(0), status: "CHECKED_IN", bookedMinutesBefore: 20 },
      { at: c.hhmm(0), status: "CHECKED_IN", bookedMinutesBefore: 10 },
    ]);
    const second = w.appointments[1]!.id;
    const q = w.callers.reception.queue;
    const day = { doctorId: w.doctor.id, date: w.date };
    const seen: QueueUpdate[] = [];
    off = getBus().subscribe((m) => seen.push(m));
    const before = await track(w, second);

    const r = await q.emergency({
      ...day,
      message: "Emergency surgery",
      priority: "HIGH" as never,
      estimatedDelay: 30,
    });
    expect(r).toMatchObject({
      type: "EMERGENCY",
      version: 1,
      notice: { priority: "high", delayMinutes: 30 },
    });
    expect(seen).toContainEqual(expect.objectContaining({ kind: "emergency", version: 1 }));
    const during = await track(w, second);
    expect(during.notice).toMatchObject({ message: "Emergency surgery", delayMinutes: 30, priority: "high" });
    expect(during.queue.estimatedWaitTime).toBe((before.queue.estimatedWaitTime ?? 0) + 30);
    expect(during.queue.message).toMatch(/running about 30 minutes late/);

    await expectRefused(
      w.queueDayId,
      () => q.emergency({ ...day, message: "x", estimatedDelay: 601 }),
      "BAD_REQUEST",
    );
    await expectRefused(w.queueDayId, () => q.emergency({ ...day, message: "x".repeat(501) }), "BAD_REQUEST");
    await expectRefused(
      w.queueDayId,
      () => q.emergency({ ...day, message: "x", priority: "urgent" as never }),
      "BAD_REQUEST",
    );

    expect(await q.clearEmergency(day)).toMatchObject({ type: "EMERGENCY_CLEARED", version: 2 });
    const after = await track(w, second);
    expect(after.notice).toBeNull();
    expect(after.queue.estimatedWaitTime).toBe(before.queue.estimatedWaitTime);
    await expectRefused(w.queueDayId, () => q.clearEmergency(day), "NO_NOTICE");
  });

  it("comes down once the doctor is back (a patient called since); a notice without a delay stays", async () => {
    // A user's review (2026-12-07): "It's your turn" stood under "Consultations resume in about 30 minutes".
    const w = await queueWorld((c) => [
      { at: c.hhmm(0), status: "CHECKED_IN", bookedMinutesBefore: 30 },
      { at: c.hhmm(0), status: "CHECKED_IN", bookedMinutesBefore: 20 },
      { at: c.hhmm(0), status: "CHECKED_IN", bookedMinutesBefore: 10 },
    ]);
    const [first, second] = w.appointments.map((a) => a.id);
    const q = w.callers.reception.queue;
    const day = { doctorId: w.doctor.id, date: w.date };
    await q.emergency({ ...day, message: "Called to the ward", estimatedDelay: 30 });
    expect((await track(w, first!)).notice).toMatchObject({ delayMinutes: 30 });

    await q.callNext(day);
    const called = await track(w, first!);
    expect(called.queue.queueStatus).toBe("called");
    expect(called.notice).toBeNull();
    expect((await track(w, second!)).notice).toBeNull();
    expect((await getSnapshot(w.queueDayId, { fresh: true }))?.notice).toBeNull();

    // A notice that announces no delay is news, not a delay: the doctor seeing patients does not end it.
    await q.emergency({ ...day, message: "The car park is closed today", estimatedDelay: 0 });
    await q.start({ appointmentId: first! });
    expect((await track(w, second!)).notice).toMatchObject({ message: "The car park is closed today" });
  });

  it("stops adding the delay once it expires", async () => {
    const w = await queueWorld((c) => [{ at: c.hhmm(0), status: "CHECKED_IN" }]);
    await broadcastEmergency(
      w.scope,
      {
        doctorId: w.doctor.id,
        date: w.date,
        message: "Short delay",
        priority: "normal",
        estimatedDelay: 20,
        expiresInMinutes: 1,
      },
      w.actor,
      { now: new Date(clockNow().getTime() - 2 * 60_000) },
    );
    expect((await getSnapshot(w.queueDayId, { fresh: true }))?.notice).toBeNull();
  });
});

describe("undo through the board", () => {
  it("takes a mistaken no-show back, once", async () => {
    const w = await queueWorld((c) => [{ at: c.hhmm(0), status: "CHECKED_IN" }]);
    const a = w.appointments[0]!.id;
    const q = w.callers.reception.queue;
    const before = await w.appointment(a);
    await q.markNoShow({ appointmentId: a });
    expect(await q.undo({ appointmentId: a })).toMatchObject({
      type: "UNDO",
      status: "CHECKED_IN",
      version: 2,
    });
    const after = await w.appointment(a);
    expect(after).toMatchObject({ status: "CHECKED_IN", noShowAt: null, checkedInAt: before.checkedInAt });
    await expectRefused(w.queueDayId, () => q.undo({ appointmentId: a }), "UNDO_NOT_ALLOWED");
  });
});

describe("who may change which queue", () => {
  it("a doctor runs only their own queue; other hospitals' appointments do not exist", async () => {
    const w = await queueWorld((c) => [{ at: c.hhmm(0), status: "CHECKED_IN" }, { at: c.hhmm(0) }]);
    const [present, booked] = w.appointments.map((x) => x.id);
    const own = { doctorId: w.doctor.id, date: w.date };
    const other = await w.callers.reception.queue.walkIn({
      doctorId: w.otherDoctor.id,
      patientName: "Other",
    });
    const otherDay = (await w.appointment(other.appointmentId)).queueDayId;

    expect(await w.callers.doctor.queue.callNext(own)).toMatchObject({ appointmentId: present });
    await expectRefused(
      otherDay,
      () => w.callers.doctor.queue.callNext({ doctorId: w.otherDoctor.id, date: w.date }),
      "NOT_OWN_QUEUE",
    );
    await expectRefused(
      w.queueDayId,
      () => w.callers.otherDoctor.queue.start({ appointmentId: present! }),
      "NOT_OWN_QUEUE",
    );
    await expectRefused(
      w.queueDayId,
      () => w.callers.otherDoctor.queue.emergency({ ...own, message: "Not mine" }),
      "NOT_OWN_QUEUE",
    );
    expect(await w.callers.doctor.queue.start({ appointmentId: present! })).toMatchObject({
      type: "STARTED",
    });
    expect(await w.callers.admin.queue.cancel({ appointmentId: booked! })).toMatchObject({
      type: "CANCELLED",
    });

    const elsewhere = await queueWorld();
    await expectRefused(
      w.queueDayId,
      () => elsewhere.callers.reception.queue.complete({ appointmentId: present! }),
      "APPOINTMENT_NOT_FOUND",
    );
    await expectRefused(
      elsewhere.queueDayId,
      () => elsewhere.callers.reception.queue.callNext({ doctorId: w.doctor.id }),
      "DOCTOR_NOT_FOUND",
    );
    await expectRefused(
      w.queueDayId,
      () => w.callers.reception.queue.cancel({ appointmentId: "missing" }),
      "APPOINTMENT_NOT_FOUND",
    );
    await expectRefused(
      w.queueDayId,
      () => w.callers.reception.queue.cancel({ appointmentId: "x".repeat(65) }),
      "BAD_REQUEST",
    );
    await expectRefused(
      w.queueDayId,
      async () => (await callerFor(null)).queue.cancel({ appointmentId: present! }),
      "UNAUTHORIZED",
    );
  });
});
