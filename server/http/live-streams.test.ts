// Subscriptions over plain HTTP (SSE) are bounded as WebSockets are: a staff member's open stream ends
// when the right to it ends (it went on sending the board, patient names and notes, after sign-out,
// deactivation or a revoked token: an attacker's probe, 2026-12-07), and one address holds at most
// MAX_STREAMS_PER_IP open streams (400 were all answered 200).
import http from "node:http";
import superjson from "superjson";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { until } from "../cache/testing/redis-server.ts";
import { getDb } from "../db/client.ts";
import { findStaffForSession } from "../db/staff-repo.ts";
import { freshIp, sessionCookieFor, trpcHttp } from "../security/kit.ts";
import { createHospitalFixture } from "../test/fixtures.ts";
import { startTestServer } from "../test/server.ts";
import { callerFor } from "../trpc/caller.ts";
import { holdStream, type LiveResponse, MAX_STREAMS_PER_IP, openStreams } from "./live-streams.ts";
import { RateLimited } from "./rate-limit.ts";

type Fixture = Awaited<ReturnType<typeof createHospitalFixture>>;
let fx: Fixture;
let server: Awaited<ReturnType<typeof startTestServer>>;

beforeAll(async () => {
  fx = await createHospitalFixture({ appointments: [{ at: "09:00" }, { at: "09:15" }] });
  server = await startTestServer();
});
afterAll(async () => {
  await server?.close();
});

type Stream = {
  status: number;
  retryAfter?: string;
  /** Whether the server has ended the response. */
  ended: () => boolean;
  /** What came so far. */
  text: () => string;
  close: () => void;
};

/** Opens queue.onBoard over SSE, as an integration's EventSource would; resolves once the headers came. */
function boardStream(headers: Record<string, string>, from = freshIp()): Promise<Stream> {
  const input = encodeURIComponent(JSON.stringify(superjson.serialize({ date: fx.date })));
  return new Promise((resolve, reject) => {
    let ended = false;
    let text = "";
    const req = http.get(
      `${server.url}/api/trpc/queue.onBoard?input=${input}`,
      { localAddress: from, agent: false, headers: { accept: "text/event-stream", ...headers } },
      (res) => {
        res.on("data", (chunk) => (text += chunk));
        res.on("close", () => (ended = true));
        res.on("error", () => (ended = true));
        resolve({
          status: res.statusCode ?? 0,
          retryAfter: res.headers["retry-after"] as string | undefined,
          ended: () => ended,
          text: () => text,
          close: () => req.destroy(),
        });
      },
    );
    req.on("error", (err) => (req.destroyed || ended ? undefined : reject(err)));
  });
}

async function newStaff(role: "RECEPTIONIST" | "ADMIN") {
  return getDb().staffUser.create({
    data: {
      hospitalId: fx.hospital.id,
      email: `${role.toLowerCase()}-${Math.random().toString(36).slice(2, 10)}@${fx.hospital.slug}.test`,
      name: role === "ADMIN" ? "Ada Admin" : "Rita Reception",
      passwordHash: "x",
      role,
    },
  });
}

const asStaff = async (id: string) => callerFor(await findStaffForSession(id));

/** An open stream that stays open, then ends within 1 s of `revoke`. */
async function expectEndsWith(headers: Record<string, string>, revoke: () => Promise<unknown>) {
  const stream = await boardStream(headers);
  expect(stream.status).toBe(200);
  await new Promise((r) => setTimeout(r, 300));
  expect(stream.ended()).toBe(false);
  await revoke();
  await until(stream.ended, 1_000, "the stream to end within 1 s");
  // And a new one with the same credentials is refused: over SSE tRPC answers 200 and sends the error.
  const again = await boardStream(headers);
  await until(again.ended, 1_000, "the refused stream to end");
  expect(again.text()).toContain("event: serialized-error");
  expect(again.text()).toContain('"httpStatus":401');
  expect(again.text()).not.toContain("Rita");
}

