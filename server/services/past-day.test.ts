// A day that is over is history: people cannot change its queue (the server refuses, not only the
// board), while the system may still close it.
import { expect, it } from "vitest";
import { now as clockNow } from "../clock.ts";
import { describeNeeding } from "../test/needs.ts";
import { queueWorld } from "./queue-test-kit.ts";

const DAY_MS = 24 * 3_600_000;

describeNeeding(["pg"], "a past day's queue", () => {
  it("refuses staff changes with DAY_PASSED and keeps its version", async () => {
    const yesterday = new Date(clockNow().getTime() - DAY_MS);
    const w = await queueWorld((c) => [{ at: c.hhmm(0) }, { at: c.hhmm(0) }], yesterday);
    const [first] = w.appointments;
    const before = await w.facts();
    await expect(
      w.callers.reception.queue.checkIn({ appointmentId: first!.id, force: true }),
    ).rejects.toMatchObject({ message: expect.stringMatching(/is over/) });
    await expect(w.callers.admin.queue.pause({ doctorId: w.doctor.id, date: w.date })).rejects.toMatchObject({
      message: expect.stringMatching(/is over/),
    });
    expect(await w.facts()).toEqual(before);
  });

  it("still takes today's changes", async () => {
    const w = await queueWorld((c) => [{ at: c.hhmm(0) }]);
    const [first] = w.appointments;
    await w.callers.reception.queue.checkIn({ appointmentId: first!.id, force: true });
    expect((await w.appointment(first!.id)).status).toBe("CHECKED_IN");
  });
});
