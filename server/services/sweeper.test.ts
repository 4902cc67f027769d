// The no-show sweeper: due appointments only (default grace or the time staff scheduled),
// idempotent, and exactly one NO_SHOW each when several sweepers run at once.
import { describe, expect, it } from "vitest";
import { trackingLink } from "./links.ts";
import { checkIn } from "./queue-changes.ts";
import { markNoShow, recordRunningLate } from "./queue-no-shows.ts";
import { queueWorld } from "./queue-test-kit.ts";
import { patientRunningLate } from "./self-service.ts";
import { SWEEPER_ACTOR, sweepNoShows } from "./sweeper.ts";

const MIN = 60_000;
const plus = (t: Date, minutes: number) => new Date(t.getTime() + minutes * MIN);

describe("sweepNoShows", () => {
  it("marks each due appointment exactly once with five sweepers at once, and nothing on a second pass", async () => {
    const w = await queueWorld((c) => [
      ...Array.from({ length: 6 }, () => ({ at: c.hhmm(-1) })),
      { at: c.hhmm(-1), status: "CHECKED_IN" as const },
      { at: c.hhmm(1) },
    ]);
    const due = w.appointments.slice(0, 6).map((a) => a.id);
    const now = w.clock.now;
    await Promise.all(Array.from({ length: 5 }, () => sweepNoShows(now)));

    const events = await w.events();
    const noShows = events.filter((e) => e.type === "NO_SHOW");
    expect(noShows.map((e) => e.appointmentId).sort()).toEqual([...due].sort());
    expect(noShows.every((e) => e.actor === SWEEPER_ACTOR)).toBe(true);
    expect(events.map((e) => e.version)).toEqual(events.map((_, i) => i + 1));
    for (const id of due) expect(await w.appointment(id)).toMatchObject({ status: "NO_SHOW", noShowAt: now });
    expect(await w.appointment(w.appointments[6]!.id)).toMatchObject({ status: "CHECKED_IN" });
    expect(await w.appointment(w.appointments[7]!.id)).toMatchObject({ status: "BOOKED" });

    const facts = await w.facts();
    await sweepNoShows(plus(now, 1));
    expect(await w.facts()).toEqual(facts);
    // The patient is told.
    const view = (await w.snapshot()).entries.find((e) => e.appointmentId === due[0]);
    expect(view?.status).toBe("NO_SHOW");
  });

  it("waits for the default grace after the appointment time", async () => {
    const w = await queueWorld((c) => [{ at: c.hhmm(1) }]);
    const a = w.appointments[0]!;
    await sweepNoShows(plus(a.scheduledAt, 14));
    expect(await w.appointment(a.id)).toMatchObject({ status: "BOOKED" });
    await sweepNoShows(plus(a.scheduledAt, 15));
    expect(await w.appointment(a.id)).toMatchObject({ status: "NO_SHOW" });
  });

  it("gives a patient who said they are running late the grace from the time they said", async () => {
    const w = await queueWorld((c) => [{ at: c.hhmm(1) }]);
    const a = w.appointments[0]!;
    const { token } = await trackingLink({ hospitalId: w.scope.hospitalId }, a.id);
    await patientRunningLate(token, 20, "127.0.0.1", plus(a.scheduledAt, -30));
    await sweepNoShows(plus(a.scheduledAt, 15)); // the usual grace is over: not for them
    await sweepNoShows(plus(a.scheduledAt, 34));
    expect(await w.appointment(a.id)).toMatchObject({ status: "BOOKED" });
    await sweepNoShows(plus(a.scheduledAt, 35));
    expect(await w.appointment(a.id)).toMatchObject({ status: "NO_SHOW" });
  });

  it("reception records a phoned-in 'running 40 min late': told in the answer, followed by the sweeper", async () => {
    const w = await queueWorld((c) => [{ at: c.hhmm(1) }, { at: c.hhmm(1), status: "CHECKED_IN" as const }]);
    const [a, here] = w.appointments;
    const said = await recordRunningLate(w.scope, a!.id, 40, w.actor, { now: plus(a!.scheduledAt, -10) });
    expect(said).toMatchObject({
      lateMinutes: 40,
      message: expect.stringContaining("running about 40 min late"),
    });
    expect((await w.snapshot()).entries.find((e) => e.appointmentId === a!.id)).toMatchObject({
      lateMinutes: 40,
    });
    await sweepNoShows(plus(a!.scheduledAt, 54));
    expect(await w.appointment(a!.id)).toMatchObject({ status: "BOOKED" });
    await sweepNoShows(plus(a!.scheduledAt, 55));
    expect(await w.appointment(a!.id)).toMatchObject({ status: "NO_SHOW" });
    // Someone already here is not late.
    await expect(recordRunningLate(w.scope, here!.id, 10, w.actor)).rejects.toMatchObject({
      reason: "LATE_NOT_BOOKED",
    });
  });

  it("counts the grace from a 10:45 booking's own time, not its slot's start (README, rule 6)", async () => {
    const w = await queueWorld((c) => [{ at: c.hhmm(1, 45) }]);
    const a = w.appointments[0]!;
    const slotStart = plus(a.scheduledAt, -45);
    await sweepNoShows(plus(slotStart, 20)); // past slot start + grace: still expected at HH:45
    await sweepNoShows(plus(a.scheduledAt, 14));
    expect(await w.appointment(a.id)).toMatchObject({ status: "BOOKED" });
    await sweepNoShows(plus(a.scheduledAt, 15));
    expect(await w.appointment(a.id)).toMatchObject({ status: "NO_SHOW" });
  });

  it("honours the time staff scheduled, later or sooner than the default grace", async () => {
    const w = await queueWorld((c) => [{ at: c.hhmm(1) }, { at: c.hhmm(1) }, { at: c.hhmm(1) }]);
    const [longer, shorter, arrives] = w.appointments;
    const slot = longer!.scheduledAt;
    await markNoShow(w.scope, longer!.id, w.actor, { gracePeriod: 30 });
    await markNoShow(w.scope, shorter!.id, w.actor, { gracePeriod: 5 });
    await markNoShow(w.scope, arrives!.id, w.actor, { gracePeriod: 5 });
    await checkIn(w.scope, arrives!.id, w.actor, { force: true });

    await sweepNoShows(plus(slot, 6));
    expect(await w.appointment(shorter!.id)).toMatchObject({ status: "NO_SHOW" });
    expect(await w.appointment(arrives!.id)).toMatchObject({ status: "CHECKED_IN" });
    await sweepNoShows(plus(slot, 20));
    expect(await w.appointment(longer!.id)).toMatchObject({ status: "BOOKED" });
    await sweepNoShows(plus(slot, 30));
    expect(await w.appointment(longer!.id)).toMatchObject({ status: "NO_SHOW", noShowDueAt: null });
    const reasons = (await w.events()).filter((e) => e.actor === SWEEPER_ACTOR).map((e) => e.reason);
    expect(reasons).toEqual(["no-show scheduled by staff", "no-show scheduled by staff"]);
  });
});
