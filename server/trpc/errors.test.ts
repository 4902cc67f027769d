// The one error mapping: every reason becomes a tRPC error of its status, and the reason reaches the
// client on every wire: queries and mutations over HTTP, subscriptions over the WebSocket (tRPC's
// adapter and the tracking fast path) and over SSE.
import { TRPCClientError } from "@trpc/client";
import { TRPCError } from "@trpc/server";
import { getHTTPStatusCodeFromError } from "@trpc/server/http";
import superjson from "superjson";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { now as clockNow } from "../clock.ts";
import { DomainError, REASONS, statusOf } from "../domain/errors.ts";
import { RateLimited } from "../http/rate-limit.ts";
import { createHospital, freshIp, type Hospital, subscribeOnce, trackingTokenFor } from "../security/kit.ts";
import { startTestServer, testClient } from "../test/server.ts";
import { reasonOf, toTRPCError } from "./errors.ts";
import type { AppRouter } from "./root.ts";

const HTTP_STATUS = { BAD_REQUEST: 400, UNAUTHORIZED: 401, FORBIDDEN: 403, NOT_FOUND: 404, CONFLICT: 409 };

describe("the mapping", () => {
  it("makes every reason a tRPC error of its status and HTTP status, keeping the reason and the message", () => {
    for (const reason of REASONS) {
      const error = toTRPCError(new DomainError(reason, `Refused: ${reason}.`));
      expect(error, reason).toBeInstanceOf(TRPCError);
      expect(error!.code, reason).toBe(statusOf(reason));
      expect(getHTTPStatusCodeFromError(error!), reason).toBe(HTTP_STATUS[statusOf(reason)]);
      expect(reasonOf(error!), reason).toBe(reason);
      expect(error!.message).toBe(`Refused: ${reason}.`);
    }
  });

  it("gives an error no domain reason explains tRPC's code as its reason", () => {
    const limited = toTRPCError(new RateLimited(7))!;
    expect([limited.code, reasonOf(limited)]).toEqual(["TOO_MANY_REQUESTS", "TOO_MANY_REQUESTS"]);
    const input = new TRPCError({ code: "BAD_REQUEST", cause: z.string().safeParse(1).error });
    expect(reasonOf(input)).toBe("BAD_REQUEST");
    // A domain error that reached tRPC unmapped is a fault: its reason would contradict the 500.
    const unmapped = new TRPCError({
      code: "INTERNAL_SERVER_ERROR",
      cause: new DomainError("QUEUE_PAUSED", "This doctor's queue is paused."),
    });
    expect(reasonOf(unmapped)).toBe("INTERNAL_SERVER_ERROR");
    expect(toTRPCError(new Error("anything else"))).toBeNull();
  });
});

