// The page's side of tRPC's wire format, message by message. server/trpc/wire.test.ts checks the same
// functions against tRPC's own server.
import { describe, expect, it } from "vitest";
import { base, live } from "./track-fixture";
import { parseAnswer, parseFrame, pollUrl, stopMessage, subscribeMessage } from "./trpc-wire";

describe("the wire format", () => {
  it("subscribes and stops as wsLink does (superjson input)", () => {
    expect(JSON.parse(subscribeMessage(3, "tok", "17"))).toEqual({
      id: 3,
      method: "subscription",
      params: { path: "tracking.onUpdate", input: { json: { token: "tok", lastEventId: "17" } } },
    });
    expect(JSON.parse(stopMessage(3))).toEqual({ id: 3, method: "subscription.stop" });
  });

  it("reads started, data (tracked: superjson of { id, data }), errors, stop and reconnect", () => {
    expect(parseFrame('{"id":1,"result":{"type":"started"}}')).toEqual({ kind: "started", id: 1 });
    const body = {
      json: { id: "11", data: live({ version: 11, event: "emergency" }) },
      meta: { values: {} },
    };
    const frame = parseFrame(JSON.stringify({ id: 1, result: { type: "data", data: body, id: "11" } }));
    expect(frame.kind).toBe("data");
    if (frame.kind === "data") {
      expect(frame.eventId).toBe("11");
      expect(frame.data.version).toBe(11);
      expect(frame.data.event).toBe("emergency");
    }
    const error = {
      json: {
        message: "This tracking link has expired.",
        code: -32600,
        data: { code: "BAD_REQUEST", reason: "LINK_EXPIRED" },
      },
    };
    expect(parseFrame(JSON.stringify({ id: 1, error }))).toEqual({
      kind: "error",
      id: 1,
      code: "BAD_REQUEST",
      reason: "LINK_EXPIRED",
      message: "This tracking link has expired.",
    });
    expect(parseFrame('{"id":1,"result":{"type":"stopped"}}').kind).toBe("stopped");
    expect(parseFrame('{"id":null,"method":"reconnect"}').kind).toBe("reconnect");
    expect(parseFrame("PONG").kind).toBe("pong");
    expect(parseFrame("{nope").kind).toBe("other");
  });

  it("reads tracking.get over HTTP", () => {
    expect(decodeURIComponent(pollUrl("a b"))).toBe('/api/trpc/tracking.get?input={"json":{"token":"a b"}}');
    expect(parseAnswer({ result: { data: { json: base } } })).toEqual({ data: base });
    expect(
      parseAnswer({
        error: { json: { message: "Too many", code: -32029, data: { code: "TOO_MANY_REQUESTS" } } },
      }),
    ).toEqual({ code: "TOO_MANY_REQUESTS", reason: "TOO_MANY_REQUESTS", message: "Too many" });
  });
});
