// A pause hides the estimated times (there is no honest one while the doctor is away) but keeps
// everyone's place in the expected order of being seen (rule 9): a short break moves nobody back.
import { expect, it } from "vitest";
import { getDb } from "../db/client.ts";
import { loadQueueState } from "../db/queue-repo.ts";
import { zonedTimeToUtc } from "../domain/time.ts";
import { createHospitalFixture } from "../test/fixtures.ts";
import { describeNeeding } from "../test/needs.ts";
import { snapshotFromState } from "./snapshot.ts";

const TZ = "Pacific/Auckland";
const DATE = "2026-06-04";
const at = zonedTimeToUtc(DATE, "10:02", TZ);

describeNeeding(["pg"], "a paused queue", () => {
  it("keeps each patient's place and hides only the times", async () => {
    // Ticket 1 is first in queue order but said they will be 20 min late; ticket 2 is here.
    const fx = await createHospitalFixture({
      now: at,
      timeZone: TZ,
      appointments: [{ at: "10:00" }, { at: "10:00", status: "CHECKED_IN" }],
    });
    const [late, here] = fx.appointments;
    const db = getDb();
    await db.appointment.update({ where: { id: late!.id }, data: { lateMinutes: 20 } });
    const view = async () => {
      const entries = snapshotFromState((await loadQueueState(fx.queueDay.id))!, at).entries;
      return Object.fromEntries(entries.map((e) => [e.appointmentId, e]));
    };

    const running = await view();
    expect(running[late!.id]).toMatchObject({ position: 1, place: 2 });
    expect(running[here!.id]).toMatchObject({ position: 2, place: 1 });
    expect(running[here!.id]!.estimatedWaitMinutes).not.toBeNull();

    await db.queueDay.update({ where: { id: fx.queueDay.id }, data: { paused: true, pausedAt: at } });
    const paused = await view();
    expect(paused[late!.id]).toMatchObject({ position: 1, place: 2, estimatedWaitMinutes: null });
    expect(paused[here!.id]).toMatchObject({ position: 2, place: 1, estimatedWaitMinutes: null });
  });
});
