import type { IncomingMessage } from "node:http";
import { describe, expect, it } from "vitest";
import { clientIp } from "./context.ts";

const req = (peer: string, forwarded?: string) =>
  ({
    socket: { remoteAddress: peer },
    headers: forwarded === undefined ? {} : { "x-forwarded-for": forwarded },
  }) as unknown as IncomingMessage;

describe("clientIp", () => {
  it("ignores X-Forwarded-For when no proxy is trusted (a client cannot pick its own IP)", () => {
    expect(clientIp(req("203.0.113.9", "1.2.3.4"), 0)).toBe("203.0.113.9");
  });

  it("behind one proxy takes the address that proxy saw, not what the client claimed", () => {
    // nginx appends the address it saw: "spoofed, real"; the socket peer is nginx itself.
    expect(clientIp(req("10.0.0.2", "6.6.6.6, 198.51.100.7"), 1)).toBe("198.51.100.7");
    expect(clientIp(req("10.0.0.2", "198.51.100.7"), 1)).toBe("198.51.100.7");
  });

  it("behind two proxies walks back two hops", () => {
    expect(clientIp(req("10.0.0.3", "6.6.6.6, 198.51.100.7, 10.0.0.2"), 2)).toBe("198.51.100.7");
  });

  it("falls back to the peer when the header is missing, and never past the first entry", () => {
    expect(clientIp(req("10.0.0.2"), 1)).toBe("10.0.0.2");
    expect(clientIp(req("10.0.0.3", "198.51.100.7"), 3)).toBe("198.51.100.7");
  });
});
