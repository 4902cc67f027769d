// Waiting-room screens: every display link names a screen that can be revoked; a revoked screen's
// reads are refused and its open subscription ends at once (on this instance and on another),
// with the reason DISPLAY_LINK_WITHDRAWN.
import { SignJWT } from "jose";
import { afterAll, afterEach, beforeAll, expect, it } from "vitest";
import { until } from "../../cache/testing/redis-server.ts";
import { clockFrom, now as clockNow, setClock } from "../../clock.ts";
import { getDb } from "../../db/client.ts";
import { findStaffForSession } from "../../db/staff-repo.ts";
import { env } from "../../env.ts";
import { createHospitalFixture } from "../../test/fixtures.ts";
import { type Instance, startInstance } from "../../test/instances.ts";
import { describeNeeding } from "../../test/needs.ts";
import { startTestServer, testClient } from "../../test/server.ts";
import { callerFor } from "../caller.ts";

type Fixture = Awaited<ReturnType<typeof createHospitalFixture>>;
let fx: Fixture;
let other: Fixture;
let server: Awaited<ReturnType<typeof startTestServer>>;

const WITHDRAWN = "This screen link was withdrawn. Please ask reception for a new one.";
const tokenOf = (url: string) => new URL(url).searchParams.get("token")!;
const reception = async () => callerFor(await findStaffForSession(fx.receptionist.id));

/** Follows a screen over a WebSocket, recording what arrives and the error that ends it. */
function follow(url: string, doctorId: string, token: string) {
  const screen = testClient(url);
  const seen: number[] = [];
  const errors: { reason?: string; message: string }[] = [];
  const sub = screen.client.display.onUpdate.subscribe(
    { doctorId, token, lastEventId: null },
    {
      onData: (e) => seen.push(e.data.version),
      onError: (err) =>
        errors.push({ reason: (err.data as { reason?: string } | undefined)?.reason, message: err.message }),
    },
  );
  return {
    seen,
    errors,
    close() {
      sub.unsubscribe();
      screen.close();
    },
  };
}

beforeAll(async () => {
  fx = await createHospitalFixture({ appointments: [{ at: "00:00", status: "CHECKED_IN" }] });
  other = await createHospitalFixture();
  server = await startTestServer();
});
afterAll(async () => {
  await server?.close();
});
afterEach(() => setClock(null));

