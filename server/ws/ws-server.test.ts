// WebSocket hardening over real sockets: Origin allowlist, per-IP cap, payload limit, keep-alive and
// idle disconnect at the connection; link expiry and revocation, staff authentication and emergency
// events at the subscription, on the fast path and (where the paths differ) on tRPC's own adapter.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { signSession } from "../auth/session.ts";
import { signTrackingToken } from "../auth/tracking-token.ts";
import { until } from "../cache/testing/redis-server.ts";
import { now as clockNow } from "../clock.ts";
import { getDb } from "../db/client.ts";
import { getHub, HUB_CHECKS } from "../realtime/hub.ts";
import { addScreen, signDisplayToken } from "../services/display.ts";
import { reissueTrackingLink } from "../services/links.ts";
import { checkIn } from "../services/queue-changes.ts";
import { broadcastEmergency } from "../services/queue-notices.ts";
import { createHospitalFixture } from "../test/fixtures.ts";
import { startTestServer, testClient } from "../test/server.ts";
import { WS_PATH } from "./ws-server.ts";

type Server = Awaited<ReturnType<typeof startTestServer>>;
type Fixture = Awaited<ReturnType<typeof createHospitalFixture>>;

const servers: Server[] = [];
const start = async (opts: Parameters<typeof startTestServer>[0] = {}) => {
  const s = await startTestServer(opts);
  servers.push(s);
  return s;
};
afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
});

const wsUrl = (s: Server) => `${s.url.replace("http", "ws")}${WS_PATH}`;

/** Opens a raw socket; resolves with it once open, or with the HTTP status that refused it. */
function connect(url: string, opts: WebSocket.ClientOptions = {}) {
  return new Promise<{ socket: WebSocket } | { status: number }>((resolve, reject) => {
    const socket = new WebSocket(url, opts);
    socket.once("open", () => resolve({ socket }));
    socket.once("unexpected-response", (_req, res) => resolve({ status: res.statusCode ?? 0 }));
    socket.once("error", reject);
  });
}
const closed = (socket: WebSocket) =>
  new Promise<{ code: number; reason: string }>((resolve) =>
    socket.once("close", (code, reason) => resolve({ code, reason: reason.toString() })),
  );

let fx: Fixture;
const linkFor = (f: Fixture, i: number, expiresAt?: Date) => {
  const a = f.appointments[i]!;
  return signTrackingToken(
    { appointmentId: a.id, hospitalId: a.hospitalId, doctorId: a.doctorId, tokenVersion: a.tokenVersion },
    expiresAt,
  );
};
const tokenFor = (i: number, expiresAt?: Date) => linkFor(fx, i, expiresAt);

