// Limits and observability over real HTTP: 429 with Retry-After, /metrics, WebSocket stats.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signSession } from "../auth/session.ts";
import { signTrackingToken } from "../auth/tracking-token.ts";
import { getDb } from "../db/client.ts";
import { env } from "../env.ts";
import { createHospitalFixture } from "../test/fixtures.ts";
import { startTestServer, testClient } from "../test/server.ts";
import { uniqueExpiry } from "../test/unique-expiry.ts";
import { routeOf } from "./metrics.ts";
import { LIMITS } from "./rate-limit.ts";

let fx: Awaited<ReturnType<typeof createHospitalFixture>>;
let server: Awaited<ReturnType<typeof startTestServer>>;

beforeAll(async () => {
  fx = await createHospitalFixture({ appointments: [{ at: "00:00", paidMinutesBefore: 10 }] });
  server = await startTestServer();
});
afterAll(async () => {
  await server?.close();
});

describe("rate limits", () => {
  it("answers 429 with Retry-After once a tracking link is read too often, and other links still work", async () => {
    const a = fx.appointments[0]!;
    // A token of its own (unique iat/exp), so no other test shares this limiter key.
    const token = await signTrackingToken(
      { appointmentId: a.id, hospitalId: a.hospitalId, doctorId: a.doctorId, tokenVersion: a.tokenVersion },
      uniqueExpiry(3_600_000),
    );
    const statuses: number[] = [];
    for (let i = 0; i < LIMITS.trackToken.points + 1; i++) {
      statuses.push((await fetch(`${server.url}/api/appointments/track/${token}`)).status);
    }
    expect(statuses.slice(0, LIMITS.trackToken.points).every((s) => s === 200)).toBe(true);
    const limited = await fetch(`${server.url}/api/appointments/track/${token}`);
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
    expect((await limited.json()).error.code).toBe("TOO_MANY_REQUESTS");

    const other = await signTrackingToken({
      appointmentId: a.id,
      hospitalId: a.hospitalId,
      doctorId: a.doctorId,
      tokenVersion: 1,
    });
    expect((await fetch(`${server.url}/api/appointments/track/${other}`)).status).toBe(200);
  });

  it("holds an account's sign-in from an address after repeated wrong passwords, with 429 over tRPC HTTP", async () => {
    const attempt = (password: string) =>
      fetch(`${server.url}/api/trpc/auth.login`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ json: { email: fx.receptionist.email, password } }),
      });
    for (let i = 0; i < LIMITS.loginAddress.points; i++) expect((await attempt("wrong")).status).toBe(401);
    const locked = await attempt(fx.password);
    expect(locked.status).toBe(429);
    expect(Number(locked.headers.get("retry-after"))).toBeGreaterThan(0);
  });
});

describe("observability", () => {
  it("serves Prometheus metrics with request durations, sockets and cache figures", async () => {
    // /metrics asks for METRICS_TOKEN (server/security/tenancy.test.ts checks the refusals).
    env().METRICS_TOKEN = "a-metrics-token-for-http-test";
    await fetch(`${server.url}/health`);
    const res = await fetch(`${server.url}/metrics`, {
      headers: { authorization: "Bearer a-metrics-token-for-http-test" },
    });
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(text).toContain(
      'pq_http_request_duration_seconds_count{method="GET",route="/health",status="200"}',
    );
    expect(text).toMatch(/pq_ws_connections \d+/);
    expect(text).toContain("pq_cache_requests_total");
    expect(text).toContain("pq_nodejs_eventloop_lag_seconds");
  });

  it("gives every answer a request id, keeping a sane one the caller sent", async () => {
    const own = await fetch(`${server.url}/health`, { headers: { "X-Request-Id": "edge-42" } });
    expect(own.headers.get("x-request-id")).toBe("edge-42");
    const fresh = await fetch(`${server.url}/api/trpc/nope`);
    expect(fresh.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("keeps tokens and ids out of route labels", () => {
    expect(routeOf("/api/appointments/track/eyJhbGciOi.abc.def")).toBe("/api/appointments/track/:token");
    expect(routeOf("/track/eyJ.x.y?x=1")).toBe("/track/:token");
    expect(routeOf("/api/trpc/queue.board,queue.doctors")).toBe("/api/trpc/batch");
  });

  it("reports WebSocket connections and rooms to admins only (the System figures)", async () => {
    expect((await fetch(`${server.url}/api/appointments/websocket/stats`)).status).toBe(401);
    const patient = testClient(server.url);
    const a = fx.appointments[0]!;
    const token = await signTrackingToken({
      appointmentId: a.id,
      hospitalId: a.hospitalId,
      doctorId: a.doctorId,
      tokenVersion: 1,
    });
    const sub = patient.client.tracking.onUpdate.subscribe(
      { token, lastEventId: null },
      { onData: () => {} },
    );
    const reception = `pq_session=${await signSession({ id: fx.receptionist.id, sessionVersion: 1 })}`;
    const refused = await fetch(`${server.url}/api/appointments/websocket/stats`, {
      headers: { cookie: reception },
    });
    expect(refused.status).toBe(403);
    const admin = await getDb().staffUser.create({
      data: {
        hospitalId: fx.hospital.id,
        email: `admin-${fx.hospital.slug}@test.local`,
        name: "Admin",
        passwordHash: "not-used",
        role: "ADMIN",
      },
    });
    const cookie = `pq_session=${await signSession({ id: admin.id, sessionVersion: 1 })}`;
    await expect
      .poll(async () => {
        const res = await fetch(`${server.url}/api/appointments/websocket/stats`, { headers: { cookie } });
        const body = await res.json();
        // Socket counts are instance-wide; rooms are the hospital's.
        return (
          body.data.connections >= 1 &&
          body.data.rooms.some((r: { subscribers: number }) => r.subscribers >= 1)
        );
      })
      .toBe(true);
    sub.unsubscribe();
    patient.close();
  });
});
