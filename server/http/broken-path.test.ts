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
function get(path: string, headers: http.OutgoingHttpHeaders = {}) {
  return new Promise<{ status: number; type?: string; body: string }>((resolve, reject) => {
    http
      .get(`${base}${path}`, { headers }, (res) => {
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
      expect(reply.body).toMatch(/<h1[^>]*>This link does not work<\/h1>/);
      expect(reply.body).toContain('lang="en"');
      // The patient page's own look (its CSS), and no script: nothing on it changes.
      expect(reply.body).toContain('<main id="track"');
      expect(reply.body).not.toContain("<script");
      expect(reachedPages).not.toContain(path);
    },
  );

  it("in the patient page's language: its cookie first, then the browser's", async () => {
    const spanish = await get("/track/%E0", { "accept-language": "es-MX,es;q=0.9,en;q=0.5" });
    expect(spanish.status).toBe(400);
    expect(spanish.body).toContain('<html lang="es-MX"');
    expect(spanish.body).toMatch(/<h1[^>]*>Este enlace no funciona<\/h1>/);
    const hindi = await get("/track/%E0", { "accept-language": "es", cookie: "pq_locale=hi" });
    expect(hindi.body).toContain('lang="hi"');
    expect(hindi.body).toMatch(/<h1[^>]*>यह लिंक काम नहीं कर रहा<\/h1>/);
    // The switcher on the page (a GET form to the same path) chooses the language.
    expect(hindi.body).toContain('<form method="get"');
    // No script on this page: its apply button shows whether JavaScript is on or not.
    expect(hindi.body).toMatch(/<button type="submit"[^>]*>[^<]+<\/button><\/form>/);
    expect(hindi.body).not.toContain("<noscript><button");
    const chosen = await get("/track/%E0?lang=es", { cookie: "pq_locale=hi" });
    expect(chosen.body).toMatch(/<h1[^>]*>Este enlace no funciona<\/h1>/);
    // A cookie or header that makes no sense is English, never an error.
    for (const headers of [
      { cookie: "pq_locale=%E0" },
      { "accept-language": ";;q=x,*" },
      { cookie: "pq_locale=xx" },
    ]) {
      const reply = await get("/track/%", headers);
      expect(reply.status).toBe(400);
      expect(reply.body).toContain('lang="en"');
    }
  });

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

/** A request with any method, the path as written. */
function send(method: string, path: string) {
  return new Promise<{ status: number; allow?: string; body: string }>((resolve, reject) => {
    const req = http.request(`${base}${path}`, { method }, (res) => {
      let body = "";
      res.on("data", (c) => (body += c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, allow: res.headers.allow, body }));
    });
    req.on("error", reject);
    req.end();
  });
}

describe("methods no path answers", () => {
  // TRACE on /api/trpc/* and the REST paths was a 500 with an error logged (a probe, 2026-12-07).
  it.each(["TRACE", "PROPFIND", "MKCOL", "LOCK"])(
    "%s: 405 with Allow, on every kind of path",
    async (method) => {
      for (const path of ["/api/trpc/auth.me", "/api/appointments", "/health", "/track/x", "/"]) {
        const reply = await send(method, path);
        expect(reply.status, `${method} ${path}`).toBe(405);
        expect(reply.allow).toBe("GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS");
        expect(JSON.parse(reply.body).error.code).toBe("METHOD_NOT_SUPPORTED");
      }
      expect(reachedPages.filter((p) => p === "/track/x")).toHaveLength(0);
    },
  );
});