describe("a staff member's open SSE stream ends with their identity", () => {
  it("sign-out", async () => {
    const cookie = await sessionCookieFor(await newStaff("RECEPTIONIST"));
    await expectEndsWith({ cookie }, async () => {
      const out = await trpcHttp(server.url, "auth.logout", "mutation", null, { cookie });
      expect(out.status).toBe(200);
    });
  });

  it("deactivation", async () => {
    const staff = await newStaff("RECEPTIONIST");
    const admin = await asStaff((await newStaff("ADMIN")).id);
    await expectEndsWith({ cookie: await sessionCookieFor(staff) }, () =>
      admin.adminStaff.update({ staffId: staff.id, active: false }),
    );
  });

  it("a revoked API token", async () => {
    const staff = await newStaff("RECEPTIONIST");
    const caller = await asStaff(staff.id);
    const token = await caller.staff.createToken({ name: "feed", scopes: ["read"] });
    await expectEndsWith({ authorization: `Bearer ${token.secret}` }, () =>
      caller.staff.revokeToken({ tokenId: token.id }),
    );
  });

  it("a stream the identity still has the right to stays open", async () => {
    const staff = await newStaff("RECEPTIONIST");
    const cookie = await sessionCookieFor(staff);
    const mine = await boardStream({ cookie });
    const other = await newStaff("RECEPTIONIST");
    await trpcHttp(server.url, "auth.logout", "mutation", null, {
      cookie: await sessionCookieFor(other),
    });
    await new Promise((r) => setTimeout(r, 1_200));
    expect(mine.ended()).toBe(false);
    mine.close();
  });
});

describe(`open streams per address: at most ${MAX_STREAMS_PER_IP}`, () => {
  it("an open stream counts until it closes; past the cap, 429 with Retry-After, and a closed one frees its place", async () => {
    const cookie = await sessionCookieFor(await newStaff("RECEPTIONIST"));
    const from = freshIp();
    const first = await boardStream({ cookie }, from);
    expect(first.status).toBe(200);
    await until(() => openStreams(from) === 1, 1_000, "the stream to be counted");
    // Fill the rest of the address's places (as 199 more open streams would).
    const fillers = Array.from({ length: MAX_STREAMS_PER_IP - 1 }, () => fakeResponse());
    for (const f of fillers) holdStream(from, f.response);
    const refused = await boardStream({ cookie }, from);
    expect(refused.status).toBe(429);
    expect(Number(refused.retryAfter)).toBeGreaterThan(0);
    refused.close();
    // Another address is not affected.
    const elsewhere = await boardStream({ cookie });
    expect(elsewhere.status).toBe(200);
    elsewhere.close();
    first.close();
    await until(
      () => openStreams(from) === MAX_STREAMS_PER_IP - 1,
      1_000,
      "the closed stream to be released",
    );
    const next = await boardStream({ cookie }, from);
    expect(next.status).toBe(200);
    next.close();
    for (const f of fillers) f.close();
    await until(() => openStreams(from) === 0, 1_000, "every place to be released");
  });

  it("holdStream: refuses past the cap, releases once per response", () => {
    const ip = `test-${Math.random()}`;
    const a = fakeResponse();
    const b = fakeResponse();
    holdStream(ip, a.response, 2);
    holdStream(ip, b.response, 2);
    expect(() => holdStream(ip, fakeResponse().response, 2)).toThrow(RateLimited);
    a.close();
    a.close(); // a response closes once; a second "close" frees nothing more
    expect(openStreams(ip)).toBe(1);
    holdStream(ip, fakeResponse().response, 2);
    expect(openStreams(ip)).toBe(2);
    b.close();
    expect(openStreams(ip)).toBe(1);
  });
});

function fakeResponse(): { response: LiveResponse; close: () => void } {
  const listeners: (() => void)[] = [];
  return {
    response: { end: () => {}, onClose: (fn) => listeners.push(fn) },
    close: () => {
      for (const fn of listeners) fn();
    },
  };
}
