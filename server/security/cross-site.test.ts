// Another site's page acting with a signed-in staff member's cookie (issue 9, items 4 and 5), over a
// real HTTP + WebSocket server: the WebSocket's Origin allowlist defaults to the app's own origin;
// even with CORS_ORIGIN=* a foreign page's socket gets no staff identity from the cookie; HTTP
// changes (tRPC and REST) from another origin or site are a 403, bearer-token calls excepted; and
// tRPC takes JSON only (a form post is a 415), so no request a page can send without a preflight
// reaches a procedure.
import { createTRPCClient, createWSClient, wsLink } from "@trpc/client";
import superjson from "superjson";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { env, parseEnv } from "../env.ts";
import { allowedOrigins, cookieAllowed, crossSiteRefusal, publicOrigin } from "../http/origin.ts";
import { startTestServer } from "../test/server.ts";
import type { AppRouter } from "../trpc/root.ts";
import { WS_PATH } from "../ws/ws-server.ts";
import {
  createHospital,
  dbSnapshot,
  freshIp,
  type Hospital,
  type Reply,
  request,
  sessionCookieFor,
  trpcError,
} from "./kit.ts";

type Server = Awaited<ReturnType<typeof startTestServer>>;
const EVIL = "https://evil.example";
let h: Hospital;
let server: Server;
const servers: Server[] = [];
const from = freshIp();

beforeAll(async () => {
  h = await createHospital([{ at: "00:00", name: "Cross Site Patient" }]);
  server = await startTestServer();
  servers.push(server);
});
afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
});

/** A fresh session of the hospital's receptionist (a sign-out in one test ends no other test's). */
const receptionCookie = () => sessionCookieFor(h.staff.RECEPTIONIST);

/** A POST as a browser page would send it: the cookie, and the page's Origin / Sec-Fetch-Site. */
function post(
  path: string,
  body: unknown,
  headers: Record<string, string | undefined>,
  contentType = "application/json",
): Promise<Reply> {
  return request(`${server.url}${path}`, {
    method: "POST",
    headers: { "content-type": contentType, ...headers },
    body: typeof body === "string" ? body : JSON.stringify(body),
    from,
  });
}

const me = async (cookie: string) =>
  JSON.parse((await request(`${server.url}/api/trpc/auth.me`, { headers: { cookie }, from })).text) as {
    result: { data: { json: { email: string } | null } };
  };

/** A tRPC client whose every call goes over one WebSocket opened with `origin` and `cookie`. */
function socketClient(url: string, cookie: string, origin?: string) {
  const wsClient = createWSClient({
    url: `${url.replace("http", "ws")}${WS_PATH}`,
    retryDelayMs: () => 60_000,
    WebSocket: class extends WebSocket {
      constructor(u: string | URL, protocols?: string | string[]) {
        super(u, protocols, { headers: { cookie }, ...(origin ? { origin } : {}), localAddress: from });
      }
    } as unknown as typeof globalThis.WebSocket,
  });
  const client = createTRPCClient<AppRouter>({
    links: [wsLink({ client: wsClient, transformer: superjson })],
  });
  return { client, close: () => wsClient.close() };
}

/** Opens a raw socket: "open", or the HTTP status that refused it. */
function upgrade(url: string, origin?: string): Promise<"open" | number> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(`${url.replace("http", "ws")}${WS_PATH}`, {
      ...(origin ? { origin } : {}),
      localAddress: from,
    });
    socket.once("open", () => {
      socket.close();
      resolve("open");
    });
    socket.once("unexpected-response", (_req, res) => resolve(res.statusCode ?? 0));
    socket.once("error", reject);
  });
}

