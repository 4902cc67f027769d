// Tracking through createCaller, real HTTP and a real WebSocket, on the test database.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signSession } from "../../auth/session.ts";
import { signTrackingToken } from "../../auth/tracking-token.ts";
import { now as clockNow } from "../../clock.ts";
import { findStaffForSession } from "../../db/staff-repo.ts";
import { createHospitalFixture } from "../../test/fixtures.ts";
import { startTestServer, testClient } from "../../test/server.ts";
import { callerFor } from "../caller.ts";

const now = clockNow();
const hh = (offsetMinutes: number) => {
  const d = new Date(now.getTime() + offsetMinutes * 60_000);
  return new Intl.DateTimeFormat("en-GB", {
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
    timeZone: "Pacific/Auckland",
  }).format(d);
};

let fx: Awaited<ReturnType<typeof createHospitalFixture>>;
let server: Awaited<ReturnType<typeof startTestServer>>;
const tokenFor = (i: number) => {
  const a = fx.appointments[i]!;
  return signTrackingToken({
    appointmentId: a.id,
    hospitalId: a.hospitalId,
    doctorId: a.doctorId,
    tokenVersion: a.tokenVersion,
  });
};

beforeAll(async () => {
  // Same local minute for everyone keeps slot order equal; payment then booking decide the order.
  const at = hh(0);
  fx = await createHospitalFixture({
    now,
    appointments: [
      { at, paidMinutesBefore: 60, name: "Ana First" },
      { at, paidMinutesBefore: 30, name: "Ben Second" },
      { at, paidMinutesBefore: null, name: "Cy Third" },
    ],
  });
  server = await startTestServer();
});

afterAll(async () => {
  await server?.close();
});

describe("tracking.get", () => {
  it("gives the patient their position, people ahead and an estimate, without other patients' names", async () => {
    const caller = await callerFor(null);
    const data = await caller.tracking.get({ token: await tokenFor(2) });
    expect(data.queue.position).toBe(3);
    expect(data.queue.peopleAhead).toBe(2);
    expect(data.queue.estimatedWaitTime).toBeGreaterThan(0);
    expect(data.queue.message.length).toBeGreaterThan(5);
    const text = JSON.stringify(data);
    expect(text).not.toContain("Ana First");
    expect(text).not.toContain("Ben Second");
  });

  it("refuses a malformed or tampered link with BAD_REQUEST and an unknown appointment with NOT_FOUND", async () => {
    const caller = await callerFor(null);
    await expect(caller.tracking.get({ token: "nonsense" })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    const good = await tokenFor(0);
    const tampered = `${good.slice(0, -2)}${good.endsWith("AA") ? "BB" : "AA"}`;
    await expect(caller.tracking.get({ token: tampered })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    const expired = await signTrackingToken(
      {
        appointmentId: fx.appointments[0]!.id,
        hospitalId: fx.hospital.id,
        doctorId: fx.doctor.id,
        tokenVersion: 1,
      },
      new Date(clockNow().getTime() - 60_000),
    );
    await expect(caller.tracking.get({ token: expired })).rejects.toMatchObject({
      code: "BAD_REQUEST",
      cause: { reason: "LINK_EXPIRED" },
      message: expect.stringMatching(/expired/),
    });
    const unknown = await signTrackingToken({
      appointmentId: "nope",
      hospitalId: fx.hospital.id,
      doctorId: fx.doctor.id,
      tokenVersion: 1,
    });
    await expect(caller.tracking.get({ token: unknown })).rejects.toMatchObject({
      code: "NOT_FOUND",
      cause: { reason: "APPOINTMENT_NOT_FOUND" },
    });
  });
});

describe("REST alias", () => {
  it("GET /api/appointments/track/:token answers 200, 400 and 404 in the seed's shape", async () => {
    const ok = await fetch(`${server.url}/api/appointments/track/${await tokenFor(0)}`);
    expect(ok.status).toBe(200);
    const body = await ok.json();
    expect(body.success).toBe(true);
    expect(body.data.queue.position).toBe(1);
    expect(typeof body.data.queue.estimatedWaitTime).toBe("number");
    expect(body.data.queue.queueStatus).toBeTypeOf("string");

    const bad = await fetch(`${server.url}/api/appointments/track/abc.def.ghi`);
    expect(bad.status).toBe(400);
    expect((await bad.json()).error).toMatchObject({
      code: "LINK_INVALID",
      message: expect.stringMatching(/not valid/),
    });

    const unknown = await signTrackingToken({
      appointmentId: "missing",
      hospitalId: fx.hospital.id,
      doctorId: fx.doctor.id,
      tokenVersion: 1,
    });
    const missing = await fetch(`${server.url}/api/appointments/track/${unknown}`);
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ success: false, error: { code: "APPOINTMENT_NOT_FOUND" } });
  });

  it("GET /health reports the database and Redis", async () => {
    const res = await fetch(`${server.url}/health`);
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.database).toBe("ok");
    expect(["ok", "off", "degraded"]).toContain(body.redis);
    expect(body.redis).toBe(process.env.REDIS_URL ? "ok" : "off");
  });
});

