// The tracking read's fast path against the procedure it stands in front of, over real HTTP: for
// every case (good link, malformed, tampered, expired, replaced, unknown appointment, per-link and
// per-IP limits) both must give the same status, body and headers, in the REST shape and in tRPC's
// (single and batch of one).
import http from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signTrackingToken } from "../auth/tracking-token.ts";
import { now as clockNow } from "../clock.ts";
import { getDb } from "../db/client.ts";
import { reissueTrackingLink } from "../services/links.ts";
import { checkIn } from "../services/queue-changes.ts";
import { createHospitalFixture } from "../test/fixtures.ts";
import { startTestServer } from "../test/server.ts";
import { uniqueExpiry } from "../test/unique-expiry.ts";
import { LIMITS } from "./rate-limit.ts";
import { setTrackingFastPath, trackingFastPathStats } from "./track-fast.ts";

let fx: Awaited<ReturnType<typeof createHospitalFixture>>;
let server: Awaited<ReturnType<typeof startTestServer>>;

beforeAll(async () => {
  fx = await createHospitalFixture({
    appointments: [
      { at: "09:00", paidMinutesBefore: 30 },
      { at: "09:10", paidMinutesBefore: 20 },
      { at: "10:00", paidMinutesBefore: null },
      { at: "10:20", status: "COMPLETED" },
    ],
  });
  server = await startTestServer();
});
afterAll(async () => {
  setTrackingFastPath(true);
  await server?.close();
});

type Reply = {
  status: number;
  body: string;
  headers: Record<string, string | undefined>;
  requestId?: string;
};

const NOT_COMPARED = new Set(["date", "x-request-id", "content-length", "transfer-encoding"]);

/** Loopback addresses of their own, so one case's per-IP count never meets another's. */
let nextHost = 10;
const freshIp = () => `127.0.${Math.floor(nextHost / 250)}.${(nextHost++ % 250) + 2}`;

function get(path: string, from = "127.0.0.1"): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = http.get(`${server.url}${path}`, { localAddress: from, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () =>
        resolve({
          status: res.statusCode ?? 0,
          body: Buffer.concat(chunks).toString("utf8"),
          // Every header (security headers included) but the two that differ per request and the
          // framing (tRPC's adapter streams its answer chunked; the fast path gives its length).
          // The fast path writes its own header block, which must be the procedure path's.
          headers: Object.fromEntries(
            Object.entries(res.headers)
              .filter(([name]) => !NOT_COMPARED.has(name))
              .map(([name, value]) => [name, String(value)]),
          ),
          requestId: String(res.headers["x-request-id"]),
        }),
      );
    });
    req.on("error", reject);
  });
}

const paths = (token: string) => ({
  rest: `/api/appointments/track/${token}`,
  trpc: `/api/trpc/tracking.get?input=${encodeURIComponent(JSON.stringify({ json: { token } }))}`,
  trpcBatch: `/api/trpc/tracking.get?batch=1&input=${encodeURIComponent(JSON.stringify({ 0: { json: { token } } }))}`,
});

async function viaProcedure(path: string, from?: string): Promise<Reply> {
  setTrackingFastPath(false);
  try {
    return await get(path, from);
  } finally {
    setTrackingFastPath(true);
  }
}

/** The same read through both paths (fast first); their replies must be equal. */
async function compare(token: string, from?: string) {
  const replies: Record<string, Reply> = {};
  for (const [format, path] of Object.entries(paths(token))) {
    const before = trackingFastPathStats().answered;
    const { requestId, ...fast } = await get(path, from);
    const answeredFast = trackingFastPathStats().answered > before;
    const { requestId: referenceId, ...reference } = await viaProcedure(path, from);
    expect({ format, ...fast }).toEqual({ format, ...reference });
    for (const id of [requestId, referenceId]) expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(requestId).not.toBe(referenceId);
    replies[format] = { ...fast, answeredFast } as Reply & { answeredFast: boolean };
  }
  return replies as Record<keyof ReturnType<typeof paths>, Reply & { answeredFast?: boolean }>;
}

/** A walk-in written straight to the database, as a change made by another instance whose bus message never came. */
async function bookBehindTheInstancesBack() {
  const db = getDb();
  const day = await db.queueDay.findUniqueOrThrow({ where: { id: fx.queueDay.id } });
  const patient = await db.patient.create({ data: { hospitalId: fx.hospital.id, name: "Late Walk-in" } });
  const appointment = await db.appointment.create({
    data: {
      hospitalId: fx.hospital.id,
      doctorId: fx.doctor.id,
      patientId: patient.id,
      queueDayId: fx.queueDay.id,
      ticket: day.nextTicket,
      scheduledAt: clockNow(),
      bookedAt: clockNow(),
      status: "BOOKED",
      priority: "NORMAL",
      source: "WALK_IN",
    },
  });
  await db.queueDay.update({
    where: { id: fx.queueDay.id },
    data: { nextTicket: day.nextTicket + 1, version: { increment: 1 } },
  });
  return appointment;
}