describeNeeding(["pg"], "screens: list, create, revoke", () => {
  it("reception adds a screen, whose link shows the queue; the list shows it with its last sighting", async () => {
    const staff = await reception();
    const made = await staff.screens.create({ doctorId: fx.doctor.id, name: "Lobby TV" });
    expect(made.url).toMatch(new RegExp(`/display/${fx.doctor.id}\\?token=`));
    const before = (await staff.screens.list()).find((s) => s.id === made.id);
    expect(before).toMatchObject({
      name: "Lobby TV",
      doctorId: fx.doctor.id,
      doctor: { name: fx.doctor.name },
      lastSeenAt: null,
      revokedAt: null,
    });
    const clock = clockFrom(clockNow(), { frozen: true });
    setClock(clock);
    const screen = await callerFor(null);
    const input = { doctorId: fx.doctor.id, token: tokenOf(made.url) };
    const lastSeen = async () => (await staff.screens.list()).find((s) => s.id === made.id)?.lastSeenAt;
    const shown = await screen.display.get(input);
    expect(shown.doctor.name).toBe(fx.doctor.name);
    const first = clock.now();
    expect(await lastSeen()).toEqual(first);
    // Written at most once a minute.
    clock.advance(50_000);
    await screen.display.get(input);
    expect(await lastSeen()).toEqual(first);
    clock.advance(11_000);
    await screen.display.get(input);
    expect(await lastSeen()).toEqual(clock.now());
  });

  it("a doctor may not set up screens; another hospital's doctor or screen is not found", async () => {
    const row = await getDb().staffUser.create({
      data: {
        hospitalId: fx.hospital.id,
        email: `screens-doc-${fx.hospital.slug}@test.local`,
        name: "Dr Screens",
        passwordHash: "x",
        role: "DOCTOR",
        doctorId: fx.doctor.id,
      },
    });
    const doctor = await callerFor(await findStaffForSession(row.id));
    await expect(doctor.screens.list()).rejects.toMatchObject({ code: "FORBIDDEN" });
    const staff = await reception();
    await expect(staff.screens.create({ doctorId: other.doctor.id, name: "Theirs" })).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
    const theirReception = await callerFor(await findStaffForSession(other.receptionist.id));
    const theirs = await theirReception.screens.create({ doctorId: other.doctor.id, name: "Their lobby" });
    await expect(staff.screens.revoke({ screenId: theirs.id })).rejects.toMatchObject({
      code: "NOT_FOUND",
      cause: { reason: "SCREEN_NOT_FOUND" },
    });
    expect((await staff.screens.list()).some((s) => s.id === theirs.id)).toBe(false);
    await expect(
      (await callerFor(null)).display.get({ doctorId: other.doctor.id, token: tokenOf(theirs.url) }),
    ).resolves.toMatchObject({ doctor: { name: other.doctor.name } });
  });

  it("a revoked screen's reads are refused with DISPLAY_LINK_WITHDRAWN", async () => {
    const staff = await reception();
    const made = await staff.screens.create({ doctorId: fx.doctor.id, name: "Corridor" });
    const screen = await callerFor(null);
    const input = { doctorId: fx.doctor.id, token: tokenOf(made.url) };
    await screen.display.get(input); // cached as live
    const { revokedAt } = await staff.screens.revoke({ screenId: made.id });
    expect(revokedAt).toBeInstanceOf(Date);
    await expect(screen.display.get(input)).rejects.toMatchObject({
      code: "BAD_REQUEST",
      cause: { reason: "DISPLAY_LINK_WITHDRAWN" },
      message: WITHDRAWN,
    });
    expect((await staff.screens.list()).find((s) => s.id === made.id)?.revokedAt).toEqual(revokedAt);
  });

  it("an open subscription ends with DISPLAY_LINK_WITHDRAWN when its screen is revoked, with no new call", async () => {
    const staff = await reception();
    const made = await staff.screens.create({ doctorId: fx.doctor.id, name: "Waiting room" });
    const s = follow(server.url, fx.doctor.id, tokenOf(made.url));
    try {
      await until(() => s.seen.length > 0, 3_000, "the screen's first state");
      expect(s.errors).toEqual([]);
      await staff.screens.revoke({ screenId: made.id });
      await until(() => s.errors.length > 0, 1_500, "the subscription to end");
      expect(s.errors).toEqual([{ reason: "DISPLAY_LINK_WITHDRAWN", message: WITHDRAWN }]);
    } finally {
      s.close();
    }
  });

  it("display.link keeps one revocable screen per doctor; a link without a screen id is refused", async () => {
    const staff = await reception();
    const first = await staff.display.link({ doctorId: fx.doctor.id });
    const again = await staff.display.link({ doctorId: fx.doctor.id });
    expect(again.screenId).toBe(first.screenId);
    const listed = (await staff.screens.list()).find((s) => s.id === first.screenId);
    expect(listed?.name).toBe(`Screen for ${fx.doctor.name}`);
    await staff.screens.revoke({ screenId: first.screenId });
    const replaced = await staff.display.link({ doctorId: fx.doctor.id });
    expect(replaced.screenId).not.toBe(first.screenId);

    // A display link as signed before screens existed: valid signature, no `sid`.
    const legacy = await new SignJWT({ hid: fx.hospital.id })
      .setProtectedHeader({ alg: "HS256" })
      .setSubject(fx.doctor.id)
      .setAudience("patient-queue:display")
      .setIssuer("patient-queue")
      .setIssuedAt(Math.floor(clockNow().getTime() / 1000))
      .setExpirationTime(Math.floor(clockNow().getTime() / 1000) + 3_600)
      .sign(new TextEncoder().encode(env().JWT_SECRET));
    await expect(
      (await callerFor(null)).display.get({ doctorId: fx.doctor.id, token: legacy }),
    ).rejects.toMatchObject({ code: "BAD_REQUEST", cause: { reason: "DISPLAY_LINK_INVALID" } });
  });
});

describeNeeding(["pg", "redis"], "screens: revocation across instances", () => {
  let instance: Instance | undefined;
  afterAll(async () => {
    await instance?.stop();
  });

  it("a screen followed on another instance ends as soon as this one revokes it", async () => {
    instance = await startInstance();
    const staff = await reception();
    const made = await staff.screens.create({ doctorId: fx.doctor.id, name: "Annex" });
    const s = follow(instance.url, fx.doctor.id, tokenOf(made.url));
    try {
      await until(() => s.seen.length > 0, 5_000, "the screen's first state on the other instance");
      await staff.screens.revoke({ screenId: made.id });
      await until(() => s.errors.length > 0, 2_000, "the remote subscription to end");
      expect(s.errors[0]).toEqual({ reason: "DISPLAY_LINK_WITHDRAWN", message: WITHDRAWN });
    } finally {
      s.close();
    }
  });
});
