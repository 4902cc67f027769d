// Sessions and API tokens end on the server, everywhere at once: a replayed cookie after sign-out,
// an open WebSocket after sign-out, deactivation, a new password, a revoked token or an expired
// session, an idle session, malformed cookies, and what a token may do (scopes, expiry, minting).
import { createTRPCClient, createWSClient, wsLink } from "@trpc/client";
import superjson from "superjson";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { until } from "../cache/testing/redis-server.ts";
import { clockFrom, now as clockNow, setClock } from "../clock.ts";
import { getDb } from "../db/client.ts";
import { findStaffForSession } from "../db/staff-repo.ts";
import { identitySockets } from "../realtime/identity-sockets.ts";
import { createHospitalFixture, resetSecretOf } from "../test/fixtures.ts";
import { type Instance, startInstance } from "../test/instances.ts";
import { describeNeeding } from "../test/needs.ts";
import { startTestServer } from "../test/server.ts";
import { callerFor } from "../trpc/caller.ts";
import type { AppRouter } from "../trpc/root.ts";
import { WS_PATH } from "../ws/ws-server.ts";
import { sessionCookieFor } from "./kit.ts";

type Fixture = Awaited<ReturnType<typeof createHospitalFixture>>;
let fx: Fixture;
let server: Awaited<ReturnType<typeof startTestServer>>;

beforeAll(async () => {
  fx = await createHospitalFixture({ appointments: [{ at: "09:00" }, { at: "09:15" }, { at: "09:30" }] });
  server = await startTestServer();
});
afterAll(async () => {
  await server?.close();
});
afterEach(() => setClock(null));

/** A staff member's tRPC client whose every call goes over one WebSocket (as an attacker's script would). */
function socketClient(url: string, headers: Record<string, string>) {
  const closes: { code: number; reason: string }[] = [];
  const wsClient = createWSClient({
    url: `${url.replace("http", "ws")}${WS_PATH}`,
    WebSocket: class extends WebSocket {
      constructor(u: string | URL, protocols?: string | string[]) {
        super(u, protocols, { headers });
      }
    } as unknown as typeof globalThis.WebSocket,
    onClose: (event) => {
      const e = event as { code?: number; reason?: string } | undefined;
      closes.push({ code: e?.code ?? 0, reason: String(e?.reason ?? "") });
    },
    retryDelayMs: () => 60_000, // the test watches the first close, not the reconnects
  });
  const client = createTRPCClient<AppRouter>({
    links: [wsLink({ client: wsClient, transformer: superjson })],
  });
  const board: unknown[] = [];
  const boardErrors: string[] = [];
  const sub = client.queue.onBoard.subscribe(
    { date: fx.date },
    { onData: (d) => board.push(d), onError: (e) => boardErrors.push(e.message) },
  );
  return {
    client,
    closes,
    board,
    boardErrors,
    close() {
      sub.unsubscribe();
      void wsClient.close();
    },
  };
}

const trpcHttp = (path: string, headers: Record<string, string>, body?: unknown) =>
  fetch(`${server.url}/api/trpc/${path}`, {
    method: body === undefined ? "GET" : "POST",
    headers: { "content-type": "application/json", ...headers },
    body: body === undefined ? undefined : JSON.stringify({ json: body }),
  });

const boardOver = (headers: Record<string, string>) =>
  trpcHttp(`queue.board?input=${encodeURIComponent(JSON.stringify({ json: { date: fx.date } }))}`, headers);

async function newReceptionist(tag: string) {
  const row = await getDb().staffUser.create({
    data: {
      hospitalId: fx.hospital.id,
      email: `${tag}-${fx.hospital.slug}-${Math.random().toString(36).slice(2, 8)}@test.local`,
      name: `Rita ${tag}`,
      passwordHash: "x",
      role: "RECEPTIONIST",
    },
  });
  return row;
}

