// The limits server/http/http.test.ts and the WebSocket tests do not already reach: tracking reads
// per IP (REST, tRPC and the waiting-room display share it), tracking per link over tRPC, sign-in
// per IP, wrong passwords held per (account, address) pair (not locking the account for everyone:
// server/security/sign-in.test.ts has the account-wide limit), and new WebSocket connections
// per IP. The (N+1)th request in the window is a 429 with Retry-After. Each test sends from a
// loopback address of its own, so its counters start at zero and no other test's are touched.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { LIMITS } from "../http/rate-limit.ts";
import { startTestServer } from "../test/server.ts";
import { uniqueExpiry } from "../test/unique-expiry.ts";
import { WS_PATH } from "../ws/ws-server.ts";
import {
  createHospital,
  freshIp,
  type Hospital,
  type Reply,
  request,
  trackingTokenFor,
  trpcHttp,
} from "./kit.ts";

let h: Hospital;
let server: Awaited<ReturnType<typeof startTestServer>>;

beforeAll(async () => {
  h = await createHospital([{ at: "00:00" }]);
  server = await startTestServer();
});
afterAll(async () => {
  await server?.close();
});

function expectLimited(reply: Reply, what: string) {
  expect(reply.status, `${what}: ${reply.text}`).toBe(429);
  expect(Number(reply.headers["retry-after"]), what).toBeGreaterThan(0);
}

/** Sends `n` requests, `width` at a time. */
async function burst(n: number, send: (i: number) => Promise<Reply>, width = 20) {
  const statuses: number[] = [];
  for (let i = 0; i < n; i += width) {
    const batch = Array.from({ length: Math.min(width, n - i) }, (_, j) => send(i + j));
    statuses.push(...(await Promise.all(batch)).map((r) => r.status));
  }
  return statuses;
}

describe("public tracking", () => {
  it(`per IP: ${LIMITS.trackIp.points} reads a minute, then 429 on REST, tRPC and the display, other addresses unaffected`, async () => {
    const from = freshIp();
    // Every read names another (bad) link, so only the per-IP counter can run out.
    const statuses = await burst(LIMITS.trackIp.points, (i) =>
      request(`${server.url}/api/appointments/track/not.a${i}.link`, { from }),
    );
    expect(new Set(statuses)).toEqual(new Set([400]));
    expectLimited(await request(`${server.url}/api/appointments/track/not.another.link`, { from }), "REST");
    expectLimited(
      await request(`${server.url}/api/appointments/refresh-queue/${h.trackingTokens[0]}`, { from }),
      "refresh-queue",
    );
    expectLimited(
      await trpcHttp(server.url, "tracking.get", "query", { token: h.trackingTokens[0] }, { from }),
      "tRPC tracking.get",
    );
    expectLimited(
      await trpcHttp(
        server.url,
        "display.get",
        "query",
        { doctorId: h.doctor.id, token: h.displayToken },
        { from },
      ),
      "tRPC display.get",
    );
    const elsewhere = await request(`${server.url}/api/appointments/track/${h.trackingTokens[0]}`, {
      from: freshIp(),
    });
    expect(elsewhere.status).toBe(200);
    // 600 requests on fresh connections: 7 s on a quiet machine, 14 s with another test file running
    // beside it, over 20 s with both under libfaketime. A limit on time, not on speed (well inside
    // the minute the counter lasts).
  }, 50_000);

  it(`per link over tRPC: ${LIMITS.trackToken.points} reads a minute, then 429`, async () => {
    const from = freshIp();
    // A link of its own (another expiry), so no other test shares the per-link counter.
    const token = await trackingTokenFor(h.appointments[0]!, uniqueExpiry(7_200_000));
    const statuses = await burst(LIMITS.trackToken.points, () =>
      trpcHttp(server.url, "tracking.get", "query", { token }, { from }),
    );
    expect(new Set(statuses)).toEqual(new Set([200]));
    expectLimited(
      await trpcHttp(server.url, "tracking.get", "query", { token }, { from: freshIp() }),
      "same link",
    );
  });
});

describe("sign-in", () => {
  const login = (email: string, password: string, from: string) =>
    trpcHttp(server.url, "auth.login", "mutation", { email, password }, { from });

  it(`per IP: ${LIMITS.loginIp.points} attempts, then 429 even with the right password`, async () => {
    const from = freshIp();
    const statuses = await burst(
      LIMITS.loginIp.points,
      (i) => login(`nobody-${i}@test.local`, "wrong", from),
      10,
    );
    expect(new Set(statuses)).toEqual(new Set([401]));
    expectLimited(await login(h.staff.ADMIN.email, "a long password", from), "sign-in per IP");
    expect((await login(h.staff.ADMIN.email, "a long password", freshIp())).status).toBe(200);
  });

  it("wrong passwords hold the (account, address) pair: not the account from elsewhere, nor other accounts", async () => {
    const from = freshIp();
    const victim = h.staff.DOCTOR.email;
    for (let i = 0; i < LIMITS.loginAddress.points; i++)
      expect((await login(victim, "wrong", from)).status).toBe(401);
    expectLimited(await login(victim, "a long password", from), "held pair, same address");
    expect((await login(victim, "a long password", freshIp())).status).toBe(200);
    expect((await login(h.staff.RECEPTIONIST.email, h.password, from)).status).toBe(200);
  });
});

describe("WebSocket connections", () => {
  /** Opens and closes one socket from `from`; the status that refused it, or 101. */
  const open = (from: string) =>
    new Promise<{ status: number; retryAfter?: string }>((resolve, reject) => {
      const socket = new WebSocket(`${server.url.replace("http", "ws")}${WS_PATH}`, { localAddress: from });
      socket.once("open", () => {
        socket.close();
        resolve({ status: 101 });
      });
      socket.once("unexpected-response", (_req, res) =>
        resolve({ status: res.statusCode ?? 0, retryAfter: res.headers["retry-after"] }),
      );
      socket.once("error", reject);
    });

  it(`per IP: ${LIMITS.wsIp.points} new connections a minute, then 429 with Retry-After; other addresses connect`, async () => {
    const from = freshIp();
    const statuses: number[] = [];
    for (let i = 0; i < LIMITS.wsIp.points; i++) statuses.push((await open(from)).status);
    expect(new Set(statuses)).toEqual(new Set([101]));
    const refused = await open(from);
    expect(refused.status).toBe(429);
    expect(Number(refused.retryAfter)).toBeGreaterThan(0);
    expect((await open(freshIp())).status).toBe(101);
  });
});
