// Security headers on every response of the custom server (issue 9, item 7), over real HTTP: our
// routes (tRPC, its tracking fast path, REST, /health) and what it hands to Next (a stand-in here
// that reports the request headers Next would see). Checked in Chromium against the built pages
// too (README, Security): no CSP violation on /login, /board, /track/<token> or /display.
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { env } from "../env.ts";
import { createAppServer } from "../http/router.ts";
import { contentSecurityPolicy } from "../http/security-headers.ts";
import { startTestServer } from "../test/server.ts";
import { createHospital, freshIp, type Hospital, type Reply, request } from "./kit.ts";

let h: Hospital;
let server: Awaited<ReturnType<typeof startTestServer>>;
/** A server whose "Next" answers with the CSP request header it was handed. */
let pages: { url: string; close: () => Promise<void> };
const from = freshIp();

beforeAll(async () => {
  h = await createHospital([{ at: "00:00", name: "Header Patient" }]);
  server = await startTestServer();
  const app = createAppServer((req, res) => {
    res.writeHead(200, { "Content-Type": "text/plain" });
    res.end(String(req.headers["content-security-policy"] ?? ""));
  });
  await new Promise<void>((r) => app.listen(0, "127.0.0.1", r));
  pages = {
    url: `http://127.0.0.1:${(app.address() as AddressInfo).port}`,
    close: () => new Promise<void>((r) => app.close(() => r())),
  };
});
afterAll(async () => {
  await server?.close();
  await pages?.close();
});

const get = (url: string, headers: Record<string, string> = {}) => request(url, { headers, from });
const trpcGet = (path: string, input: unknown) =>
  get(`${server.url}/api/trpc/${path}?input=${encodeURIComponent(JSON.stringify({ json: input }))}`);

/** The CSP's directives by name. */
function csp(reply: Reply): Record<string, string[]> {
  const value = String(reply.headers["content-security-policy"] ?? "");
  return Object.fromEntries(
    value
      .split(";")
      .map((d) => d.trim().split(/\s+/))
      .filter((d) => d[0])
      .map(([name, ...sources]) => [name!, sources]),
  );
}

function expectBaseHeaders(reply: Reply, what: string) {
  expect(reply.headers["x-content-type-options"], what).toBe("nosniff");
  expect(reply.headers["x-frame-options"], what).toBe("DENY");
  expect(csp(reply)["frame-ancestors"], what).toEqual(["'none'"]);
  expect(reply.headers["permissions-policy"], what).toMatch(/camera=\(\), microphone=\(\), geolocation=\(\)/);
  expect(reply.headers["referrer-policy"], what).toMatch(/^(no-referrer|strict-origin-when-cross-origin)$/);
  // PUBLIC_URL is http here: no HSTS.
  expect(reply.headers["strict-transport-security"], what).toBeUndefined();
}

describe("our routes", () => {
  it("every tRPC, REST and health answer carries the headers; those with personal data are no-store", async () => {
    const token = h.trackingTokens[0]!;
    const replies: Record<string, Reply> = {
      // The tracking read's fast path, twice (the second is answered from memory).
      "tRPC tracking.get": await trpcGet("tracking.get", { token }),
      "tRPC tracking.get again": await trpcGet("tracking.get", { token }),
      "tRPC auth.me": await get(`${server.url}/api/trpc/auth.me`, { cookie: h.cookies.RECEPTIONIST }),
      "tRPC queue.board": await get(
        `${server.url}/api/trpc/queue.board?input=${encodeURIComponent(JSON.stringify({ json: { date: h.date } }))}`,
        { cookie: h.cookies.RECEPTIONIST },
      ),
      "tRPC error": await trpcGet("tracking.get", { token: "not-a-token" }),
      "REST track": await get(`${server.url}/api/appointments/track/${token}`),
      "REST statistics": await get(
        `${server.url}/api/appointments/queue/statistics/${h.doctor.id}?date=${h.date}`,
        { cookie: h.cookies.RECEPTIONIST },
      ),
      "tRPC mutation": await request(`${server.url}/api/trpc/auth.logout`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: "{}",
        from,
      }),
      health: await get(`${server.url}/health`),
    };
    expect(replies["tRPC tracking.get"]!.status).toBe(200);
    expect(replies["tRPC tracking.get again"]!.status).toBe(200);
    expect(replies["tRPC queue.board"]!.text).toContain("Header Patient");
    expect(replies["REST statistics"]!.status).toBe(200);
    for (const [what, reply] of Object.entries(replies)) {
      expectBaseHeaders(reply, what);
      expect(reply.headers["cache-control"], what).toMatch(/no-store/);
      if (what.startsWith("tRPC") || what.startsWith("REST")) {
        // JSON answers load nothing and may be framed by nothing.
        expect(csp(reply)["default-src"], what).toEqual(["'none'"]);
        expect(reply.headers["referrer-policy"], what).toBe("strict-origin-when-cross-origin");
      }
    }
  });
});