describe("the WebSocket's Origin (item 4)", () => {
  it("by default lets in only the app's own origin (PUBLIC_URL's or the one addressed) and non-browser clients", async () => {
    expect(await upgrade(server.url, EVIL)).toBe(403);
    expect(await upgrade(server.url, "http://localhost.evil.example")).toBe(403);
    expect(await upgrade(server.url, "null")).toBe(403);
    expect(await upgrade(server.url, publicOrigin())).toBe("open");
    expect(await upgrade(server.url, server.url)).toBe("open");
    expect(await upgrade(server.url)).toBe("open");
    expect(env().CORS_ORIGIN).toBeUndefined();
  });

  it("with CORS_ORIGIN=* a foreign page may open a socket but its cookie identifies nobody", async () => {
    const open = await startTestServer({ allowedOrigins: "*" });
    servers.push(open);
    const before = await dbSnapshot([h.hospital.id]);
    const cookie = await receptionCookie();
    const foreign = socketClient(open.url, cookie, EVIL);
    try {
      // The attack: an emergency notice sent over the foreign page's socket.
      await expect(
        foreign.client.queue.emergency.mutate({
          doctorId: h.doctor.id,
          message: "Attacker's text",
          priority: "high",
          estimatedDelay: 10,
        }),
      ).rejects.toMatchObject({ data: { code: "UNAUTHORIZED" } });
      expect(await foreign.client.auth.me.query()).toBeNull();
      const feed = await new Promise<string>((resolve) => {
        const sub = foreign.client.queue.onBoard.subscribe(
          { date: h.date },
          {
            onData: () => {
              sub.unsubscribe();
              resolve("data");
            },
            onError: (err) => resolve(err.data?.code ?? err.message),
          },
        );
      });
      expect(feed).toBe("UNAUTHORIZED");
    } finally {
      foreign.close();
    }
    expect(await dbSnapshot([h.hospital.id])).toEqual(before);

    // The same cookie on a socket from the app's own page is the receptionist.
    const own = socketClient(open.url, cookie, open.url);
    try {
      expect(await own.client.auth.me.query()).toMatchObject({ email: h.staff.RECEPTIONIST.email });
    } finally {
      own.close();
    }
  });

  it("CORS_ORIGIN: unset means PUBLIC_URL's origin alone, `*` only when written so, anything else a list of origins", () => {
    const parse = (CORS_ORIGIN?: string) =>
      parseEnv({ CORS_ORIGIN, PUBLIC_URL: "https://clinic.example/queue", JWT_SECRET: "x".repeat(32) })
        .CORS_ORIGIN;
    expect(parse()).toBeUndefined();
    expect(allowedOrigins(parse())).toEqual([publicOrigin()]);
    expect(parse(" * ")).toBe("*");
    expect(parse("https://a.example/, http://b.example:8080/path")).toBe(
      "https://a.example,http://b.example:8080",
    );
    expect(() => parse("a.example")).toThrow(/CORS_ORIGIN must be "\*" or comma-separated origins/);
    expect(() => parse("*, https://a.example")).toThrow(/CORS_ORIGIN/);
  });

  it("honours a cookie only from the app's own origin or with no browser origin at all", () => {
    const host = { host: "127.0.0.1:8123" };
    expect(cookieAllowed({ ...host })).toBe(true);
    expect(cookieAllowed({ ...host, "sec-fetch-site": "same-origin" })).toBe(true);
    expect(cookieAllowed({ ...host, "sec-fetch-site": "none" })).toBe(true);
    expect(cookieAllowed({ ...host, origin: publicOrigin() })).toBe(true);
    expect(cookieAllowed({ ...host, origin: "http://127.0.0.1:8123" })).toBe(true);
    expect(cookieAllowed({ ...host, "sec-fetch-site": "cross-site" })).toBe(false);
    expect(cookieAllowed({ ...host, "sec-fetch-site": "same-site" })).toBe(false);
    expect(cookieAllowed({ ...host, origin: EVIL })).toBe(false);
    expect(cookieAllowed({ ...host, origin: "null" })).toBe(false);
    expect(cookieAllowed({ ...host, origin: "https://127.0.0.1:8123" })).toBe(false);
    expect(cookieAllowed({ host: "evil.example/x", origin: "http://evil.example" })).toBe(false);
    expect(crossSiteRefusal({ ...host, origin: "http://127.0.0.1:8123" })).toBeNull();
  });
});

