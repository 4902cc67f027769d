// A no-show scheduled ahead is on the staff's snapshot (the board and the doctor's page show it) and
// can be taken back: the time is cleared through the queue engine, with its own event, by the same
// people who may mark a no-show.
import { expect, it } from "vitest";
import { describeNeeding } from "../test/needs.ts";
import { expectRefused, queueWorld } from "./queue-test-kit.ts";

describeNeeding(["pg"], "cancelling a scheduled no-show", () => {
  it("shows the scheduled time on the snapshot, clears it with one event, and refuses a second cancel", async () => {
    const w = await queueWorld((c) => [{ at: c.hhmm(1) }]);
    const [a] = w.appointments;
    const scheduled = await w.callers.reception.queue.markNoShow({ appointmentId: a!.id, gracePeriod: 30 });
    expect(scheduled).toMatchObject({ scheduled: true });
    const entryOf = async () => (await w.snapshot()).entries.find((e) => e.appointmentId === a!.id)!;
    expect((await entryOf()).noShowDueAt).toEqual(scheduled.noShowDueAt);

    const before = await w.facts();
    const cancelled = await w.callers.reception.queue.cancelNoShow({ appointmentId: a!.id });
    expect(cancelled).toMatchObject({ type: "NO_SHOW_CANCELLED", status: "BOOKED", noShowDueAt: null });
    expect(cancelled.message).toMatch(/is cancelled/);
    expect(await w.facts()).toEqual({ version: before.version + 1, events: before.events + 1 });
    const event = (await w.events()).at(-1)!;
    expect(event).toMatchObject({ type: "NO_SHOW_CANCELLED", appointmentId: a!.id });
    expect(new Date((event.data as { dueAt: string }).dueAt)).toEqual(scheduled.noShowDueAt);
    expect((await w.appointment(a!.id)).noShowDueAt).toBeNull();
    expect((await entryOf()).noShowDueAt).toBeNull();

    await expectRefused(
      w.queueDayId,
      () => w.callers.reception.queue.cancelNoShow({ appointmentId: a!.id }),
      "NO_SHOW_NOT_SCHEDULED",
    );
  });

  it("follows the no-show's role rules: the doctor of the queue may, another doctor may not", async () => {
    const w = await queueWorld((c) => [{ at: c.hhmm(1) }]);
    const [a] = w.appointments;
    await w.callers.doctor.queue.markNoShow({ appointmentId: a!.id, gracePeriod: 30 });
    await expectRefused(
      w.queueDayId,
      () => w.callers.otherDoctor.queue.cancelNoShow({ appointmentId: a!.id }),
      "NOT_OWN_QUEUE",
    );
    await w.callers.doctor.queue.cancelNoShow({ appointmentId: a!.id });
    expect((await w.appointment(a!.id)).noShowDueAt).toBeNull();
  });
});
