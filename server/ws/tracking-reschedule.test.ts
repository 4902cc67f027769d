// A rescheduled appointment keeps its tracking link: an open patient page follows it to its new day
// (on the WebSocket fast path and on tRPC's own adapter alike), and the link's expiry moves with it.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signTrackingToken, trackingLinkExpiry, verifyTrackingToken } from "../auth/tracking-token.ts";
import { until } from "../cache/testing/redis-server.ts";
import { now as clockNow } from "../clock.ts";
import { getDb } from "../db/client.ts";
import { everyDay } from "../domain/hours.ts";
import { zonedTimeToUtc } from "../domain/time.ts";
import { bookAppointment } from "../services/intake.ts";
import { trackingLink } from "../services/links.ts";
import { checkIn } from "../services/queue-changes.ts";
import { rescheduleAppointment } from "../services/reschedule.ts";
import { getTracking, resolveTracking } from "../services/tracking.ts";
import { createHospitalFixture } from "../test/fixtures.ts";
import { startTestServer, testClient } from "../test/server.ts";

type Server = Awaited<ReturnType<typeof startTestServer>>;
type Fixture = Awaited<ReturnType<typeof createHospitalFixture>>;

const DAY_MS = 24 * 3_600_000;
const dateAfter = (date: string, days: number) =>
  new Date(new Date(`${date}T12:00:00Z`).getTime() + days * DAY_MS).toISOString().slice(0, 10);

type Seen = { version: number; scheduledAt: string; doctor: string; ticket: number };

/** A patient page's live subscription, recording what it shows and the error that ended it. */
function follow(server: Server, token: string) {
  const c = testClient(server.url);
  const events: Seen[] = [];
  let error: string | null = null;
  const sub = c.client.tracking.onUpdate.subscribe(
    { token, lastEventId: null },
    {
      onData: (e) =>
        events.push({
          version: Number.parseInt(e.id, 10),
          scheduledAt: new Date(e.data.appointment.scheduledAt).toISOString(),
          doctor: e.data.appointment.doctor.name,
          ticket: e.data.appointment.ticket,
        }),
      onError: (err) => {
        error = err.message;
      },
    },
  );
  return {
    events,
    error: () => error,
    close() {
      sub.unsubscribe();
      c.close();
    },
  };
}

let fx: Fixture;
let otherDoctor: { id: string; name: string };
const servers: Server[] = [];
const scope = () => ({ hospitalId: fx.hospital.id });

beforeAll(async () => {
  fx = await createHospitalFixture({
    appointments: Array.from({ length: 6 }, (_, i) => ({ at: `0${i}:30` })),
  });
  otherDoctor = await getDb().doctor.create({
    data: {
      hospitalId: fx.hospital.id,
      name: "Dr Moved",
      room: "12",
      periods: { create: everyDay("00:00", "24:00") },
    },
  });
  servers.push(await startTestServer(), await startTestServer({ fastPath: false }));
});
afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
});

describe.each([
  ["the WebSocket fast path", 0, 0],
  ["tRPC's own subscription", 1, 1],
])("an open patient page, on %s", (_name, server, i) => {
  it("follows its appointment to another day and doctor: the new day's state at once, then that day's changes", async () => {
    const a = fx.appointments[i]!;
    const { token } = await trackingLink({ hospitalId: fx.hospital.id }, a.id);
    const page = follow(servers[server]!, token);
    await until(() => page.events.length > 0, 5_000, "the first state");
    expect(page.events[0]).toMatchObject({ doctor: "Dr Test", scheduledAt: a.scheduledAt.toISOString() });

    const day = dateAfter(fx.date, 2 + i);
    const scheduledAt = zonedTimeToUtc(day, "10:00", fx.timeZone);
    const moved = await rescheduleAppointment(
      scope(),
      { appointmentId: a.id, scheduledAt, doctorId: otherDoctor.id },
      "staff:test",
    );
    await until(() => page.events.at(-1)?.doctor === "Dr Moved", 5_000, "the new day's state");
    expect(page.events.at(-1)).toEqual({
      version: moved.version,
      scheduledAt: scheduledAt.toISOString(),
      doctor: "Dr Moved",
      ticket: moved.ticket,
    });
    const seenAtMove = page.events.length;

    // A change on the old day no longer reaches the page; one on the new day does.
    await checkIn(scope(), fx.appointments[4 + i]!.id, "staff:test", { force: true });
    const booked = await bookAppointment(
      scope(),
      {
        doctorId: otherDoctor.id,
        patientName: "Later Patient",
        scheduledAt: zonedTimeToUtc(day, "11:00", fx.timeZone),
      },
      "staff:test",
    );
    await until(() => page.events.at(-1)?.version === booked.version, 5_000, "the new day's next change");
    expect(page.events.slice(seenAtMove).map((e) => [e.version, e.doctor])).toEqual([
      [booked.version, "Dr Moved"],
    ]);
    expect(page.error()).toBeNull();
    page.close();
  });
});

describe("the link of a rescheduled appointment", () => {
  it("moves its expiry with the appointment, and a link past its first expiry works again on the later day", async () => {
    const a = fx.appointments[2]!;
    const issuedAt = clockNow();
    // A link whose own expiry has passed (as if issued long ago) but that names the appointment's time.
    const stale = await signTrackingToken(
      {
        appointmentId: a.id,
        hospitalId: a.hospitalId,
        doctorId: a.doctorId,
        tokenVersion: a.tokenVersion,
        scheduledAt: a.scheduledAt,
      },
      new Date(issuedAt.getTime() - 60_000),
    );
    await expect(getTracking(stale)).rejects.toMatchObject({ reason: "LINK_EXPIRED" });
    // An old link without the time keeps its own expiry whatever happens.
    const old = await signTrackingToken(
      { appointmentId: a.id, hospitalId: a.hospitalId, doctorId: a.doctorId, tokenVersion: a.tokenVersion },
      new Date(issuedAt.getTime() - 60_000),
    );
    const { token } = await trackingLink({ hospitalId: fx.hospital.id }, a.id);
    const before = (await verifyTrackingToken(token)).expiresAt;

    const scheduledAt = zonedTimeToUtc(dateAfter(fx.date, 6), "09:00", fx.timeZone);
    await rescheduleAppointment(scope(), { appointmentId: a.id, scheduledAt }, "staff:test");

    // The link lives as a link issued at the same moment for the new time would.
    const ref = await resolveTracking(token);
    const { issuedAt: signedAt } = await verifyTrackingToken(token);
    expect(ref.expiresAt).toEqual(trackingLinkExpiry(scheduledAt, signedAt, { timeZone: fx.timeZone }));
    expect(ref.expiresAt.getTime()).toBeGreaterThan(before.getTime() + 5 * DAY_MS);
    const fresh = await getTracking(token);
    expect(new Date(fresh.appointment.scheduledAt)).toEqual(scheduledAt);
    expect((await getTracking(stale)).appointment.id).toBe(a.id);
    await expect(getTracking(old)).rejects.toMatchObject({ reason: "LINK_EXPIRED" });
  });
});
