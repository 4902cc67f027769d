// The contract of the hand-written wire format (server/trpc/wire.ts, components/track/trpc-wire.ts):
// tRPC's own clients (wsLink over createWSClient, httpBatchLink, httpLink) get the same frames, data,
// event ids and errors from the fast paths as from tRPC's own adapters serving the procedures, and the
// patient page's messages mean to tRPC's server what they mean to the fast path. A tRPC upgrade that
// changes the format fails here.
import { EventEmitter } from "node:events";
import http from "node:http";
import type { AddressInfo } from "node:net";
import {
  createTRPCClient,
  createWSClient,
  httpBatchLink,
  httpLink,
  type TRPCClientError,
  wsLink,
} from "@trpc/client";
import { applyWSSHandler } from "@trpc/server/adapters/ws";
import superjson from "superjson";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket, { WebSocketServer } from "ws";
import * as page from "../../components/track/trpc-wire.ts";
import { signTrackingToken } from "../auth/tracking-token.ts";
import { QUEUE_EVENT } from "../domain/events.ts";
import { setTrackingFastPath, trackingFastPathStats } from "../http/track-fast.ts";
import type { BusKind } from "../realtime/bus.ts";
import { reissueTrackingLink } from "../services/links.ts";
import { runQueueChange } from "../services/queue-changes.ts";
import { createHospitalFixture } from "../test/fixtures.ts";
import { startTestServer } from "../test/server.ts";
import { uniqueExpiry } from "../test/unique-expiry.ts";
import { WS_DEFAULTS, WS_PATH } from "../ws/ws-server.ts";
import { createContext } from "./context.ts";
import { type AppRouter, appRouter } from "./root.ts";
import { reconnectNotice } from "./wire.ts";

type Server = { url: string; close(): Promise<void> };