describe("on the wire", () => {
  let h: Hospital;
  let server: Awaited<ReturnType<typeof startTestServer>>;
  let expiredLink: string;

  beforeAll(async () => {
    // Booked patients only: nobody is checked in, so "call next" has no one to call.
    h = await createHospital([{ at: "00:00" }, { at: "00:15" }]);
    server = await startTestServer();
    expiredLink = await trackingTokenFor(h.appointments[0]!, new Date(clockNow().getTime() - 60_000));
  });
  afterAll(async () => {
    await server?.close();
  });

  /** The tRPC client's error data (what a page's error handler reads). */
  async function refusal(call: Promise<unknown>) {
    const error = await call.then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(TRPCClientError);
    const { data, message } = error as TRPCClientError<AppRouter>;
    return { code: data?.code, httpStatus: data?.httpStatus, reason: data?.reason, message };
  }

  it("a query's error carries its reason", async () => {
    const c = testClient(server.url);
    try {
      expect(await refusal(c.client.tracking.get.query({ token: expiredLink }))).toEqual({
        code: "BAD_REQUEST",
        httpStatus: 400,
        reason: "LINK_EXPIRED",
        message: expect.stringMatching(/expired/),
      });
      // Refused by a middleware (no session) rather than a service: the same mapping.
      expect(await refusal(c.client.queue.board.query({}))).toMatchObject({
        code: "UNAUTHORIZED",
        reason: "SIGN_IN_REQUIRED",
      });
    } finally {
      c.close();
    }
  });

  it("a mutation's error carries its reason", async () => {
    const c = testClient(server.url, h.cookies.RECEPTIONIST);
    try {
      expect(await refusal(c.client.queue.callNext.mutate({ doctorId: h.doctor.id, date: h.date }))).toEqual({
        code: "CONFLICT",
        httpStatus: 409,
        reason: "NOBODY_WAITING",
        message: "Nobody is checked in and waiting.",
      });
      expect(
        await refusal(
          c.client.auth.login.mutate({ email: h.staff.ADMIN.email, password: "not the password" }),
        ),
      ).toMatchObject({ code: "UNAUTHORIZED", reason: "BAD_CREDENTIALS" });
    } finally {
      c.close();
    }
  });

  it("a subscription's error carries its reason over the WebSocket, on both paths", async () => {
    const from = freshIp();
    // The patient's tracking subscription: served by the fast path (server/ws/tracking-feed.ts).
    expect(
      await subscribeOnce(
        server.url,
        "tracking.onUpdate",
        { token: expiredLink, lastEventId: null },
        { from },
      ),
    ).toEqual({
      error: { code: "BAD_REQUEST", reason: "LINK_EXPIRED", message: expect.stringMatching(/expired/) },
    });
    // Any other subscription: tRPC's own adapter, refused inside the procedure and by a middleware.
    expect(
      await subscribeOnce(
        server.url,
        "display.onUpdate",
        { doctorId: h.doctor.id, token: h.trackingTokens[0], lastEventId: null },
        { from },
      ),
    ).toMatchObject({ error: { code: "BAD_REQUEST", reason: "DISPLAY_LINK_INVALID" } });
    expect(
      await subscribeOnce(
        server.url,
        "live.onDoctorDay",
        { doctorId: "cmissing000000000000000000" },
        {
          from,
          cookie: h.cookies.RECEPTIONIST,
        },
      ),
    ).toMatchObject({ error: { code: "NOT_FOUND", reason: "DOCTOR_NOT_FOUND" } });
    expect(
      await subscribeOnce(server.url, "live.onDoctorDay", { doctorId: h.doctor.id }, { from }),
    ).toMatchObject({ error: { code: "UNAUTHORIZED", reason: "SIGN_IN_REQUIRED" } });
  });

  it("a subscription ended by a change carries its reason: a reissued link is LINK_REPLACED", async () => {
    const patient = testClient(server.url, undefined, freshIp());
    const reception = testClient(server.url, h.cookies.RECEPTIONIST);
    try {
      const seen: string[] = [];
      let ended: { code?: string; reason?: string } | null = null;
      const sub = patient.client.tracking.onUpdate.subscribe(
        { token: h.trackingTokens[1]!, lastEventId: null },
        {
          onData: (e) => seen.push(e.id),
          onError: (err) => {
            ended = { code: err.data?.code, reason: err.data?.reason };
          },
        },
      );
      await expect.poll(() => seen.length, { timeout: 3_000 }).toBe(1);
      await reception.client.links.reissue.mutate({ appointmentId: h.appointments[1]!.id });
      await expect
        .poll(() => ended, { timeout: 3_000 })
        .toEqual({ code: "BAD_REQUEST", reason: "LINK_REPLACED" });
      sub.unsubscribe();
    } finally {
      patient.close();
      reception.close();
    }
  });

  it("a subscription's error carries its reason over SSE", async () => {
    const input = encodeURIComponent(
      JSON.stringify(superjson.serialize({ token: expiredLink, lastEventId: null })),
    );
    const abort = new AbortController();
    const res = await fetch(`${server.url}/api/trpc/tracking.onUpdate?input=${input}`, {
      headers: { accept: "text/event-stream" },
      signal: abort.signal,
    });
    expect(res.status).toBe(200);
    let text = "";
    const decoder = new TextDecoder();
    const reader = res.body!.getReader();
    const event = /event: serialized-error\ndata: (.*)\n/;
    while (!event.test(text)) {
      const { value, done } = await reader.read();
      if (done) break;
      text += decoder.decode(value, { stream: true });
    }
    abort.abort();
    const shape = superjson.deserialize<{ data: { code: string; reason: string } }>(
      JSON.parse(event.exec(text)?.[1] ?? "null"),
    );
    expect(shape.data).toMatchObject({ code: "BAD_REQUEST", reason: "LINK_EXPIRED" });
  });
});
