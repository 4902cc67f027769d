// Pages rendered by Next on a visitor's behalf (the patient page, the waiting-room screen) count
// against that visitor's per-IP limits: the custom server hands Next the address it determined.
import type { AddressInfo } from "node:net";
import { describe, expect, it } from "vitest";
import { CLIENT_IP_HEADER } from "../trpc/context.ts";
import { createAppServer } from "./router.ts";

describe("client address handed to Next", () => {
  it("is the server's own finding, whatever the client sent in that header", async () => {
    const server = createAppServer((req, res) => res.end(String(req.headers[CLIENT_IP_HEADER])));
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/some/page`;
    try {
      const plain = await (await fetch(url)).text();
      expect(plain).toBe("127.0.0.1");
      const spoofed = await (await fetch(url, { headers: { [CLIENT_IP_HEADER]: "6.6.6.6" } })).text();
      expect(spoofed).toBe("127.0.0.1");
    } finally {
      server.close();
    }
  });
});