/** A patient page's subscription through wsLink, recording events and the error that ended it. */
function follow(server: Server, token: string, cookie?: string, lastEventId: string | null = null) {
  const c = testClient(server.url, cookie);
  const events: { version: number; event: string }[] = [];
  let error: { code?: string; message: string } | null = null;
  const sub = c.client.tracking.onUpdate.subscribe(
    { token, lastEventId },
    {
      onData: (e) => events.push({ version: Number.parseInt(e.id, 10), event: e.data.event }),
      onError: (err) => {
        error = { code: err.data?.code, message: err.message };
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

beforeAll(async () => {
  fx = await createHospitalFixture({
    appointments: Array.from({ length: 8 }, (_, i) => ({ at: `0${i}:00` })),
  });
});

describe("at the upgrade", () => {
  it("refuses an Origin that is not allowed with 403, and lets allowed ones and non-browser clients in", async () => {
    const s = await start({ allowedOrigins: "https://clinic.example, https://board.example" });
    expect(await connect(wsUrl(s), { origin: "https://evil.example" })).toEqual({ status: 403 });
    for (const origin of ["https://clinic.example", "https://board.example", undefined]) {
      const r = await connect(wsUrl(s), origin ? { origin } : {});
      expect("socket" in r).toBe(true);
      if ("socket" in r) r.socket.close();
    }
  });

  it("caps concurrent connections per IP address with 429, and frees a place when one closes", async () => {
    const s = await start({ maxConnectionsPerIp: 3 });
    const open = await Promise.all([1, 2, 3].map(() => connect(wsUrl(s))));
    const sockets = open.map((r) => ("socket" in r ? r.socket : null));
    expect(sockets.every(Boolean)).toBe(true);
    expect(await connect(wsUrl(s))).toEqual({ status: 429 });
    const first = sockets[0]!;
    first.close();
    await closed(first);
    await until(
      async () => {
        const r = await connect(wsUrl(s));
        if ("socket" in r) r.socket.close();
        return "socket" in r;
      },
      3_000,
      "a free place",
    );
    for (const socket of sockets) socket?.close();
  });

  it("closes a connection that sends more than 64 KiB at once (1009)", async () => {
    const s = await start();
    const r = await connect(wsUrl(s));
    if (!("socket" in r)) throw new Error("refused");
    const done = closed(r.socket);
    r.socket.send("x".repeat(70 * 1024));
    expect((await done).code).toBe(1009);
  });
});

describe("keep-alive and idle connections", () => {
  it("closes a connection that holds no subscription once idle, but not one that does", async () => {
    const s = await start({ idleMs: 300, sweepMs: 50 });
    const r = await connect(wsUrl(s));
    if (!("socket" in r)) throw new Error("refused");
    const idleClosed = closed(r.socket); // listening now: it may close before the patient's first event
    const startedAt = Date.now();
    const patient = follow(s, await tokenFor(0));
    await until(() => patient.events.length > 0, 5_000, "the patient's first event");
    expect(await idleClosed).toEqual({ code: 1000, reason: "idle" });
    expect(Date.now() - startedAt).toBeGreaterThanOrEqual(250);
    // A socket opened after the patient's is closed as idle: the sweep has judged the patient's, older one too.
    const later = await connect(wsUrl(s));
    if (!("socket" in later)) throw new Error("refused");
    expect(await closed(later.socket)).toEqual({ code: 1000, reason: "idle" });
    expect(patient.error()).toBeNull();
    expect((await fetch(`${s.url}/health`)).status).toBe(200);
    await until(() => s.ws.connections() === 1, 5_000, "only the patient's connection"); // the closed one leaves
    patient.close();
  });

  it("pings every connection and drops one that stops answering", async () => {
    const s = await start({ pingMs: 150, sweepMs: 50, idleMs: 60_000 });
    const answering = await connect(wsUrl(s));
    const silent = await connect(wsUrl(s), { autoPong: false });
    if (!("socket" in answering) || !("socket" in silent)) throw new Error("refused");
    let pings = 0;
    answering.socket.on("ping", () => pings++);
    const dropped = closed(silent.socket);
    expect((await dropped).code).toBe(1006);
    expect(pings).toBeGreaterThanOrEqual(1);
    expect(answering.socket.readyState).toBe(WebSocket.OPEN);
    answering.socket.close();
  });

  it("answers wsLink's text PING with PONG", async () => {
    const s = await start();
    const r = await connect(wsUrl(s));
    if (!("socket" in r)) throw new Error("refused");
    const reply = new Promise((resolve) => r.socket.once("message", (d) => resolve(d.toString())));
    r.socket.send("PING");
    expect(await reply).toBe("PONG");
    r.socket.close();
  });
});

describe.each([
  { path: "fast path", fastPath: true },
  { path: "tRPC adapter", fastPath: false },
])("tracking subscriptions ($path)", ({ fastPath }) => {
  let s: Server;
  let fx: Fixture;
  const tokenFor = (i: number, expiresAt?: Date) => linkFor(fx, i, expiresAt);
  beforeAll(async () => {
    s = await start({ fastPath, sweepMs: 50 });
    fx = await createHospitalFixture({
      appointments: Array.from({ length: 8 }, (_, i) => ({ at: `0${i}:00` })),
    });
  });

  it("ends the subscription with BAD_REQUEST when the link expires", async () => {
    const patient = follow(s, await tokenFor(1, new Date(clockNow().getTime() + 1_500)));
    await until(() => patient.events.length > 0, 5_000, "the first event");
    await until(() => patient.error() !== null, 5_000, "the expiry");
    expect(patient.error()).toMatchObject({ code: "BAD_REQUEST", message: expect.stringMatching(/expired/) });
    patient.close();
  });

  it("ends the subscription with BAD_REQUEST when the link is reissued, and keeps the others", async () => {
    const revoked = follow(s, await tokenFor(2));
    const other = follow(s, await tokenFor(3));
    await until(() => revoked.events.length > 0 && other.events.length > 0, 5_000, "first events");
    await reissueTrackingLink(fx.hospital.id, fx.appointments[2]!.id);
    await until(() => revoked.error() !== null, 5_000, "the revocation");
    expect(revoked.error()).toMatchObject({
      code: "BAD_REQUEST",
      message: expect.stringMatching(/replaced/),
    });
    const { version } = await checkIn({ hospitalId: fx.hospital.id }, fx.appointments[4]!.id, "staff:test", {
      force: true,
    });
    await until(() => other.events.at(-1)?.version === version, 5_000, "the other patient's update");
    expect(other.error()).toBeNull();
    revoked.close();
    other.close();
  });

  it("marks an emergency notice as its own event kind, then goes back to updates", async () => {
    const patient = follow(s, await tokenFor(5));
    await until(() => patient.events.length > 0, 5_000, "the first event");
    const { version } = await broadcastEmergency(
      { hospitalId: fx.hospital.id },
      {
        doctorId: fx.doctor.id,
        date: fx.date,
        message: "Fire drill",
        priority: "critical",
        estimatedDelay: 20,
      },
      "staff:test",
    );
    await until(() => patient.events.at(-1)?.version === version, 5_000, "the emergency");
    const next = await checkIn({ hospitalId: fx.hospital.id }, fx.appointments[5]!.id, "staff:test", {
      force: true,
    });
    await until(() => patient.events.at(-1)?.version === next.version, 5_000, "the next change");
    expect(patient.events.slice(-2).map((e) => e.event)).toEqual(["emergency", "update"]);
    expect(patient.events[0]!.event).toBe("update");
    patient.close();
  });

  it("starts afresh when lastEventId is newer than the queue's version (a client from before a database restore)", async () => {
    const token = await tokenFor(6);
    const now = follow(s, token);
    await until(() => now.events.length > 0, 5_000, "the current state");
    const current = now.events[0]!.version;
    now.close();
    const restored = follow(s, token, undefined, String(current + 1_000));
    await until(() => restored.events.length > 0, 5_000, "the current state after the restore");
    expect(restored.events[0]).toEqual({ version: current, event: "update" });
    const { version } = await checkIn({ hospitalId: fx.hospital.id }, fx.appointments[6]!.id, "staff:test", {
      force: true,
    });
    await until(() => restored.events.at(-1)?.version === version, 5_000, "the next change");
    expect(restored.error()).toBeNull();
    restored.close();
  });

  it("follows a booking newer than the instance's snapshot (made elsewhere while Redis was down) rather than ending with NOT_FOUND", async () => {
    // This instance holds the queue day's snapshot as it is now.
    const watcher = follow(s, await tokenFor(7));
    await until(() => watcher.events.length > 0, 5_000, "the current state");
    const booked = await bookBehindTheInstancesBack(fx);
    const patient = follow(
      s,
      await signTrackingToken({
        appointmentId: booked.id,
        hospitalId: booked.hospitalId,
        doctorId: booked.doctorId,
        tokenVersion: booked.tokenVersion,
      }),
    );
    await until(
      () => patient.events.length > 0 || patient.error() !== null,
      5_000,
      "the new patient's state",
    );
    expect(patient.error()).toBeNull();
    expect(patient.events[0]!.version).toBeGreaterThan(watcher.events[0]!.version);
    watcher.close();
    patient.close();
  });
});

/** A walk-in written straight to the database, as a change made by another instance whose bus message never came. */
async function bookBehindTheInstancesBack(f: Fixture) {
  const db = getDb();
  const day = await db.queueDay.findUniqueOrThrow({ where: { id: f.queueDay.id } });
  const patient = await db.patient.create({ data: { hospitalId: f.hospital.id, name: "Late Walk-in" } });
  const appointment = await db.appointment.create({
    data: {
      hospitalId: f.hospital.id,
      doctorId: f.doctor.id,
      patientId: patient.id,
      queueDayId: f.queueDay.id,
      ticket: day.nextTicket,
      scheduledAt: clockNow(),
      bookedAt: clockNow(),
      status: "BOOKED",
      priority: "NORMAL",
      source: "WALK_IN",
    },
  });
  await db.queueDay.update({
    where: { id: f.queueDay.id },
    data: { nextTicket: day.nextTicket + 1, version: { increment: 1 } },
  });
  return appointment;
}

describe("a lost bus message", () => {
  it("does not leave a reconnecting patient on an old state: joining resyncs the queue for everyone", async () => {
    const s = await start();
    const own = await createHospitalFixture({
      appointments: [{ at: "00:00" }, { at: "01:00" }, { at: "02:00" }],
    });
    const staying = follow(s, await linkFor(own, 2));
    await until(() => staying.events.length > 0, 5_000, "the first event");
    const seen = staying.events[0]!.version;
    // The hub stops listening: this change's message is lost to it.
    await getHub().stop();
    const { version } = await checkIn(
      { hospitalId: own.hospital.id },
      own.appointments[0]!.id,
      "staff:test",
      {
        force: true,
      },
    );
    getHub().start();
    // The hub never heard of it: it still holds the version the patient saw.
    expect(
      getHub()
        .stats(own.hospital.id)
        .rooms.map((r) => r.version),
    ).toEqual([seen]);
    expect(staying.events.at(-1)?.version).toBe(seen);
    // A newcomer has the hub compare its snapshot with the database (here at once, not once a second).
    getHub().checks.newcomerCheckMs = 0;
    try {
      const back = follow(s, await linkFor(own, 1));
      await until(() => back.events.at(-1)?.version === version, 5_000, "the current state for the newcomer");
      await until(
        () => staying.events.at(-1)?.version === version,
        5_000,
        "the missed change for the others",
      );
      staying.close();
      back.close();
    } finally {
      getHub().checks.newcomerCheckMs = HUB_CHECKS.newcomerCheckMs;
    }
  });
});

describe("staff subscriptions", () => {
  let s: Server;
  beforeAll(async () => {
    s = await start();
  });

  it("a socket without a session cannot follow the board; with the session cookie of the upgrade it can", async () => {
    const anonymous = testClient(s.url);
    const refused = await new Promise<{ code?: string }>((resolve) => {
      anonymous.client.queue.onBoard.subscribe(
        { date: fx.date },
        { onData: () => resolve({ code: "DATA" }), onError: (err) => resolve({ code: err.data?.code }) },
      );
    });
    expect(refused.code).toBe("UNAUTHORIZED");
    anonymous.close();

    const cookie = `pq_session=${await signSession({ id: fx.receptionist.id, sessionVersion: 1 })}`;
    const staff = testClient(s.url, cookie);
    const versions: number[] = [];
    const boardsBefore = getHub().stats(fx.hospital.id).hospitalSubscribers;
    const sub = staff.client.queue.onBoard.subscribe(
      { date: fx.date },
      { onData: (e) => versions.push(e.data.version) },
    );
    // onBoard sends changes only: the change is made once the subscription listens.
    await until(
      () => getHub().stats(fx.hospital.id).hospitalSubscribers > boardsBefore,
      5_000,
      "the board listening",
    );
    const { version } = await checkIn({ hospitalId: fx.hospital.id }, fx.appointments[6]!.id, "staff:test", {
      force: true,
    });
    await until(() => versions.includes(version), 5_000, "the board update");
    sub.unsubscribe();
    staff.close();
  });

  it("live.onDoctorDay gives staff the full queue as tracked(version, snapshot) and resumes from lastEventId", async () => {
    const cookie = `pq_session=${await signSession({ id: fx.receptionist.id, sessionVersion: 1 })}`;
    const staff = testClient(s.url, cookie);
    const seen: { id: string; entries: number; event: string }[] = [];
    const sub = staff.client.live.onDoctorDay.subscribe(
      { doctorId: fx.doctor.id, date: fx.date },
      { onData: (e) => seen.push({ id: e.id, entries: e.data.entries.length, event: e.data.event }) },
    );
    await until(() => seen.length > 0, 5_000, "the current snapshot");
    expect(seen[0]!.entries).toBe(fx.appointments.length);
    const current = seen[0]!.id;
    const { version } = await checkIn({ hospitalId: fx.hospital.id }, fx.appointments[7]!.id, "staff:test", {
      force: true,
    });
    await until(() => seen.at(-1)?.id === String(version), 5_000, "the change");
    sub.unsubscribe();

    const resumed: string[] = [];
    const again = staff.client.live.onDoctorDay.subscribe(
      { doctorId: fx.doctor.id, date: fx.date, lastEventId: current },
      { onData: (e) => resumed.push(e.id) },
    );
    await until(() => resumed.length > 0, 5_000, "the missed state");
    expect(resumed).toEqual([String(version)]);
    again.unsubscribe();

    const anonymous = testClient(s.url);
    const refused = await new Promise<string | undefined>((resolve) =>
      anonymous.client.live.onDoctorDay.subscribe(
        { doctorId: fx.doctor.id },
        { onData: () => resolve("DATA"), onError: (err) => resolve(err.data?.code) },
      ),
    );
    expect(refused).toBe("UNAUTHORIZED");
    anonymous.close();
    staff.close();
  });

  it("live.onDoctorDay and display.onUpdate start afresh from a lastEventId newer than the queue's version", async () => {
    const own = await createHospitalFixture({ appointments: [{ at: "00:00" }, { at: "01:00" }] });
    const cookie = `pq_session=${await signSession({ id: own.receptionist.id, sessionVersion: 1 })}`;
    const staff = testClient(s.url, cookie);
    const { version: current } = await checkIn(
      { hospitalId: own.hospital.id },
      own.appointments[0]!.id,
      "staff:test",
      { force: true },
    );
    const doctorDay: string[] = [];
    const live = staff.client.live.onDoctorDay.subscribe(
      { doctorId: own.doctor.id, date: own.date, lastEventId: String(current + 1_000) },
      { onData: (e) => doctorDay.push(e.id) },
    );
    const display: string[] = [];
    const { id: screenId } = await addScreen(own.hospital.id, { doctorId: own.doctor.id, name: "Lobby" });
    const token = await signDisplayToken(
      { hospitalId: own.hospital.id, doctorId: own.doctor.id, screenId },
      new Date(clockNow().getTime() + 3_600_000),
    );
    const screen = staff.client.display.onUpdate.subscribe(
      { doctorId: own.doctor.id, token, lastEventId: `${own.date}:${current + 1_000}` },
      { onData: (e) => display.push(e.id) },
    );
    await until(() => doctorDay.length > 0 && display.length > 0, 5_000, "the current state on both");
    expect(doctorDay).toEqual([String(current)]);
    expect(display).toEqual([`${own.date}:${current}`]);
    live.unsubscribe();
    screen.unsubscribe();
    staff.close();
  });
});
