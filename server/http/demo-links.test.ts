// GET /api/demo/links (npm run demo:links): today's tracking links of the demo hospital, only from
// this machine and never through a proxy on it (an attacker's probe, 2026-12-07, got every link by
// way of a forwarded request), and only where the demo is on.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { request } from "../security/kit.ts";
import { startTestServer } from "../test/server.ts";

let server: Awaited<ReturnType<typeof startTestServer>>;
const saved = process.env.PQ_DEMO_LINKS;

beforeAll(async () => {
  process.env.PQ_DEMO_LINKS = "1"; // as the e2e server turns it on
  server = await startTestServer();
});
afterAll(async () => {
  if (saved === undefined) delete process.env.PQ_DEMO_LINKS;
  else process.env.PQ_DEMO_LINKS = saved;
  await server?.close();
});

describe("the demo's links", () => {
  it("answer a request made on this machine", async () => {
    const reply = await request(`${server.url}/api/demo/links`, { from: "127.0.0.1" });
    expect(reply.status).toBe(200);
    expect(JSON.parse(reply.text)).toHaveProperty("links");
  });

  it.each([
    { "x-forwarded-for": "203.0.113.9" },
    { forwarded: "for=203.0.113.9" },
    { "x-forwarded-for": "127.0.0.1" },
  ])("are not there for a request a proxy forwarded (%o)", async (headers) => {
    const reply = await request(`${server.url}/api/demo/links`, { from: "127.0.0.1", headers });
    expect(reply.status).not.toBe(200);
    expect(reply.text).not.toContain("/track/");
  });
});