/** tRPC's own WebSocket adapter alone, serving the router: the reference for every frame. */
async function startTrpcReference(): Promise<Server> {
  const server = http.createServer((_req, res) => res.writeHead(404).end());
  const wss = new WebSocketServer({ server, path: WS_PATH });
  applyWSSHandler({ wss, router: appRouter, createContext });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    async close() {
      for (const client of wss.clients) client.terminate();
      await new Promise<void>((r) => wss.close(() => r()));
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}

/** tRPC's clients against one server; `frames` records every WebSocket frame as received. */
function trpcClients(url: string) {
  const frames: string[] = [];
  const wsClient = createWSClient({
    url: `${url.replace("http", "ws")}${WS_PATH}`,
    WebSocket: class extends WebSocket {
      constructor(address: string | URL, protocols?: string | string[]) {
        super(address, protocols);
        this.on("message", (data) => frames.push(data.toString()));
      }
    } as unknown as typeof globalThis.WebSocket,
  });
  const overHttp = (batch: boolean) =>
    createTRPCClient<AppRouter>({
      links: [(batch ? httpBatchLink : httpLink)({ url: `${url}/api/trpc`, transformer: superjson })],
    });
  return {
    ws: createTRPCClient<AppRouter>({ links: [wsLink({ client: wsClient, transformer: superjson })] }),
    batch: overHttp(true),
    single: overHttp(false),
    frames,
    close: () => wsClient.close(),
  };
}

/** What a client sees of an error: message, JSON-RPC code and data (the errorFormatter's), no stack. */
function seen(err: unknown) {
  const e = err as TRPCClientError<AppRouter>;
  const { stack: _stack, ...data } = (e.data ?? {}) as Record<string, unknown>;
  return { message: e.message, code: e.shape?.code, data };
}

type Event = { started: true } | { id: string; data: unknown } | { error: ReturnType<typeof seen> };

/** Follows tracking.onUpdate through wsLink, recording what its handlers get. */
function follow(c: ReturnType<typeof trpcClients>, input: { token: string; lastEventId?: string | null }) {
  const events: Event[] = [];
  const sub = c.ws.tracking.onUpdate.subscribe(input, {
    onStarted: () => events.push({ started: true }),
    onData: (e) => events.push({ id: e.id, data: e.data }),
    onError: (err) => events.push({ error: seen(err) }),
  });
  return { events, stop: () => sub.unsubscribe() };
}

/** Error stacks (development only) differ by call site; everything else must match. */
const withoutStacks = (frames: string[]) =>
  frames.map((f) => (f.startsWith("{") ? JSON.parse(f, (k, v) => (k === "stack" ? undefined : v)) : f));

let fx: Awaited<ReturnType<typeof createHospitalFixture>>;
let fast: Awaited<ReturnType<typeof startTestServer>>;
let reference: Server;

beforeAll(async () => {
  fx = await createHospitalFixture({ appointments: [{ at: "00:00" }, { at: "00:15" }, { at: "00:30" }] });
  [fast, reference] = await Promise.all([startTestServer(), startTrpcReference()]);
});
afterAll(async () => {
  setTrackingFastPath(true);
  await fast?.close();
  await reference?.close();
});

/** A link of its own (unique expiry), so no case shares another's per-link rate limit count. */
const linkFor = (i: number) => {
  const a = fx.appointments[i]!;
  const claims = { appointmentId: a.id, hospitalId: a.hospitalId, doctorId: a.doctorId, tokenVersion: 1 };
  return signTrackingToken(claims, uniqueExpiry(3_600_000));
};

/** A new version of the queue day (any kind of event will do), with the bus kind asked for. */
const change = (kind?: BusKind) =>
  runQueueChange(fx.queueDay.id, "system:test", async () => ({
    type: QUEUE_EVENT.EMERGENCY,
    appointmentId: null,
    kind,
  }));

/** The same script against the fast path and tRPC's adapter; both must see the same. */
function both<T>(script: (c: ReturnType<typeof trpcClients>) => T) {
  const clients = [trpcClients(fast.url), trpcClients(reference.url)] as const;
  const close = () => {
    for (const c of clients) c.close();
  };
  return { clients, runs: clients.map(script) as [T, T], close };
}

describe("WebSocket: wsLink gets the same from the fast path as from tRPC's adapter", () => {
  it("a subscription: started, the current state, changes and an emergency as tracked events, then stop", async () => {
    const token = await linkFor(1);
    const { clients, runs, close } = both((c) => follow(c, { token, lastEventId: null }));
    await expect.poll(() => runs.every((r) => r.events.length >= 2), { timeout: 5_000 }).toBe(true);
    await change();
    await change("emergency");
    await expect.poll(() => runs.every((r) => r.events.length >= 4), { timeout: 5_000 }).toBe(true);
    for (const r of runs) r.stop();
    // "stopped" is the subscription's last frame: whatever it sent came before.
    await expect
      .poll(() => clients.every((c) => c.frames.at(-1)?.includes('"stopped"')), { timeout: 5_000 })
      .toBe(true);
    const [f, p] = runs.map((r) => r.events);
    expect(f).toEqual(p);
    expect(f![0]).toEqual({ started: true });
    const data = f!.slice(1) as {
      id: string;
      data: { version: number; event: string; appointment: object };
    }[];
    expect(data.map((e) => e.data.event)).toEqual(["update", "update", "emergency"]);
    // The event id is the queue's version and its day (trackingEventId), and dates arrive as dates (the transformer's notes).
    for (const e of data) expect(e.id).toMatch(new RegExp(`^${e.data.version}:c[a-z0-9]+$`));
    expect(data[0]!.data.appointment).toMatchObject({ scheduledAt: expect.any(Date) });
    // Byte for byte too, the stop's reply included.
    expect(withoutStacks(clients[0].frames)).toEqual(withoutStacks(clients[1].frames));
    expect(JSON.parse(clients[0].frames.at(-1)!)).toMatchObject({ result: { type: "stopped" } });
    close();
  });

  it("a resume: lastEventId at the current version gets nothing until the next change", async () => {
    const token = await linkFor(1);
    const first = both((c) => follow(c, { token, lastEventId: null }));
    await expect.poll(() => first.runs.every((r) => r.events.length >= 2), { timeout: 5_000 }).toBe(true);
    const current = (first.runs[0].events[1] as { id: string }).id;
    first.close();

    const again = both((c) => follow(c, { token, lastEventId: current }));
    await expect.poll(() => again.runs.every((r) => r.events.length >= 1), { timeout: 5_000 }).toBe(true);
    await change();
    // The next change is the first data: nothing older came before it.
    await expect.poll(() => again.runs.every((r) => r.events.length >= 2), { timeout: 5_000 }).toBe(true);
    expect(again.runs[0].events).toEqual(again.runs[1].events);
    expect(again.runs[0].events[0]).toEqual({ started: true });
    expect((again.runs[0].events[1] as { id: string }).id).toBe(nextEventId(current));
    again.close();
  });

  it("errors, shaped by the router's errorFormatter: a bad link, a malformed input, an unknown appointment", async () => {
    const unknown = await signTrackingToken({
      appointmentId: "no-such-appointment",
      hospitalId: fx.hospital.id,
      doctorId: fx.doctor.id,
      tokenVersion: 1,
    });
    for (const token of ["not.a.token", "", unknown]) {
      const { clients, runs, close } = both((c) => follow(c, { token, lastEventId: null }));
      await expect
        .poll(() => runs.every((r) => r.events.some((e) => "error" in e)), { timeout: 5_000 })
        .toBe(true);
      // A request sent after the error arrived is answered after anything that subscription sent.
      await Promise.all(
        clients.map((c) => c.ws.tracking.get.query({ token: "not.a.token" }).catch(() => null)),
      );
      expect(runs[0].events).toEqual(runs[1].events);
      expect(withoutStacks(clients[0].frames)).toEqual(withoutStacks(clients[1].frames));
      const error = runs[0].events.find((e) => "error" in e) as { error: ReturnType<typeof seen> };
      expect(error.error.data).toMatchObject({
        code: token === unknown ? "NOT_FOUND" : "BAD_REQUEST",
        reason: expect.any(String),
        path: "tracking.onUpdate",
      });
      // The formatter flattens a schema's complaint into the message, and keeps it for forms.
      if (token === "") {
        expect(error.error.message).toMatch(/^token: /);
        expect(error.error.data.zodError).not.toBeNull();
      }
      close();
    }
  });

  it("an error after the start: a reissued link ends the subscription with the same error", async () => {
    const token = await linkFor(2);
    const { runs, close } = both((c) => follow(c, { token, lastEventId: null }));
    await expect.poll(() => runs.every((r) => r.events.length >= 2), { timeout: 5_000 }).toBe(true);
    await reissueTrackingLink(fx.hospital.id, fx.appointments[2]!.id);
    await expect
      .poll(() => runs.every((r) => r.events.some((e) => "error" in e)), { timeout: 5_000 })
      .toBe(true);
    expect(runs[0].events).toEqual(runs[1].events);
    expect(runs[0].events.at(-1)).toMatchObject({ error: { data: { code: "BAD_REQUEST" } } });
    close();
  });

  it("more subscriptions on one socket than allowed: TOO_MANY_REQUESTS, the socket and the others kept", async () => {
    const token = await linkFor(0);
    const c = trpcClients(fast.url);
    const subs = Array.from({ length: WS_DEFAULTS.maxSubscriptions + 1 }, () => follow(c, { token }));
    await expect.poll(() => subs.every((s) => s.events.length >= 1), { timeout: 5_000 }).toBe(true);
    const refused = subs.filter((s) => s.events.some((e) => "error" in e));
    expect(refused).toHaveLength(1);
    expect(refused[0]!.events).toEqual([
      { error: expect.objectContaining({ data: expect.objectContaining({ code: "TOO_MANY_REQUESTS" }) }) },
    ]);
    await change();
    await expect.poll(() => subs.filter((s) => s.events.length >= 3).length, { timeout: 5_000 }).toBe(4);
    c.close();
  });

  it("tRPC's own reconnect notice is the one the server sends on shutdown", () => {
    const sent: unknown[] = [];
    const wss = Object.assign(new EventEmitter(), {
      clients: new Set([{ readyState: 1, send: (data: unknown) => sent.push(data) }]),
    });
    applyWSSHandler({ wss: wss as never, router: appRouter, createContext }).broadcastReconnectNotification();
    expect(sent).toEqual([reconnectNotice]);
  });
});

describe("WebSocket: raw requests wsLink makes in other situations get the same frames", () => {
  /** A raw socket sending tRPC's messages, recording every frame it receives. */
  async function rawClient(url: string) {
    const socket = new WebSocket(`${url.replace("http", "ws")}${WS_PATH}`);
    const frames: string[] = [];
    socket.on("message", (data) => frames.push(data.toString()));
    await new Promise((resolve, reject) => socket.once("open", resolve).once("error", reject));
    return {
      frames,
      subscribe: (id: number, input: unknown, lastEventId?: string) =>
        socket.send(
          JSON.stringify({
            id,
            method: "subscription",
            params: { path: "tracking.onUpdate", input: superjson.serialize(input), lastEventId },
          }),
        ),
      stop: (id: number) => socket.send(JSON.stringify({ id, method: "subscription.stop" })),
      close: () => socket.close(),
    };
  }

  /** Runs `script` on both servers; once `expected` frames are in, stops subscription `id` (its last frame). */
  async function bothRaw(
    script: (c: Awaited<ReturnType<typeof rawClient>>) => void,
    expected: number,
    id: number,
  ) {
    const clients = await Promise.all([rawClient(fast.url), rawClient(reference.url)]);
    for (const c of clients) script(c);
    await expect.poll(() => clients.every((c) => c.frames.length >= expected), { timeout: 5_000 }).toBe(true);
    for (const c of clients) c.stop(id);
    await expect
      .poll(() => clients.every((c) => c.frames.some((f) => f.includes('"stopped"'))), { timeout: 5_000 })
      .toBe(true);
    for (const c of clients) c.close();
    // Independent subscriptions may answer in either order.
    const [f, p] = clients.map((c) => withoutStacks(c.frames).map((x) => JSON.stringify(x)));
    return { fast: f!, reference: p! };
  }

  it("a reconnect's lastEventId (beside the input, as wsLink resends it): older gets the state, current nothing", async () => {
    const token = await linkFor(1);
    const older = await bothRaw((c) => c.subscribe(1, { token }, "0"), 2, 1);
    expect(older.fast).toEqual(older.reference);
    const current = (JSON.parse(older.fast[1]!) as { result: { id: string } }).result.id;
    // At the current version: the next change is the first data, nothing older before it.
    const clients = await Promise.all([rawClient(fast.url), rawClient(reference.url)]);
    for (const c of clients) c.subscribe(1, { token }, current);
    await expect.poll(() => clients.every((c) => c.frames.length >= 1), { timeout: 5_000 }).toBe(true);
    await change();
    await expect.poll(() => clients.every((c) => c.frames.length >= 2), { timeout: 5_000 }).toBe(true);
    for (const c of clients) c.close();
    const [f, p] = clients.map((c) => withoutStacks(c.frames));
    expect(f).toEqual(p);
    expect(f![0]).toEqual({ id: 1, result: { type: "started" } });
    expect(f![1]).toMatchObject({ id: 1, result: { type: "data", id: nextEventId(current) } });
  });

  it("a duplicate id is refused as tRPC refuses it, the first subscription kept", async () => {
    const token = await linkFor(1);
    const dup = await bothRaw(
      (c) => {
        c.subscribe(3, { token });
        c.subscribe(3, { token });
      },
      3,
      3,
    );
    expect([...dup.fast].sort()).toEqual([...dup.reference].sort());
    expect(dup.fast.some((f) => f.includes("Duplicate id 3"))).toBe(true);
  });
});

describe("HTTP: httpBatchLink and httpLink get the same from the fast path as from the procedure", () => {
  async function read(
    client: ReturnType<typeof trpcClients>["batch"],
    token: string,
  ): Promise<{ data: unknown } | { error: ReturnType<typeof seen> }> {
    try {
      return { data: await client.tracking.get.query({ token }) };
    } catch (err) {
      return { error: seen(err) };
    }
  }

  async function viaBoth(token: string, link: "batch" | "single") {
    const c = trpcClients(fast.url);
    const before = trackingFastPathStats().answered;
    const viaFast = await read(c[link], token);
    const answeredFast = trackingFastPathStats().answered > before;
    setTrackingFastPath(false);
    try {
      return { viaFast, viaProcedure: await read(c[link], token), answeredFast };
    } finally {
      setTrackingFastPath(true);
      c.close();
    }
  }

  it("a good link's data, in one call and in a batch of one (answered by the fast path)", async () => {
    for (const link of ["batch", "single"] as const) {
      const r = await viaBoth(await linkFor(0), link);
      expect(r.answeredFast).toBe(true);
      expect(r.viaFast).toEqual(r.viaProcedure);
      expect(r.viaFast).toMatchObject({ data: { appointment: { scheduledAt: expect.any(Date) } } });
    }
  });

  it("errors with their codes and reasons (handed to the procedure)", async () => {
    for (const token of ["not.a.token", "abc.def.ghi"]) {
      const r = await viaBoth(token, "batch");
      expect(r.viaFast).toEqual(r.viaProcedure);
      expect(r.viaFast).toMatchObject({ error: { data: { code: "BAD_REQUEST", httpStatus: 400 } } });
    }
  });
});

describe("the patient page's messages (components/track/trpc-wire.ts) against tRPC's server", () => {
  /** A raw socket speaking the page's messages, collecting parsed frames. */
  async function pageSocket(url: string) {
    const socket = new WebSocket(`${url.replace("http", "ws")}${WS_PATH}`);
    const frames: page.Frame[] = [];
    socket.on("message", (data) => frames.push(page.parseFrame(data.toString())));
    await new Promise((resolve, reject) => socket.once("open", resolve).once("error", reject));
    return { socket, frames };
  }

  it("subscribes, reads started, data with its event id, errors, pong and stopped as tRPC sends them", async () => {
    const token = await linkFor(1);
    // What tRPC's client makes of the same subscription, as plain JSON (the page reads superjson's json half).
    const c = trpcClients(reference.url);
    const viaClient = follow(c, { token, lastEventId: null });
    await expect.poll(() => viaClient.events.length, { timeout: 5_000 }).toBe(2);
    const expected = viaClient.events[1] as { id: string; data: unknown };
    viaClient.stop();
    c.close();

    for (const url of [reference.url, fast.url]) {
      const { socket, frames } = await pageSocket(url);
      socket.send(page.subscribeMessage(1, token, null));
      socket.send(page.subscribeMessage(2, "not.a.token", null));
      socket.send(page.PING);
      await expect.poll(() => frames.length, { timeout: 5_000 }).toBeGreaterThanOrEqual(4);
      expect(frames).toContainEqual({ kind: "started", id: 1 });
      expect(frames).toContainEqual({ kind: "pong" });
      expect(frames).toContainEqual({
        kind: "data",
        id: 1,
        eventId: expected.id,
        data: superjson.serialize(expected.data).json,
      });
      expect(frames).toContainEqual({
        kind: "error",
        id: 2,
        code: "BAD_REQUEST",
        reason: expect.stringMatching(/^LINK_|^BAD_REQUEST$/),
        message: expect.stringMatching(/not valid/),
      });
      socket.send(page.stopMessage(1));
      await expect.poll(() => frames.at(-1), { timeout: 5_000 }).toEqual({ kind: "stopped", id: 1 });
      socket.close();
    }
  });

  it("polls tracking.get and reads its answer and its errors as tRPC's HTTP adapter writes them", async () => {
    const token = await linkFor(0);
    const c = trpcClients(fast.url);
    const expected = await c.single.tracking.get.query({ token });
    const refusal = await c.single.tracking.get.query({ token: "not.a.token" }).then(() => null, seen);
    c.close();
    expect(refusal).not.toBeNull();
    for (const fastPath of [true, false]) {
      setTrackingFastPath(fastPath);
      try {
        const poll = async (t: string) =>
          page.parseAnswer(await (await fetch(`${fast.url}${page.pollUrl(t)}`)).json());
        expect(await poll(token)).toEqual({ data: superjson.serialize(expected).json });
        expect(await poll("not.a.token")).toEqual({
          code: "BAD_REQUEST",
          reason: refusal?.data.reason ?? "BAD_REQUEST",
          message: refusal?.message,
        });
      } finally {
        setTrackingFastPath(true);
      }
    }
  });
});

/** The event id of the version after `id`'s, on the same queue day ("<version>:<queue day id>"). */
function nextEventId(id: string): string {
  const [version = "", day = ""] = id.split(":");
  return `${Number(version) + 1}:${day}`;
}