const claimsOf = (i: number) => {
  const a = fx.appointments[i]!;
  return {
    appointmentId: a.id,
    hospitalId: a.hospitalId,
    doctorId: a.doctorId,
    tokenVersion: a.tokenVersion,
  };
};
/** A token of its own (unique expiry), so no other case shares its per-link count. */
const tokenFor = (i: number, expiresInMs = 3_600_000) =>
  signTrackingToken(claimsOf(i), uniqueExpiry(expiresInMs));

describe("tracking read fast path", () => {
  it("answers a good link itself, with the procedure's exact bytes in all three shapes", async () => {
    const token = await tokenFor(1);
    const replies = await compare(token, freshIp());
    for (const reply of Object.values(replies)) {
      expect(reply.status).toBe(200);
      expect(reply.answeredFast).toBe(true);
    }
    expect(JSON.parse(replies.rest.body)).toMatchObject({ success: true, data: { queue: { position: 2 } } });
    expect(replies.rest.headers["cache-control"]).toBe("no-store");
    expect(JSON.parse(replies.trpcBatch.body)[0].result.data.json.queue.position).toBe(2);
    // A finished visit reads the same way too.
    const done = await compare(await tokenFor(3), freshIp());
    expect(done.rest.status).toBe(200);
    expect(done.rest.answeredFast).toBe(true);
  });

  it("hands bad links to the procedure: malformed, tampered and expired are the same 400", async () => {
    const good = await tokenFor(0);
    const tampered = `${good.slice(0, -2)}${good.endsWith("AA") ? "BB" : "AA"}`;
    const expired = await tokenFor(0, -3_600_000 - 2e6);
    for (const token of ["nonsense", "abc.def.ghi", tampered, expired]) {
      const replies = await compare(token, freshIp());
      for (const reply of Object.values(replies)) {
        expect(reply.status).toBe(400);
        expect(reply.answeredFast).toBe(false);
      }
      expect(JSON.parse(replies.rest.body).error.message).toMatch(
        token === expired ? /expired/ : /not valid/,
      );
    }
  });

  it("counts a read it hands over once: a bad link is refused after exactly the per-link limit", async () => {
    const bad = `x${Math.random().toString(36).slice(2)}.y.z`;
    const ip = freshIp();
    for (let i = 0; i < LIMITS.trackToken.points; i++)
      expect((await get(paths(bad).rest, ip)).status).toBe(400);
    expect((await get(paths(bad).rest, ip)).status).toBe(429);
  });

  it("refuses a replaced link at once, as the procedure does", async () => {
    const old = await tokenFor(2);
    const ip = freshIp();
    expect((await get(paths(old).trpcBatch, ip)).status).toBe(200);
    await reissueTrackingLink(fx.hospital.id, fx.appointments[2]!.id);
    const replies = await compare(old, ip);
    for (const reply of Object.values(replies)) {
      expect(reply.status).toBe(400);
      expect(reply.answeredFast).toBe(false);
    }
    expect(JSON.parse(replies.rest.body).error.message).toMatch(/replaced/);
  });

  it("gives the same 404 for an unknown appointment", async () => {
    const token = await signTrackingToken({ ...claimsOf(0), appointmentId: "no-such-appointment" });
    const replies = await compare(token, freshIp());
    for (const reply of Object.values(replies)) expect(reply.status).toBe(404);
  });

  /** A refused read through both paths: equal but for the wait (Retry-After and the message's seconds), which may tick between them. */
  async function compareRefusal(path: string, ip: string) {
    const fast = await get(path, ip);
    const reference = await viaProcedure(path, ip);
    expect(fast.status).toBe(429);
    const [a, b] = [fast, reference].map((r) => Number(r.headers["retry-after"]));
    expect(a).toBeGreaterThan(0);
    expect(Math.abs(a! - b!)).toBeLessThanOrEqual(1);
    const same = ({ requestId: _, ...r }: Reply) => ({
      ...r,
      body: r.body.replace(/wait \d+ s/, "wait n s"),
      headers: { ...r.headers, "retry-after": "n", "content-length": "n" },
    });
    expect(same(fast)).toEqual(same(reference));
    return fast;
  }

  it("keeps the per-link limit: the same 429 with Retry-After, counted once per read", async () => {
    const token = await tokenFor(1);
    const ip = freshIp();
    const path = paths(token).trpcBatch;
    for (let i = 0; i < LIMITS.trackToken.points; i++) expect((await get(path, ip)).status).toBe(200);
    await compareRefusal(path, ip);
    await compareRefusal(paths(token).trpc, ip);
    const rest = await get(paths(token).rest, ip);
    expect(rest.status).toBe(429);
    expect(JSON.parse(rest.body).error.code).toBe("TOO_MANY_REQUESTS");
    // Another link from the same address still reads.
    expect((await get(paths(await tokenFor(1)).rest, ip)).status).toBe(200);
  });

  it("keeps the per-IP limit across links, and the procedure path shares its count", async () => {
    const ip = freshIp();
    const perLink = LIMITS.trackToken.points - 1;
    const links = Math.ceil(LIMITS.trackIp.points / perLink);
    let ok = 0;
    for (let l = 0; l < links; l++) {
      const path = paths(await tokenFor(l % 2)).rest;
      for (let i = 0; i < perLink && ok < LIMITS.trackIp.points; i++) {
        // Every tenth read through the procedure path: both count against the same limit.
        const reply = i % 10 === 0 ? await viaProcedure(path, ip) : await get(path, ip);
        expect(reply.status).toBe(200);
        ok++;
      }
    }
    for (const path of Object.values(paths(await tokenFor(0)))) await compareRefusal(path, ip);
  });

  it("follows a queue change at once (the announced version, not the one before), then matches the procedure", async () => {
    const token = await tokenFor(0);
    const ip = freshIp();
    const before = JSON.parse((await get(paths(token).rest, ip)).body).data;
    await checkIn({ hospitalId: fx.hospital.id }, fx.appointments[0]!.id, "staff:test", { force: true });
    // The change has answered: the very next read already has its version.
    const after = JSON.parse((await get(paths(token).rest, ip)).body).data;
    expect(after.version).toBe(before.version + 1);
    expect(after.appointment.status).toBe("CHECKED_IN");
    // Once the shared cache holds the same build (at most a resync later), both paths agree byte for byte.
    await expect
      .poll(
        async () =>
          (await get(paths(token).rest, ip)).body === (await viaProcedure(paths(token).rest, ip)).body,
        {
          timeout: 5_000,
          interval: 250,
        },
      )
      .toBe(true);
  });

  it("leaves other request shapes to tRPC: a batch of two, fresh reads, streaming", async () => {
    const token = await tokenFor(0);
    const ip = freshIp();
    const before = trackingFastPathStats().answered;
    const two = encodeURIComponent(JSON.stringify({ 0: { json: { token } }, 1: { json: { token } } }));
    const batch = await get(`/api/trpc/tracking.get,tracking.get?batch=1&input=${two}`, ip);
    expect(batch.status).toBe(200);
    expect(JSON.parse(batch.body)).toHaveLength(2);
    const fresh = encodeURIComponent(JSON.stringify({ json: { token, fresh: true } }));
    expect((await get(`/api/trpc/tracking.get?input=${fresh}`, ip)).status).toBe(200);
    expect((await get(`/api/appointments/track/${token}?fresh=true`, ip)).status).toBe(200);
    expect(trackingFastPathStats().answered).toBe(before);
  });

  it("finds a booking newer than the instance's snapshot (made elsewhere while Redis was down): rebuilt from the database once, not a 404", async () => {
    // Both paths hold the queue day's snapshot as it is now.
    const ip = freshIp();
    expect((await get(paths(await tokenFor(0)).rest, ip)).status).toBe(200);
    expect((await viaProcedure(paths(await tokenFor(0)).rest, ip)).status).toBe(200);
    for (const path of ["fast", "procedure"] as const) {
      // Committed by "another instance": no cache invalidation, no bus message reaches this one.
      const booked = await bookBehindTheInstancesBack();
      const token = await signTrackingToken({
        appointmentId: booked.id,
        hospitalId: booked.hospitalId,
        doctorId: booked.doctorId,
        tokenVersion: booked.tokenVersion,
      });
      const reply =
        path === "fast" ? await get(paths(token).rest, ip) : await viaProcedure(paths(token).rest, ip);
      expect({ path, status: reply.status }).toEqual({ path, status: 200 });
      expect(JSON.parse(reply.body).data.appointment).toMatchObject({ id: booked.id, ticket: booked.ticket });
      // Both paths agree on it afterwards, in every shape.
      for (const r of Object.values(await compare(token, ip))) expect(r.status).toBe(200);
    }
  });
});
