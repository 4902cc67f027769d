// Limits on live subscriptions: how many one WebSocket may hold (fewer without a staff identity),
// on the fan-out fast path and on tRPC's own adapter alike, refused with a TOO_MANY_REQUESTS error
// frame while the socket stays open; and the tracking read limits (per link, per IP), which a
// tracking subscription takes like a read, over WebSocket and over SSE (a 429 there). Raw frames in
// tRPC's wire format, so nothing in a client library can hide what the server does.
import http from "node:http";
import superjson from "superjson";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { until } from "../cache/testing/redis-server.ts";
import { LIMITS } from "../http/rate-limit.ts";
import { startTestServer } from "../test/server.ts";
import { uniqueExpiry } from "../test/unique-expiry.ts";
import { WS_DEFAULTS, WS_PATH } from "../ws/ws-server.ts";
import { badLinkReads, createHospital, freshIp, type Hospital, request, trackingTokenFor } from "./kit.ts";

type Server = Awaited<ReturnType<typeof startTestServer>>;
type Frame = {
  id: number | string | null;
  result?: { type: string; id?: string };
  /** superjson's form of the error shape. */
  error?: { json: { message: string; data?: { code?: string } } };
};

let h: Hospital;
const servers: Server[] = [];
let fast: Server;
let adapter: Server;

beforeAll(async () => {
  h = await createHospital(Array.from({ length: 4 }, (_, i) => ({ at: `0${i}:00` })));
  fast = await startTestServer();
  adapter = await startTestServer({ fastPath: false });
  servers.push(fast, adapter);
});
afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
});

/** A link of its own (its own expiry), so no other test shares its per-link count. */
/** A new link of appointment `i`, its own token (server/test/unique-expiry.ts). */
const ownLink = (i = 0) => trackingTokenFor(h.appointments[i]!, uniqueExpiry(7_200_000));

/** A raw WebSocket speaking tRPC's wire protocol, with every frame it received kept by id. */
async function rawSocket(s: Server, opts: { from?: string; cookie?: string } = {}) {
  const socket = new WebSocket(`${s.url.replace("http", "ws")}${WS_PATH}`, {
    localAddress: opts.from ?? freshIp(),
    headers: opts.cookie ? { cookie: opts.cookie } : {},
  });
  await new Promise<void>((resolve, reject) => {
    socket.once("open", () => resolve());
    socket.once("error", reject);
  });
  const frames: Frame[] = [];
  socket.on("message", (data) => {
    const text = data.toString();
    if (text === "PONG") return;
    const parsed = JSON.parse(text) as Frame | Frame[];
    frames.push(...(Array.isArray(parsed) ? parsed : [parsed]));
  });
  let nextId = 1;
  const of = (id: number) => frames.filter((f) => f.id === id);
  /** What a subscription got first: "data", "started" alone is not enough, or the error's code. */
  const outcome = (id: number) => {
    const mine = of(id);
    const error = mine.find((f) => f.error);
    if (error) return error.error!.json.data?.code ?? "ERROR";
    return mine.some((f) => f.result?.type === "data") ? "data" : null;
  };
  return {
    socket,
    frames,
    of,
    outcome,
    subscribe(path: string, input: unknown, opts: { binary?: boolean } = {}) {
      const id = nextId++;
      const message = JSON.stringify({
        id,
        method: "subscription",
        params: { path, input: superjson.serialize(input) },
      });
      socket.send(opts.binary ? Buffer.from(message) : message, { binary: opts.binary ?? false });
      return id;
    },
    stop(id: number) {
      socket.send(JSON.stringify({ id, method: "subscription.stop" }));
    },
    /** Waits for the subscription's first data or its error; resolves with which ("data" or a code). */
    async settled(id: number) {
      await until(() => outcome(id) !== null, 5_000, `subscription ${id} to settle`);
      return outcome(id)!;
    },
    close: () => socket.close(),
  };
}