async function newAdmin() {
  const row = await getDb().staffUser.create({
    data: {
      hospitalId: fx.hospital.id,
      email: `admin-${fx.hospital.slug}-${Math.random().toString(36).slice(2, 8)}@test.local`,
      name: "Ada Admin",
      passwordHash: "x",
      role: "ADMIN",
    },
  });
  return callerFor(await findStaffForSession(row.id));
}

/** Opens a socket, proves it works (a call and a live board), and hands it over. */
async function openWorkingSocket(headers: Record<string, string>) {
  const s = socketClient(server.url, headers);
  expect((await s.client.queue.board.query({ date: fx.date })).queues.length).toBeGreaterThan(0);
  await s.client.queue.emergency.mutate({
    doctorId: fx.doctor.id,
    date: fx.date,
    message: "Running about 10 minutes late",
    estimatedDelay: 10,
  });
  await until(() => s.board.length > 0, 5_000, "the board feed to deliver");
  return s;
}

async function expectSignedOut(s: ReturnType<typeof socketClient>, reason: RegExp) {
  await until(() => s.closes.length > 0, 1_000, "the socket to be closed within 1 s");
  expect(s.closes[0]).toMatchObject({ code: 4001 });
  expect(s.closes[0]!.reason).toMatch(reason);
}

describe("an open WebSocket ends with its identity (within 1 s, close code 4001)", () => {
  it("sign-out: the cookie replayed is refused and the socket is closed with 'You were signed out'", async () => {
    const staff = await newReceptionist("logout");
    const cookie = await sessionCookieFor(staff);
    const s = await openWorkingSocket({ cookie });
    expect((await boardOver({ cookie })).status).toBe(200);
    const out = await trpcHttp("auth.logout", { cookie, origin: server.url }, null);
    expect(out.status).toBe(200);
    await expectSignedOut(s, /You were signed out/);
    expect((await boardOver({ cookie })).status).toBe(401);
    s.close();
  });

  it("deactivation closes every socket of the account", async () => {
    const staff = await newReceptionist("deact");
    const cookie = await sessionCookieFor(staff);
    const s = await openWorkingSocket({ cookie });
    await (await newAdmin()).adminStaff.update({ staffId: staff.id, active: false });
    await expectSignedOut(s, /You were signed out/);
    s.close();
  });

  it("a password set with a one-time link closes the account's sockets", async () => {
    const staff = await newReceptionist("reset");
    const cookie = await sessionCookieFor(staff);
    const s = await openWorkingSocket({ cookie });
    const link = await (await newAdmin()).adminStaff.resetLink({ staffId: staff.id });
    await (await callerFor(null)).auth.resetWithLink({
      token: resetSecretOf(link.url),
      password: "a brand new passphrase 9",
    });
    await expectSignedOut(s, /You were signed out/);
    expect((await boardOver({ cookie })).status).toBe(401);
    s.close();
  });

  it("revoking an API token closes the sockets opened with it", async () => {
    const staff = await newReceptionist("token");
    const caller = await callerFor(await findStaffForSession(staff.id));
    const token = await caller.staff.createToken({ name: "socket", scopes: ["read", "queue"] });
    const authorization = `Bearer ${token.secret}`;
    const s = await openWorkingSocket({ authorization });
    await caller.staff.revokeToken({ tokenId: token.id });
    await expectSignedOut(s, /no longer valid/);
    expect((await boardOver({ authorization })).status).toBe(401);
    s.close();
  });

  it("an idle session ends: its cookie is refused and its open socket is closed", async () => {
    const clock = clockFrom(clockNow());
    setClock(clock);
    const staff = await newReceptionist("idle");
    const cookie = await sessionCookieFor(staff);
    const s = await openWorkingSocket({ cookie });
    clock.advance(59 * 60_000);
    expect((await boardOver({ cookie })).status).toBe(200); // used within the hour: still open
    clock.advance(61 * 60_000);
    await until(() => s.closes.length > 0, 2_000, "the sweep to close the idle session's socket");
    expect(s.closes[0]).toMatchObject({ code: 4001 });
    expect((await boardOver({ cookie })).status).toBe(401);
    s.close();
  });

  it("a session in use ends anyway at its absolute end (12 h)", async () => {
    const clock = clockFrom(clockNow());
    setClock(clock);
    const staff = await newReceptionist("absolute");
    const cookie = await sessionCookieFor(staff);
    for (let h = 0; h < 11; h++) {
      clock.advance(55 * 60_000);
      expect((await boardOver({ cookie })).status).toBe(200);
    }
    clock.advance(75 * 60_000); // 11 h 55 min + 75 min: past 12 h, though used 75 min ago... and idle
    expect((await boardOver({ cookie })).status).toBe(401);
  });

  it("a call over a socket whose session was revoked without an announcement is refused", async () => {
    // The bus may drop a message (Redis away): every call re-checks on its own.
    const staff = await newReceptionist("silent");
    const cookie = await sessionCookieFor(staff);
    const s = await openWorkingSocket({ cookie });
    await getDb().staffSession.updateMany({ where: { staffId: staff.id }, data: { revokedAt: clockNow() } });
    await expect(
      s.client.queue.pause.mutate({ doctorId: fx.doctor.id, date: fx.date, reason: "should not pause" }),
    ).rejects.toMatchObject({ data: { code: "UNAUTHORIZED" } });
    const queue = await getDb().queueDay.findFirst({
      where: { doctorId: fx.doctor.id },
      select: { paused: true },
    });
    expect(queue?.paused).toBe(false);
    s.close();
  });

  it("registered sockets are forgotten when they close", async () => {
    const staff = await newReceptionist("forget");
    const s = await openWorkingSocket({ cookie: await sessionCookieFor(staff) });
    expect(identitySockets().count(`staff:${staff.id}`)).toBe(1);
    s.close();
    await until(
      () => identitySockets().count(`staff:${staff.id}`) === 0,
      2_000,
      "the closed socket to be forgotten",
    );
  });
});

