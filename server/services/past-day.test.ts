// A day that is over is history: people cannot change its queue (the server refuses, not only the
// board), while the system may still close it.
import { expect, it } from "vitest";
import { now as clockNow } from "../clock.ts";
import { getDb } from "../db/client.ts";
import { MAX_AHEAD_DAYS } from "../domain/horizon.ts";
import { addDays } from "../domain/time.ts";
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

  it("opens no queue for a day long over or past the horizon: a refused change or watch writes no row", async () => {
    const w = await queueWorld();
    const doctorId = w.doctor.id;
    const days = () => getDb().queueDay.findMany({ where: { doctorId }, select: { date: true } });
    const before = await days();
    const cases = [
      ["2004-02-01", "DAY_PASSED", /no queue on 2004-02-01/],
      [addDays(w.date, -1), "DAY_PASSED", /that day is over/],
      [addDays(w.date, MAX_AHEAD_DAYS + 1), "DAY_TOO_FAR_AHEAD", /at most 400 days ahead/],
      ["2099-06-15", "DAY_TOO_FAR_AHEAD", /at most 400 days ahead/],
    ] as const;
    for (const [date, reason, message] of cases) {
      const refused = { code: "BAD_REQUEST", message: expect.stringMatching(message), cause: { reason } };
      const { admin, reception, doctor } = w.callers;
      await expect(admin.queue.pause({ doctorId, date }), date).rejects.toMatchObject(refused);
      await expect(admin.queue.resume({ doctorId, date })).rejects.toMatchObject(refused);
      await expect(reception.queue.emergency({ doctorId, date, message: "Far" })).rejects.toMatchObject(
        refused,
      );
      await expect(reception.queue.clearEmergency({ doctorId, date })).rejects.toMatchObject(refused);
      await expect(doctor.queue.callNext({ doctorId, date })).rejects.toMatchObject(refused);
      await expect(
        (async () => {
          for await (const _ of await doctor.live.onDoctorDay({ doctorId, date })) break;
        })(),
      ).rejects.toMatchObject(refused);
    }
    expect(await days()).toEqual(before);
    // Inside the horizon a day with no queue yet opens on first use, to its last day.
    const last = addDays(w.date, MAX_AHEAD_DAYS);
    await w.callers.admin.queue.pause({ doctorId, date: last });
    expect((await days()).map((d) => d.date)).toContain(last);
  });
});
