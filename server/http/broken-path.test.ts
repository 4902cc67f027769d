// A page path whose %-escapes do not decode never reaches Next (which answered 500 "URI malformed"
// for /track/%E0, /track/%, /display/%E0, /reset/%: an attacker's probe, 2026-12-07): a 400 page.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pathDecodes } from "./router.ts";

let server: http.Server;
let base: string;
const reachedPages: string[] = [];

beforeAll(async () => {
  const { createAppServer } = await import("./router.ts");
  // Where Next would be: record what reaches it.
  server = createAppServer((req, res) => {
    reachedPages.push(req.url ?? "");
    res.writeHead(200, { "content-type": "text/plain" }).end("page");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

/** GET with the path sent exactly as written (fetch would re-encode it). */
function get(path: string) {
  return new Promise<{ status: number; type?: string; body: string }>((resolve, reject) => {
    http
      .get(`${base}${path}`, (res) => {
        let body = "";
        res.on("data", (c) => (body += c));
        res.on("end", () =>
          resolve({ status: res.statusCode ?? 0, type: res.headers["content-type"], body }),
        );
      })
      .on("error", reject);
  });
}

describe("page paths with broken escapes", () => {
  it.each(["/track/%E0", "/track/%", "/display/%E0", "/reset/%", "/track/%ff?lang=xx", "/%C0%AE"])(
    "%s: a 400 page, never passed on",
    async (path) => {
      const reply = await get(path);
      expect(reply.status).toBe(400);
      expect(reply.type).toMatch(/^text\/html/);
      expect(reply.body).toContain("This link is broken");
      expect(reachedPages).not.toContain(path);
    },
  );

  it("well-formed paths, escaped or not, go on to the pages", async () => {
    for (const path of ["/track/abc.def", "/display/doc%2D1?token=x", "/reset/%25", "/login?next=%E0"]) {
      expect((await get(path)).status, path).toBe(200);
      expect(reachedPages).toContain(path);
    }
  });

  it("pathDecodes looks at the path only", () => {
    expect(pathDecodes("/a?q=%E0")).toBe(true);
    expect(pathDecodes("/a%E0?q=1")).toBe(false);
  });
});