describe.each([
  { path: "fast path", server: () => fast },
  { path: "tRPC adapter", server: () => adapter },
])("subscriptions per socket ($path)", ({ server }) => {
  it(`without a staff identity: ${WS_DEFAULTS.maxSubscriptions} at once, the next refused with TOO_MANY_REQUESTS; the socket stays open and a stopped one frees its place`, async () => {
    const ws = await rawSocket(server());
    const held: number[] = [];
    for (let i = 0; i < WS_DEFAULTS.maxSubscriptions; i++)
      held.push(ws.subscribe("tracking.onUpdate", { token: await ownLink(i % 4), lastEventId: null }));
    for (const id of held) expect(await ws.settled(id)).toBe("data");

    // Tracking (fast path) and other public subscriptions (tRPC's adapter), text or binary frames.
    const extra = [
      ws.subscribe("tracking.onUpdate", { token: await ownLink(), lastEventId: null }),
      ws.subscribe("display.onUpdate", { doctorId: h.doctor.id, token: h.displayToken, lastEventId: null }),
      ws.subscribe("tracking.onUpdate", { token: await ownLink(), lastEventId: null }, { binary: true }),
    ];
    for (const id of extra) expect(await ws.settled(id)).toBe("TOO_MANY_REQUESTS");
    const refusal = ws.of(extra[0]!).find((f) => f.error)!;
    expect(refusal.error!.json.message).toMatch(/too many/i);
    expect(ws.socket.readyState).toBe(WebSocket.OPEN);

    // Reusing a held subscription's id is refused, and does not free its place.
    ws.socket.send(
      JSON.stringify({
        id: held[0],
        method: "subscription",
        params: {
          path: "display.onUpdate",
          input: superjson.serialize({ doctorId: h.doctor.id, token: "x" }),
        },
      }),
    );
    const again = ws.subscribe("tracking.onUpdate", { token: await ownLink(), lastEventId: null });
    expect(await ws.settled(again)).toBe("TOO_MANY_REQUESTS");

    ws.stop(held[0]!);
    await until(() => ws.of(held[0]!).some((f) => f.result?.type === "stopped"), 5_000, "the stop");
    const next = ws.subscribe("display.onUpdate", {
      doctorId: h.doctor.id,
      token: h.displayToken,
      lastEventId: null,
    });
    expect(await ws.settled(next)).toBe("data");
    ws.close();
  });

  it("credentials that name nobody are no staff identity: the lower cap holds", async () => {
    const ws = await rawSocket(server(), { cookie: "pq_session=not.a.session" });
    const held: number[] = [];
    for (let i = 0; i < WS_DEFAULTS.maxSubscriptions; i++)
      held.push(ws.subscribe("tracking.onUpdate", { token: await ownLink(i % 4), lastEventId: null }));
    const extra = ws.subscribe("tracking.onUpdate", { token: await ownLink(), lastEventId: null });
    for (const id of held) expect(await ws.settled(id)).toBe("data");
    expect(await ws.settled(extra)).toBe("TOO_MANY_REQUESTS");
    ws.close();
  });

  it(`with a staff identity: ${WS_DEFAULTS.maxStaffSubscriptions} at once, then TOO_MANY_REQUESTS`, async () => {
    const ws = await rawSocket(server(), { cookie: h.cookies.RECEPTIONIST });
    const held: number[] = [];
    for (let i = 0; i < WS_DEFAULTS.maxStaffSubscriptions; i++)
      held.push(ws.subscribe("live.onDoctorDay", { doctorId: h.doctor.id, date: h.date }));
    for (const id of held) expect(await ws.settled(id)).toBe("data");
    const extra = ws.subscribe("live.onDoctorDay", { doctorId: h.doctor.id, date: h.date });
    expect(await ws.settled(extra)).toBe("TOO_MANY_REQUESTS");
    expect(ws.socket.readyState).toBe(WebSocket.OPEN);
    ws.close();
  });
});

describe.each([
  { path: "fast path", server: () => fast },
  { path: "tRPC adapter", server: () => adapter },
])("a tracking subscription takes the tracking read limits ($path)", ({ server }) => {
  it(`per link: ${LIMITS.trackToken.points} a minute, reads and subscriptions together`, async () => {
    const token = await ownLink();
    const ws = await rawSocket(server());
    for (let i = 0; i < LIMITS.trackToken.points; i++) {
      const id = ws.subscribe("tracking.onUpdate", { token, lastEventId: null });
      expect(await ws.settled(id)).toBe("data");
      ws.stop(id);
    }
    const refused = ws.subscribe("tracking.onUpdate", { token, lastEventId: null });
    expect(await ws.settled(refused)).toBe("TOO_MANY_REQUESTS");
    expect(ws.socket.readyState).toBe(WebSocket.OPEN);
    // The subscriptions used up the link's reads too.
    const read = await request(`${server().url}/api/appointments/track/${token}`, { from: freshIp() });
    expect(read.status).toBe(429);
    ws.close();
  });

  it(`per IP: after ${LIMITS.trackIp.points} reads from one address, its next subscription is refused`, async () => {
    const from = freshIp();
    const reads = await badLinkReads(server().url, LIMITS.trackIp.points, from);
    expect(new Set(reads)).toEqual(new Set(["BAD_REQUEST"]));
    const ws = await rawSocket(server(), { from });
    const refused = ws.subscribe("tracking.onUpdate", { token: await ownLink(), lastEventId: null });
    expect(await ws.settled(refused)).toBe("TOO_MANY_REQUESTS");
    const elsewhere = await rawSocket(server());
    const ok = elsewhere.subscribe("tracking.onUpdate", { token: await ownLink(), lastEventId: null });
    expect(await elsewhere.settled(ok)).toBe("data");
    ws.close();
    elsewhere.close();
    // The reads go as tRPC batches (kit.ts): 12 requests, not 600; rate-limits.test.ts counts the
    // same limit one REST read at a time.
  }, 90_000);
});

/** Opens tracking.onUpdate over SSE (tRPC's HTTP subscriptions); resolves with the status and content type, then hangs up. */
function sse(s: Server, token: string, from: string) {
  const input = encodeURIComponent(JSON.stringify(superjson.serialize({ token, lastEventId: null })));
  return new Promise<{ status: number; type?: string; retryAfter?: string }>((resolve, reject) => {
    const req = http.get(
      `${s.url}/api/trpc/tracking.onUpdate?input=${input}`,
      { localAddress: from, agent: false, headers: { accept: "text/event-stream" } },
      (res) => {
        resolve({
          status: res.statusCode ?? 0,
          type: res.headers["content-type"],
          retryAfter: res.headers["retry-after"] as string | undefined,
        });
        req.destroy();
      },
    );
    req.on("error", (err) => (req.destroyed ? undefined : reject(err)));
  });
}

describe("over SSE", () => {
  it(`a tracking subscription takes the link's limit: ${LIMITS.trackToken.points} a minute, then 429 with Retry-After`, async () => {
    const token = await ownLink();
    const from = freshIp();
    for (let i = 0; i < LIMITS.trackToken.points; i++) {
      const opened = await sse(fast, token, from);
      expect(opened.status).toBe(200);
      expect(opened.type).toMatch(/text\/event-stream/);
    }
    const refused = await sse(fast, token, from);
    expect(refused.status).toBe(429);
    expect(Number(refused.retryAfter)).toBeGreaterThan(0);
  });
});
