// tRPC inputs arrive as superjson payloads, `{ json, meta }`, and superjson trusts its `meta`. An
// attacker's probe of the running app (2026-12-07) found: 26 levels of two keys naming one object
// (`referentialEqualities`) held the server for 4 s before any rate limit (brokenTextAt walked
// 2^26 paths); `meta.values: "x"` recursed to a stack overflow on every call; class and symbol
// annotations and a `null` input answered with internal error text. Over HTTP and both WebSocket
// paths, each is now a 400 (or an error frame) with one plain message, and the server stays
// responsive. server/trpc/transformer.ts; brokenTextAt in server/trpc/schemas/text.ts.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { startTestServer } from "../test/server.ts";
import { UNREADABLE_INPUT } from "../trpc/transformer.ts";
import { WS_PATH } from "../ws/ws-server.ts";
import { createHospital, freshIp, type Hospital, request, trpcError } from "./kit.ts";

type Server = Awaited<ReturnType<typeof startTestServer>>;
let h: Hospital;
let fast: Server;
let adapter: Server;

beforeAll(async () => {
  h = await createHospital([{ at: "00:00" }]);
  fast = await startTestServer();
  adapter = await startTestServer({ fastPath: false });
});
afterAll(async () => {
  await Promise.all([fast?.close(), adapter?.close()]);
});

/** `levels` objects, each under two keys `a` and `b` of the one above (by superjson's references). */
function sharedChain(levels: number, top: Record<string, unknown>) {
  let node: Record<string, unknown> = {};
  for (let i = 0; i < levels; i++) node = { a: node, b: null };
  const refs: Record<string, string[]> = {};
  for (let k = 1; k <= levels; k++) {
    const above = Array.from({ length: k - 1 }, () => "a").join(".");
    refs[above ? `${above}.a` : "a"] = [above ? `${above}.b` : "b"];
  }
  return { json: { ...top, ...node }, meta: { referentialEqualities: refs } };
}