describe("HTTP changes from another site (item 5)", () => {
  const emergency = (doctorId: string) => ({
    doctorId,
    message: "Attacker's text",
    priority: "high",
    estimatedDelay: 10,
  });

  it("refuses a cookie-authenticated tRPC change from a foreign origin or another site with 403 FORBIDDEN", async () => {
    const cookie = await receptionCookie();
    const before = await dbSnapshot([h.hospital.id]);
    const browsers: Record<string, Record<string, string>> = {
      "foreign Origin": { origin: EVIL },
      "foreign Origin, cross-site": { origin: EVIL, "sec-fetch-site": "cross-site" },
      // The attack came from a page on a sibling subdomain: same site, other origin.
      "same-site page": { origin: "http://board.localhost:8000", "sec-fetch-site": "same-site" },
      "cross-site, no Origin": { "sec-fetch-site": "cross-site" },
      "opaque Origin": { origin: "null" },
    };
    for (const [name, headers] of Object.entries(browsers)) {
      const reply = await post(
        "/api/trpc/queue.emergency",
        { json: emergency(h.doctor.id) },
        { cookie, ...headers },
      );
      expect(reply.status, `${name}: ${reply.text}`).toBe(403);
      expect(trpcError(reply), name).toMatchObject({
        code: "FORBIDDEN",
        reason: "CROSS_SITE_REQUEST",
        message: expect.stringMatching(/refused/),
      });
      expect(reply.headers["content-type"]).toMatch(/^application\/json/);
    }
    // A same-site page's attempt to sign the receptionist out: refused, the session lives on.
    const logout = await post(
      "/api/trpc/auth.logout",
      {},
      { cookie, origin: "http://board.localhost:8000", "sec-fetch-site": "same-site" },
    );
    expect(logout.status).toBe(403);
    expect(logout.headers["set-cookie"]).toBeUndefined();
    expect((await me(cookie)).result.data.json).toMatchObject({ email: h.staff.RECEPTIONIST.email });
    expect(await dbSnapshot([h.hospital.id])).toEqual(before);
  });

  it("refuses the same on the REST paths, in the REST envelope", async () => {
    const cookie = await receptionCookie();
    const before = await dbSnapshot([h.hospital.id]);
    const reply = await post(
      `/api/appointments/queue/emergency/${h.doctor.id}`,
      { message: "Attacker's text", priority: "high", estimatedDelay: 10 },
      { cookie, origin: EVIL, "sec-fetch-site": "cross-site" },
    );
    expect(reply.status, reply.text).toBe(403);
    expect(JSON.parse(reply.text)).toMatchObject({ success: false, error: { code: "CROSS_SITE_REQUEST" } });
    expect(await dbSnapshot([h.hospital.id])).toEqual(before);
  });

  it("lets the app's own pages (PUBLIC_URL's origin or the one addressed), non-browser clients and bearer calls through", async () => {
    const cookie = await receptionCookie();
    for (const headers of [
      { origin: server.url, "sec-fetch-site": "same-origin" },
      { origin: publicOrigin() },
      {},
    ]) {
      const notice = await post(
        "/api/trpc/queue.emergency",
        { json: emergency(h.doctor.id) },
        { cookie, ...headers },
      );
      expect(notice.status, notice.text).toBe(200);
      const clear = await post(
        "/api/trpc/queue.clearEmergency",
        { json: { doctorId: h.doctor.id } },
        { cookie, ...headers },
      );
      expect(clear.status, clear.text).toBe(200);
    }
    // A bearer token is not sent by a browser on its own: the procedure decides (here: unknown token).
    const bearer = await post(
      "/api/trpc/queue.clearEmergency",
      { json: { doctorId: h.doctor.id } },
      { authorization: "Bearer pq_not-a-real-token", origin: EVIL, "sec-fetch-site": "cross-site" },
    );
    expect(trpcError(bearer)?.code).toBe("UNAUTHORIZED");
  });

  it("takes JSON only: a form post, text/plain, urlencoded or no Content-Type is a 415 that changes nothing", async () => {
    const cookie = await receptionCookie();
    const boundary = "----pq";
    const multipart = `--${boundary}\r\nContent-Disposition: form-data; name="x"\r\n\r\n1\r\n--${boundary}--\r\n`;
    const bodies: [string | undefined, string][] = [
      [`multipart/form-data; boundary=${boundary}`, multipart],
      ["text/plain", "{}"],
      ["application/x-www-form-urlencoded", "a=1"],
      ["application/octet-stream", "{}"],
      [undefined, "{}"],
    ];
    for (const [type, body] of bodies) {
      const reply = await request(`${server.url}/api/trpc/auth.logout`, {
        method: "POST",
        headers: { cookie, "content-type": type },
        body,
        from,
      });
      expect(reply.status, `${type}: ${reply.text}`).toBe(415);
      expect(trpcError(reply), String(type)).toMatchObject({
        code: "UNSUPPORTED_MEDIA_TYPE",
        message: expect.stringMatching(/send JSON/),
      });
      expect(reply.headers["set-cookie"]).toBeUndefined();
    }
    // Still signed in: none of them reached auth.logout.
    expect((await me(cookie)).result.data.json).toMatchObject({ email: h.staff.RECEPTIONIST.email });
    // A query over GET needs no Content-Type.
    expect((await request(`${server.url}/api/trpc/auth.me`, { headers: { cookie }, from })).status).toBe(200);
  });
});