describe("pages (handed to Next)", () => {
  it("a page gets a CSP with a fresh nonce, and Next is handed that same policy to mark its scripts", async () => {
    const a = await get(`${pages.url}/board`);
    const b = await get(`${pages.url}/board`);
    const policy = csp(a);
    const nonce = policy["script-src"]!.find((s) => s.startsWith("'nonce-"));
    expect(nonce).toMatch(/^'nonce-[A-Za-z0-9+/]{22}==?'$/);
    expect(csp(b)["script-src"]).not.toContain(nonce);
    expect(a.text).toBe(a.headers["content-security-policy"]);
    expect(policy["default-src"]).toEqual(["'self'"]);
    expect(policy["script-src"]).toContain("'self'");
    expect(policy["script-src"]).not.toContain("'unsafe-inline'");
    expect(policy["object-src"]).toEqual(["'none'"]);
    expect(policy["base-uri"]).toEqual(["'self'"]);
    expect(policy["form-action"]).toEqual(["'self'"]);
    expect(policy["img-src"]).toEqual(["'self'", "data:", "blob:"]);
    // The live updates' socket: PUBLIC_URL's origin and the one the page was loaded from.
    expect(policy["connect-src"]).toEqual(["'self'", "ws://localhost:8000", pages.url.replace("http", "ws")]);
    expectBaseHeaders(a, "/board");
    expect(a.headers["cache-control"]).toBe("no-store");
    expect(a.headers["referrer-policy"]).toBe("strict-origin-when-cross-origin");
  });

  it("a nonce a client sends is never the one Next is handed", async () => {
    const forged = "default-src 'self'; script-src 'nonce-forged'";
    const page = await get(`${pages.url}/login`, { "content-security-policy": forged });
    expect(page.text).not.toContain("forged");
    expect(page.text).toBe(page.headers["content-security-policy"]);
  });

  it("the token-carrying pages (/track, /display) send no Referer and are no-store", async () => {
    for (const path of ["/track/some.token.here", "/track/x?lang=es", "/display", "/display/d1?token=t"]) {
      const reply = await get(`${pages.url}${path}`);
      expect(reply.headers["referrer-policy"], path).toBe("no-referrer");
      expect(reply.headers["cache-control"], path).toBe("no-store");
      expectBaseHeaders(reply, path);
    }
    expect((await get(`${pages.url}/tracker`)).headers["referrer-policy"]).toBe(
      "strict-origin-when-cross-origin",
    );
  });

  it("static files keep their own caching and are handed no nonce", async () => {
    for (const path of [
      "/_next/static/chunks/app.js",
      "/patient/track.0123456789ab.js",
      "/sw.js",
      "/icon.svg",
    ]) {
      const reply = await get(`${pages.url}${path}`);
      expect(reply.headers["cache-control"], path).toBeUndefined();
      expect(reply.text, path).toBe("");
      expectBaseHeaders(reply, path);
    }
  });
});

describe("the policy by configuration", () => {
  const g = globalThis as unknown as { __pqEnv?: ReturnType<typeof env> };
  const withEnv = async (patch: Partial<ReturnType<typeof env>>, run: () => Promise<void> | void) => {
    const saved = env();
    g.__pqEnv = { ...saved, ...patch };
    try {
      await run();
    } finally {
      g.__pqEnv = saved;
    }
  };

  it("allows eval only outside production (Next's development server needs it)", async () => {
    expect(contentSecurityPolicy({}, null)).toContain("'unsafe-eval'");
    await withEnv({ NODE_ENV: "production" }, () => {
      expect(contentSecurityPolicy({}, null)).not.toContain("unsafe-eval");
    });
  });

  it("an https PUBLIC_URL adds HSTS, upgrade-insecure-requests and the wss socket", async () => {
    await withEnv({ PUBLIC_URL: "https://clinic.example", NODE_ENV: "production" }, async () => {
      const reply = await get(`${pages.url}/board`);
      expect(reply.headers["strict-transport-security"]).toBe("max-age=31536000; includeSubDomains");
      expect(csp(reply)["upgrade-insecure-requests"]).toEqual([]);
      expect(csp(reply)["connect-src"]).toContain("wss://clinic.example");
      const api = await get(`${pages.url}/api/trpc/auth.me`);
      expect(api.headers["strict-transport-security"]).toBe("max-age=31536000; includeSubDomains");
    });
  });
});