const post = (s: Server, path: string, payload: unknown) =>
  request(`${s.url}/api/trpc/${path}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(payload),
    from: freshIp(),
  });

const hostile: Record<string, unknown> = {
  "values that are not a tree": { json: { email: "a@b.c", password: "x" }, meta: { values: "x" } },
  "a class annotation": { json: { email: {}, password: "x" }, meta: { values: { email: [["class", "X"]] } } },
  "a symbol annotation": {
    json: { email: "s", password: "x" },
    meta: { values: { email: [["symbol", "X"]] } },
  },
  "a custom annotation": {
    json: { email: "s", password: "x" },
    meta: { values: { email: [["custom", "x"]] } },
  },
  "a regular expression": {
    json: { email: "/(a+)+$/", password: "x" },
    meta: { values: { email: ["regexp"] } },
  },
  "an error": { json: { email: "x", password: "x" }, meta: { values: { email: ["Error"] } } },
  "meta that is not an object": { json: { email: "a@b.c" }, meta: "x" },
  null: null,
  "an array": [{ json: {} }],
};

describe("superjson payloads the server does not read", () => {
  it("a 1 KB request of shared references is answered, and /health with it", async () => {
    // 24 levels: 2^24 visits the way brokenTextAt walked before, 2 s of a blocked server here. Not
    // more: that walk blocks this process too, so no timeout could end this test were it to come
    // back; server/trpc/schemas/text.test.ts counts the visits, and fails at once instead.
    const payload = sharedChain(24, { email: "a@b.c", password: "not the password" });
    expect(JSON.stringify(payload).length).toBeLessThan(4_000);
    const [login, health] = await Promise.all([
      post(fast, "auth.login", payload),
      request(`${fast.url}/health`),
    ]);
    expect(login.status).toBeLessThan(500);
    expect(health.status).toBe(200);
    // And over GET, as a public query.
    const input = encodeURIComponent(JSON.stringify(sharedChain(24, { token: "x" })));
    const read = await request(`${fast.url}/api/trpc/tracking.get?input=${input}`, { from: freshIp() });
    expect(read.status).toBe(400);
  });

  it.each(Object.entries(hostile))("%s: a 400 with a plain message over HTTP", async (_, payload) => {
    const reply = await post(adapter, "auth.login", payload);
    expect(reply.status).toBe(400);
    expect(trpcError(reply)?.message).toBe(UNREADABLE_INPUT);
  });

  it("what our own clients send is still read: dates, undefined, shared objects", async () => {
    // A shared object under two keys, and a date, in the form superjson's own serialize gives them.
    const payload = {
      json: {
        token: "x",
        lastEventId: null,
        extra: { at: "2026-03-10T21:20:00.000Z" },
        again: { at: "2026-03-10T21:20:00.000Z" },
      },
      meta: {
        values: { "extra.at": ["Date"], "again.at": ["Date"] },
        referentialEqualities: { extra: ["again"] },
        v: 1,
      },
    };
    const input = encodeURIComponent(JSON.stringify(payload));
    const reply = await request(`${fast.url}/api/trpc/tracking.get?input=${input}`, { from: freshIp() });
    // Read, then refused by the procedure for the bad link (not for the format).
    expect(reply.status).toBe(400);
    expect(trpcError(reply)?.message).not.toBe(UNREADABLE_INPUT);
  });

  it.each([
    { name: "fast path", server: () => fast },
    { name: "tRPC adapter", server: () => adapter },
  ])(
    "over the WebSocket ($name): an error frame with the plain message, the socket still serving",
    async ({ server }) => {
      const socket = new WebSocket(`${server().url.replace("http", "ws")}${WS_PATH}`, {
        localAddress: freshIp(),
      });
      await new Promise<void>((resolve, reject) => {
        socket.once("open", () => resolve());
        socket.once("error", reject);
      });
      type Frame = { id: unknown; error?: { json: { message: string } }; result?: unknown };
      const frames = new Map<number, Frame>();
      // A message whose input cannot be read is answered before its id is known (tRPC's own format).
      const unread: Frame[] = [];
      socket.on("message", (data) => {
        const text = data.toString();
        if (text === "PONG") return;
        const parsed = JSON.parse(text);
        for (const f of Array.isArray(parsed) ? parsed : [parsed])
          if (typeof f.id === "number") frames.set(f.id, f);
          else unread.push(f);
      });
      const send = (id: number, method: string, path: string, input: unknown) =>
        socket.send(JSON.stringify({ id, method, params: { path, input } }));
      const inputs = [null, { json: { token: "x" }, meta: { values: "x" } }, sharedChain(24, { token: "x" })];
      for (const [i, input] of inputs.entries()) send(i + 1, "query", "tracking.get", input);
      send(10, "subscription", "tracking.onUpdate", {
        json: { token: "x", lastEventId: null },
        meta: { values: [["class", "X"]] },
      });
      await expect
        .poll(() => frames.has(3) && unread.length === 3, { timeout: 10_000 })
        .toBe(true)
        .catch((e) => {
          throw new Error(`${e}: ${JSON.stringify([...frames, ...unread])}`);
        });
      expect(unread.map((f) => [f.id, f.error?.json.message])).toEqual(
        Array.from({ length: 3 }, () => [null, UNREADABLE_INPUT]),
      );
      expect(frames.get(3)?.error, "the shared chain: refused by its schema, not held").toBeDefined();
      // Still serving: a well-formed read answers (a bad link, refused by the procedure).
      send(11, "query", "tracking.get", { json: { token: "x" } });
      await expect.poll(() => frames.has(11), { timeout: 5_000 }).toBe(true);
      expect(frames.get(11)?.error?.json.message).not.toBe(UNREADABLE_INPUT);
      socket.close();
    },
  );

  it("a hospital's data is untouched by all of it", async () => {
    const res = await request(`${fast.url}/api/appointments/track/${h.trackingTokens[0]}`, {
      from: freshIp(),
    });
    expect(res.status).toBe(200);
  });
});