describe("live updates over the WebSocket", () => {
  // How fast it arrives is measured by bench/fanout (npm run bench:fanout), not asserted here.
  it("a check-in on the board reaches a subscribed patient, versions only rise", async () => {
    const patient = testClient(server.url);
    const token = await tokenFor(1);
    const seen: { id: string; position: number | null; status: string }[] = [];
    const sub = patient.client.tracking.onUpdate.subscribe(
      { token, lastEventId: null },
      {
        onData: (e) =>
          seen.push({ id: e.id, position: e.data.queue.position, status: e.data.queue.queueStatus }),
      },
    );
    await expect.poll(() => seen.length, { timeout: 3_000 }).toBe(1);
    const first = Number(seen[0]!.id);

    const staff = await findStaffForSession(fx.receptionist.id);
    const reception = await callerFor(staff);
    await reception.queue.checkIn({ appointmentId: fx.appointments[1]!.id, force: true });
    // Ben is the only patient present, so he is next to be called.
    await expect.poll(() => seen.at(-1)?.status, { timeout: 5_000 }).toBe("next");
    expect(Number(seen.at(-1)!.id)).toBe(first + 1);

    // Call next takes the first present patient (Ben, checked in), though Ana is ahead but absent.
    await reception.queue.callNext({ doctorId: fx.doctor.id, date: fx.date });
    await expect.poll(() => seen.at(-1)?.status, { timeout: 5_000 }).toBe("called");
    const ids = seen.map((s) => Number(s.id));
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    sub.unsubscribe();
    patient.close();
  });

  it("a reconnecting client with an older lastEventId gets the current state at once; an up-to-date one gets nothing old", async () => {
    const token = await tokenFor(2);
    const caller = await callerFor(null);
    const current = await caller.tracking.get({ token, fresh: true });
    const eventId = (version: number) => `${version}:${fx.queueDay.id}`;
    const patient = testClient(server.url);
    const seenOld: string[] = [];
    const subOld = patient.client.tracking.onUpdate.subscribe(
      { token, lastEventId: "0" },
      { onData: (e) => seenOld.push(e.id) },
    );
    await expect.poll(() => seenOld, { timeout: 3_000 }).toEqual([eventId(current.version)]);
    // The same version of another queue day (the page was offline while its appointment moved
    // there): not this day's state, so the current state comes at once.
    const seenOtherDay: string[] = [];
    const subOtherDay = patient.client.tracking.onUpdate.subscribe(
      { token, lastEventId: `${current.version}:cmanotherqueueday000000000` },
      { onData: (e) => seenOtherDay.push(e.id) },
    );
    await expect.poll(() => seenOtherDay, { timeout: 3_000 }).toEqual([eventId(current.version)]);
    const seenNew: string[] = [];
    const subNew = patient.client.tracking.onUpdate.subscribe(
      { token, lastEventId: eventId(current.version) },
      { onData: (e) => seenNew.push(e.id) },
    );
    // A version alone (a page from before the day was in the id) counts as this day's.
    const seenBare: string[] = [];
    const subBare = patient.client.tracking.onUpdate.subscribe(
      { token, lastEventId: String(current.version) },
      { onData: (e) => seenBare.push(e.id) },
    );
    // The next change is the first thing they get: nothing older came before it.
    const staff = await callerFor(await findStaffForSession(fx.receptionist.id));
    const { version } = await staff.queue.checkIn({ appointmentId: fx.appointments[2]!.id, force: true });
    await expect.poll(() => seenNew, { timeout: 5_000 }).toEqual([eventId(version)]);
    await expect.poll(() => seenBare, { timeout: 5_000 }).toEqual([eventId(version)]);
    for (const sub of [subOld, subOtherDay, subNew, subBare]) sub.unsubscribe();
    patient.close();
  });

  it("staff procedures refuse callers without a session and sign-in sets a session cookie", async () => {
    const anonymous = await callerFor(null);
    await expect(anonymous.queue.board({})).rejects.toMatchObject({ code: "UNAUTHORIZED" });
    const res = await fetch(`${server.url}/api/trpc/auth.login`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ json: { email: fx.receptionist.email, password: fx.password } }),
    });
    expect(res.status).toBe(200);
    const cookie = res.headers.get("set-cookie") ?? "";
    expect(cookie).toMatch(/pq_session=.+HttpOnly/);
    const wrong = await fetch(`${server.url}/api/trpc/auth.login`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ json: { email: fx.receptionist.email, password: "wrong" } }),
    });
    expect(wrong.status).toBe(401);
    const session = await signSession({ id: fx.receptionist.id, sessionVersion: 1 });
    const board = await fetch(
      `${server.url}/api/trpc/queue.board?input=${encodeURIComponent(JSON.stringify({ json: { date: fx.date } }))}`,
      {
        headers: { cookie: `pq_session=${session}` },
      },
    );
    expect(board.status).toBe(200);
  });
});
