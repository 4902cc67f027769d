// The fast path must be indistinguishable from tRPC's own adapter: the messages of the same
// subscriptions on two servers, one with the fast path and one without, must be the same.
import superjson from "superjson";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { signTrackingToken } from "../auth/tracking-token.ts";
import { runQueueChange } from "../services/queue-changes.ts";
import { createHospitalFixture } from "../test/fixtures.ts";
import { startTestServer } from "../test/server.ts";
import { WS_PATH } from "./ws-server.ts";

type Frame = Record<string, unknown>;

/** A raw socket speaking the tRPC protocol, as wsLink does, recording every frame it receives. */
async function rawClient(url: string) {
  const socket = new WebSocket(`${url.replace("http", "ws")}${WS_PATH}`);
  const frames: Frame[] = [];
  socket.on("message", (data) => frames.push(JSON.parse(data.toString())));
  await new Promise((resolve, reject) => socket.once("open", resolve).once("error", reject));
  return {
    frames,
    send: (msg: unknown) => socket.send(JSON.stringify(msg)),
    subscribe: (id: number, input: unknown, lastEventId?: string) =>
      socket.send(
        JSON.stringify({
          id,
          method: "subscription",
          params: {
            path: "tracking.onUpdate",
            input: superjson.serialize(input),
            ...(lastEventId ? { lastEventId } : {}),
          },
        }),
      ),
    close: () => socket.close(),
  };
}

/** Error stacks (development only) differ by call site; everything else must match. */
const withoutStacks = (frames: Frame[]) =>
  JSON.parse(JSON.stringify(frames), (k, v) => (k === "stack" ? undefined : v)) as Frame[];

describe("the fast path speaks the adapter's protocol", () => {
  let fast: Awaited<ReturnType<typeof startTestServer>>;
  let plain: Awaited<ReturnType<typeof startTestServer>>;
  let fx: Awaited<ReturnType<typeof createHospitalFixture>>;
  let token: string;

  beforeAll(async () => {
    fx = await createHospitalFixture({ appointments: [{ at: "00:00" }, { at: "00:15" }, { at: "00:30" }] });
    const a = fx.appointments[1]!;
    token = await signTrackingToken({
      appointmentId: a.id,
      hospitalId: a.hospitalId,
      doctorId: a.doctorId,
      tokenVersion: 1,
    });
    [fast, plain] = await Promise.all([startTestServer(), startTestServer({ fastPath: false })]);
  });
  afterAll(async () => {
    await fast?.close();
    await plain?.close();
  });

  const both = async (script: (c: Awaited<ReturnType<typeof rawClient>>) => void, expected: number) => {
    const clients = await Promise.all([rawClient(fast.url), rawClient(plain.url)]);
    for (const c of clients) script(c);
    await expect.poll(() => clients.every((c) => c.frames.length >= expected), { timeout: 5_000 }).toBe(true);
    await new Promise((r) => setTimeout(r, 100)); // nothing extra arrives
    return { clients, frames: clients.map((c) => withoutStacks(c.frames)) as [Frame[], Frame[]] };
  };

  it("the same frames for a subscription, a change, an emergency notice and a stop", async () => {
    const { clients, frames } = await both((c) => c.subscribe(7, { token, lastEventId: null }), 2);
    expect(frames[0]).toEqual(frames[1]);
    expect(frames[0][0]).toEqual({ id: 7, result: { type: "started" } });

    const change = (kind?: string) =>
      runQueueChange(fx.queueDay.id, "system:test", async () => ({
        type: "TEST",
        appointmentId: null,
        kind,
      }));
    await change();
    await change("emergency");
    await expect.poll(() => clients.every((c) => c.frames.length >= 4), { timeout: 5_000 }).toBe(true);
    for (const c of clients) c.send({ id: 7, method: "subscription.stop" });
    await expect.poll(() => clients.every((c) => c.frames.length >= 5), { timeout: 5_000 }).toBe(true);
    const [f, p] = clients.map((c) => withoutStacks(c.frames));
    expect(f).toEqual(p);
    const events = f!
      .slice(1, 4)
      .map((m) => superjson.deserialize<{ data: { event: string } }>((m.result as { data: never }).data));
    expect(events.map((e) => e.data.event)).toEqual(["update", "update", "emergency"]);
    expect(f!.at(-1)).toEqual({ id: 7, result: { type: "stopped" } });
    for (const c of clients) c.close();
  });

  it("the same errors for a bad link, a malformed input and a duplicate id", async () => {
    const { clients, frames } = await both((c) => {
      c.subscribe(1, { token: "not.a.token", lastEventId: null });
      c.subscribe(2, { token: "" });
    }, 4);
    // Independent subscriptions may answer in either order.
    const sort = (fs: Frame[]) => [...fs].map((x) => JSON.stringify(x)).sort();
    expect(sort(frames[0])).toEqual(sort(frames[1]));
    expect(frames[0]).toContainEqual(
      expect.objectContaining({
        id: 1,
        error: expect.objectContaining({
          json: expect.objectContaining({ data: expect.objectContaining({ code: "BAD_REQUEST" }) }),
        }),
      }),
    );
    for (const c of clients) c.close();

    const dup = await both((c) => {
      c.subscribe(3, { token, lastEventId: null });
      c.subscribe(3, { token, lastEventId: null });
    }, 3);
    expect(sort(dup.frames[0])).toEqual(sort(dup.frames[1]));
    for (const c of dup.clients) c.close();
  });

  it("the same resume: an older lastEventId gets the current state, the current one nothing", async () => {
    const { clients, frames } = await both((c) => {
      c.subscribe(1, { token, lastEventId: null }, "0");
    }, 2);
    expect(frames[0]).toEqual(frames[1]);
    const current = (frames[0][1]!.result as { id: string }).id;
    for (const c of clients) c.close();
    const again = await both((c) => c.subscribe(1, { token, lastEventId: null }, current), 1);
    expect(again.frames[0]).toEqual([{ id: 1, result: { type: "started" } }]);
    expect(again.frames[1]).toEqual(again.frames[0]);
    for (const c of again.clients) c.close();
  });
});