describe("API tokens: scopes, expiry, minting", () => {
  it("a read-only token reads but cannot change a queue; a token cannot mint tokens", async () => {
    const staff = await newReceptionist("scopes");
    const caller = await callerFor(await findStaffForSession(staff.id));
    const token = await caller.staff.createToken({ name: "reader", scopes: ["read"] });
    const authorization = `Bearer ${token.secret}`;
    expect((await boardOver({ authorization })).status).toBe(200);
    const pause = await trpcHttp(
      "queue.pause",
      { authorization },
      { doctorId: fx.doctor.id, date: fx.date, reason: "no" },
    );
    expect(pause.status).toBe(403);
    expect(await pause.text()).toMatch(/lacks the \\?"queue\\?" scope/);
    const mint = await trpcHttp("staff.createToken", { authorization }, { name: "child", scopes: ["read"] });
    expect(mint.status).toBe(403);
    expect(await getDb().apiToken.count({ where: { staffId: staff.id } })).toBe(1);
  });

  it("tokens expire (90 days by default) and a role cannot grant more than it has", async () => {
    const staff = await newReceptionist("expiry");
    const caller = await callerFor(await findStaffForSession(staff.id));
    const token = await caller.staff.createToken({ name: "default", scopes: ["read"] });
    const days = (token.expiresAt!.getTime() - token.createdAt.getTime()) / 86_400_000;
    expect(Math.round(days)).toBe(90);
    await expect(caller.staff.createToken({ name: "too much", scopes: ["admin"] })).rejects.toMatchObject({
      code: "FORBIDDEN",
    });
    const clock = clockFrom(new Date(clockNow().getTime() + 91 * 86_400_000));
    setClock(clock);
    expect((await boardOver({ authorization: `Bearer ${token.secret}` })).status).toBe(401);
  });
});

