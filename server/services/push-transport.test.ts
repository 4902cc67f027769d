import type dns from "node:dns";
import { describe, expect, it, vi } from "vitest";
import {
  isPublicAddress,
  PushEndpointRefused,
  postToPushService,
  publicOnlyLookup,
} from "./push-transport.ts";

const A = (address: string): dns.LookupAddress => ({ address, family: address.includes(":") ? 6 : 4 });

describe("push transport: only a push service's public address", () => {
  it.each([
    ["127.0.0.1", false],
    ["10.1.2.3", false],
    ["172.20.0.1", false],
    ["192.168.1.10", false],
    ["169.254.169.254", false], // a cloud's metadata service
    ["100.64.0.1", false],
    ["0.0.0.0", false],
    ["224.0.0.1", false],
    ["255.255.255.255", false],
    ["::1", false],
    ["::", false],
    ["fd00::1", false],
    ["fe80::1", false],
    ["::ffff:127.0.0.1", false],
    ["::ffff:8.8.8.8", false],
    ["not an address", false],
    ["8.8.8.8", true],
    ["142.250.180.10", true],
    ["2a00:1450:4001:80b::200a", true],
  ])("%s: public %s", (address, expected) => {
    expect(isPublicAddress(address)).toBe(expected);
  });

  it("answers a name's public addresses only, and ENOTPUBLIC when it has none", async () => {
    const lookup = (answers: dns.LookupAddress[], all: boolean) =>
      new Promise<{ err: NodeJS.ErrnoException | null; address: unknown; family?: number }>((resolve) =>
        publicOnlyLookup(async () => answers)("push.example", { all }, (err, address, family) =>
          resolve({ err, address, family }),
        ),
      );
    const mixed = [A("127.0.0.1"), A("8.8.4.4"), A("fd00::1"), A("2a00:1450:4001:80b::200a")];
    expect((await lookup(mixed, true)).address).toEqual([A("8.8.4.4"), A("2a00:1450:4001:80b::200a")]);
    expect(await lookup(mixed, false)).toEqual({ err: null, address: "8.8.4.4", family: 4 });
    const none = await lookup([A("127.0.0.1"), A("10.0.0.1")], true);
    expect(none.err?.code).toBe("ENOTPUBLIC");
  });

  it("never connects to a name that points inside: the request fails before any connection", async () => {
    const resolve = vi.fn(async () => [A("127.0.0.1")]);
    const sent = postToPushService(
      "https://localhost.example/x",
      { method: "POST", headers: {}, body: new Uint8Array([1]) },
      { timeoutMs: 5_000, resolve },
    );
    await expect(sent).rejects.toMatchObject({ code: "ENOTPUBLIC" });
    expect(resolve).toHaveBeenCalledWith("localhost.example");
  });

  it.each([
    "https://push.example:9443/x", // another port
    "http://push.example/x", // not https
    "https://127.0.0.1/x", // an address that is not public, no lookup needed
    "https://[::1]/x",
    "https://169.254.169.254/latest/meta-data",
    "not a url",
  ])("refuses %s without a lookup", async (endpoint) => {
    const resolve = vi.fn(async () => [A("8.8.8.8")]);
    const sent = postToPushService(endpoint, { method: "POST", headers: {} }, { timeoutMs: 5_000, resolve });
    await expect(sent).rejects.toBeInstanceOf(PushEndpointRefused);
    expect(resolve).not.toHaveBeenCalled();
  });
});
