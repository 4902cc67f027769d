// One request holds at most MAX_BATCH_SIZE calls: 600 board reads in one 48 KB WebSocket frame held
// the server for 7 s and answered 28 MB, a batch of 100 over HTTP 2.4 s (an attacker's probe,
// 2026-12-07). A batch over the limit is refused whole, over HTTP and both WebSocket paths.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { createHospital, freshIp, type Hospital, request } from "../security/kit.ts";
import { startTestServer } from "../test/server.ts";
import { WS_PATH } from "../ws/ws-server.ts";
import { MAX_BATCH_SIZE } from "./limits.ts";

type Server = Awaited<ReturnType<typeof startTestServer>>;
let h: Hospital;
let fast: Server;
let adapter: Server;

beforeAll(async () => {
  h = await createHospital([{ at: "09:00" }]);
  fast = await startTestServer();
  adapter = await startTestServer({ fastPath: false });
});
afterAll(async () => {
  await Promise.all([fast?.close(), adapter?.close()]);
});

/** `n` board reads in one HTTP batch, as httpBatchLink sends them. */
function httpBatch(n: number) {
  const paths = Array.from({ length: n }, () => "queue.board").join(",");
  const inputs = Object.fromEntries(Array.from({ length: n }, (_, i) => [i, { json: { date: h.date } }]));
  return request(
    `${fast.url}/api/trpc/${paths}?batch=1&input=${encodeURIComponent(JSON.stringify(inputs))}`,
    {
      headers: { cookie: h.cookies.RECEPTIONIST },
      from: freshIp(),
    },
  );
}

describe(`at most ${MAX_BATCH_SIZE} calls in one request`, () => {
  it("over HTTP: a full batch is answered, one more is refused whole with a 400", async () => {
    const full = await httpBatch(MAX_BATCH_SIZE);
    expect(full.status).toBe(200);
    expect(JSON.parse(full.text)).toHaveLength(MAX_BATCH_SIZE);
    const over = await httpBatch(MAX_BATCH_SIZE + 1);
    expect(over.status).toBe(400);
    expect(over.text).toContain("Batch call exceeds maximum size");
    expect(over.text).not.toContain("Dr ");
  });

  it.each([
    { name: "fast path", server: () => fast },
    { name: "tRPC adapter", server: () => adapter },
  ])("over the WebSocket ($name): a frame of one call too many gets errors only", async ({ server }) => {
    const socket = new WebSocket(`${server().url.replace("http", "ws")}${WS_PATH}`, {
      localAddress: freshIp(),
      headers: { cookie: h.cookies.RECEPTIONIST },
    });
    await new Promise<void>((resolve, reject) => {
      socket.once("open", () => resolve());
      socket.once("error", reject);
    });
    type Frame = { id: number; error?: { json: { message: string } }; result?: unknown };
    const frames = new Map<number, Frame>();
    socket.on("message", (data) => {
      const text = data.toString();
      if (text === "PONG") return;
      const parsed = JSON.parse(text);
      for (const f of Array.isArray(parsed) ? parsed : [parsed]) frames.set(f.id, f);
    });
    const frame = (from: number, n: number) =>
      JSON.stringify(
        Array.from({ length: n }, (_, i) => ({
          id: from + i,
          method: "query",
          params: { path: "queue.board", input: { json: { date: h.date } } },
        })),
      );
    socket.send(frame(1000, MAX_BATCH_SIZE + 1));
    const over = Array.from({ length: MAX_BATCH_SIZE + 1 }, (_, i) => 1000 + i);
    await expect.poll(() => over.every((id) => frames.has(id)), { timeout: 5_000 }).toBe(true);
    for (const id of over) {
      expect(frames.get(id)?.result).toBeUndefined();
      expect(frames.get(id)?.error?.json.message).toBe("Batch call exceeds maximum size");
    }
    // The socket still serves a frame within the limit.
    socket.send(frame(1, MAX_BATCH_SIZE));
    const within = Array.from({ length: MAX_BATCH_SIZE }, (_, i) => 1 + i);
    await expect.poll(() => within.every((id) => frames.has(id)), { timeout: 10_000 }).toBe(true);
    for (const id of within) expect(frames.get(id)?.result).toBeDefined();
    socket.close();
  });
});