describe("malformed cookies are no cookie", () => {
  const bad = [
    "pq_session=%E0",
    "pq_session=%",
    "pq_session=%ZZ",
    "pq_session=%E0%A4%A",
    "%E0=1; pq_session=%",
  ];
  for (const cookie of bad) {
    it(`${cookie}: 401 from a staff procedure, 200 from a public one, never 500`, async () => {
      expect((await boardOver({ cookie })).status).toBe(401);
      const me = await trpcHttp("auth.me", { cookie });
      expect(me.status).toBe(200);
      const rest = await fetch(`${server.url}/api/appointments/websocket/stats`, {
        headers: { cookie },
      });
      expect(rest.status).toBe(401);
    });
  }

  it("a patient's socket with a malformed cookie still follows the queue", async () => {
    const { signTrackingToken } = await import("../auth/tracking-token.ts");
    const a = fx.appointments[2]!;
    const token = await signTrackingToken({
      appointmentId: a.id,
      hospitalId: a.hospitalId,
      doctorId: a.doctorId,
      tokenVersion: a.tokenVersion,
    });
    const wsClient = createWSClient({
      url: `${server.url.replace("http", "ws")}${WS_PATH}`,
      WebSocket: class extends WebSocket {
        constructor(u: string | URL, protocols?: string | string[]) {
          super(u, protocols, { headers: { cookie: "pq_session=%E0" } });
        }
      } as unknown as typeof globalThis.WebSocket,
    });
    const client = createTRPCClient<AppRouter>({
      links: [wsLink({ client: wsClient, transformer: superjson })],
    });
    const events: unknown[] = [];
    const sub = client.tracking.onUpdate.subscribe(
      { token, lastEventId: null },
      { onData: (e) => events.push(e) },
    );
    await until(() => events.length > 0, 5_000, "the patient's first event");
    sub.unsubscribe();
    await wsClient.close();
  });
});

// Needs PostgreSQL (two processes cannot share the embedded database) and Redis (instances meet
// through it).
describeNeeding(["pg", "redis"], "on every instance", () => {
  let other: Instance | null = null;
  afterAll(async () => {
    await other?.stop();
  });

  it("signing out through this instance closes the session's socket on another instance within 1 s", async () => {
    other ??= await startInstance();
    const staff = await newReceptionist("remote");
    const cookie = await sessionCookieFor(staff);
    const s = socketClient(other.url, { cookie });
    expect((await s.client.queue.board.query({ date: fx.date })).queues.length).toBeGreaterThan(0);
    const out = await trpcHttp("auth.logout", { cookie, origin: server.url }, null);
    expect(out.status).toBe(200);
    await expectSignedOut(s, /You were signed out/);
    s.close();
  });

  it("deactivating an account, or revoking a token, closes its sockets on another instance within 1 s", async () => {
    other ??= await startInstance();
    const remote = (headers: Record<string, string>) => socketClient(other!.url, headers);

    const staff = await newReceptionist("remote-deact");
    const s = remote({ cookie: await sessionCookieFor(staff) });
    expect((await s.client.queue.board.query({ date: fx.date })).queues.length).toBeGreaterThan(0);
    await (await newAdmin()).adminStaff.update({ staffId: staff.id, active: false });
    await expectSignedOut(s, /You were signed out/);
    s.close();

    const holder = await newReceptionist("remote-token");
    const caller = await callerFor(await findStaffForSession(holder.id));
    const token = await caller.staff.createToken({ name: "remote socket", scopes: ["read", "queue"] });
    const t = remote({ authorization: `Bearer ${token.secret}` });
    expect((await t.client.queue.board.query({ date: fx.date })).queues.length).toBeGreaterThan(0);
    await caller.staff.revokeToken({ tokenId: token.id });
    await expectSignedOut(t, /no longer valid/);
    t.close();
  });
});
