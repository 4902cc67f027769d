// A change of the hospital's name or of the languages its patient page offers reaches pages that are
// already open, with the settings change's own version and without a reload: a WebSocket
// subscription on the fast path and on tRPC's own adapter, the next HTTP read (REST and the page's
// poll, answered by the in-process fast path), and the same on another instance; a doctor's new name
// and room too.
import { afterAll, beforeAll, expect, it } from "vitest";
import { hashPassword } from "../auth/password.ts";
import { until } from "../cache/testing/redis-server.ts";
import { getDb } from "../db/client.ts";
import { findStaffForSession } from "../db/staff-repo.ts";
import { createHospitalFixture } from "../test/fixtures.ts";
import { type Instance, startInstance } from "../test/instances.ts";
import { describeNeeding } from "../test/needs.ts";
import { startTestServer, testClient } from "../test/server.ts";
import { callerFor } from "../trpc/caller.ts";
import { trackingLink } from "./links.ts";
import { getSnapshot } from "./snapshot.ts";

type Fixture = Awaited<ReturnType<typeof createHospitalFixture>>;
type Server = { url: string };
type Shown = { version: number; name: string; languages: string[] };

/** An open patient page: what its subscription has shown so far. */
function openPage(server: Server, token: string) {
  const c = testClient(server.url);
  const shown: Shown[] = [];
  let error: string | null = null;
  const sub = c.client.tracking.onUpdate.subscribe(
    { token, lastEventId: null },
    {
      onData: (e) =>
        shown.push({
          version: Number.parseInt(e.id, 10),
          name: e.data.appointment.hospital.name,
          languages: [...e.data.appointment.hospital.languages],
        }),
      onError: (err) => {
        error = err.message;
      },
    },
  );
  return {
    shown,
    error: () => error,
    close() {
      sub.unsubscribe();
      c.close();
    },
  };
}

/** A read of the link over HTTP, as REST or as the page's poll (tRPC query). */
async function read(server: Server, token: string, as: "rest" | "poll"): Promise<Shown> {
  const url =
    as === "rest"
      ? `${server.url}/api/appointments/track/${token}`
      : `${server.url}/api/trpc/tracking.get?input=${encodeURIComponent(JSON.stringify({ json: { token } }))}`;
  const res = await fetch(url);
  expect(res.status).toBe(200);
  const body = (await res.json()) as { data?: Data; result?: { data: { json: Data } } };
  const data = as === "rest" ? body.data! : body.result!.data.json;
  return {
    version: data.version,
    name: data.appointment.hospital.name,
    languages: data.appointment.hospital.languages,
  };
}
type Data = { version: number; appointment: { hospital: { name: string; languages: string[] } } };

/** The changes each surface is checked with: a new name, then new languages (each its own version). */
const changesFor = (surface: string, now: Shown) => [
  { name: `Harbourview Clinic (${surface})` },
  { languages: now.languages.join() === "es" ? ["hi", "es"] : ["es"] },
];

describeNeeding(["pg", "redis"], "a hospital's name and languages on open patient pages", () => {
  let fx: Fixture;
  let admin: Awaited<ReturnType<typeof callerFor>>;
  let fast: Awaited<ReturnType<typeof startTestServer>>;
  let plain: Awaited<ReturnType<typeof startTestServer>>;
  let other: Instance;
  const serverAt = (at: "fast" | "plain" | "other"): Server => ({ fast, plain, other })[at];
  let nextAppointment = 0;

  beforeAll(async () => {
    [fx, other] = await Promise.all([
      createHospitalFixture({ appointments: Array.from({ length: 7 }, (_, i) => ({ at: `1${i}:00` })) }),
      startInstance(),
    ]);
    const staff = await getDb().staffUser.create({
      data: {
        hospitalId: fx.hospital.id,
        email: `admin-${fx.hospital.slug}@test.local`,
        name: "Ada Admin",
        role: "ADMIN",
        passwordHash: await hashPassword("admin password"),
      },
    });
    admin = await callerFor(await findStaffForSession(staff.id));
    fast = await startTestServer();
    plain = await startTestServer({ fastPath: false });
  });
  afterAll(async () => {
    await Promise.all([fast?.close(), plain?.close(), other?.stop()]);
  });

  /** A link of an appointment no other test follows, and what its page shows now. */
  async function nextLink() {
    const appointment = fx.appointments[nextAppointment++]!;
    const { token } = await trackingLink({ hospitalId: fx.hospital.id }, appointment.id);
    const settings = await admin.adminHospital.get();
    const version = (await getSnapshot(appointment.queueDayId))!.version;
    return { token, now: { version, name: settings.name, languages: settings.languages } as Shown };
  }

  it.each([
    ["the WebSocket fast path", "fast"],
    ["tRPC's own subscription", "plain"],
    ["another instance's fast path", "other"],
  ] as const)(
    "an open page on %s shows each change with its version, without a reload",
    async (surface, at) => {
      const { token, now } = await nextLink();
      const page = openPage(serverAt(at), token);
      await until(() => page.shown.length > 0, 5_000, "the first state");
      expect(page.shown).toEqual([now]);
      const expected = [now];
      for (const input of changesFor(surface, now)) {
        await admin.adminHospital.update(input);
        const last = expected.at(-1)!;
        expected.push({ ...last, ...input, version: last.version + 1 });
        await until(
          () => page.shown.length >= expected.length,
          5_000,
          `the version after ${JSON.stringify(input)}`,
        );
        // One message per version, showing what that version changed (soft: each change is told apart).
        expect.soft(page.shown, JSON.stringify(input)).toEqual(expected);
      }
      expect(page.error()).toBeNull();
      page.close();
    },
  );

  it.each([
    ["a REST read", "fast", "rest"],
    ["the page's poll", "fast", "poll"],
    ["a read on another instance", "other", "rest"],
  ] as const)("the next HTTP read (%s) shows each change with its version", async (surface, at, as) => {
    const { token, now } = await nextLink();
    // Read once before: the instance's in-process copies of the link are warm, as for a polling phone.
    expect(await read(serverAt(at), token, as)).toEqual(now);
    let last = now;
    for (const input of changesFor(surface, now)) {
      await admin.adminHospital.update(input);
      last = { ...last, ...input, version: last.version + 1 };
      // A read just after the change may still answer the version before (on its way to the
      // instance's copy): that is waited out; what a read shows must match the version it answers.
      let got: Shown | undefined;
      await until(
        async () => {
          got = await read(serverAt(at), token, as);
          return got.version >= last.version;
        },
        5_000,
        `version ${last.version}`,
      );
      expect.soft(got, JSON.stringify(input)).toEqual(last);
    }
  });
  it("a doctor's new name and room reach an open page with the change's version", async () => {
    const { token } = await nextLink();
    const c = testClient(fast.url);
    const doctors: { name: string; room: string }[] = [];
    const sub = c.client.tracking.onUpdate.subscribe(
      { token, lastEventId: null },
      { onData: (e) => doctors.push({ ...e.data.appointment.doctor }) },
    );
    await until(() => doctors.length > 0, 5_000, "the first state");
    expect(doctors[0]).toEqual({ name: "Dr Test", room: "7" });
    await admin.adminDoctors.update({ doctorId: fx.doctor.id, name: "Dr Renamed", room: "12B" });
    await until(() => doctors.at(-1)?.name === "Dr Renamed", 5_000, "the renamed doctor");
    expect(doctors.at(-1)).toEqual({ name: "Dr Renamed", room: "12B" });
    sub.unsubscribe();
    c.close();
  });
});
