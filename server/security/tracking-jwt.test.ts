// Attacks on tracking links over real HTTP and a real WebSocket: each forged, stale or misused
// token is a 400 on the REST paths and tRPC tracking.get, ends the live subscription with
// BAD_REQUEST, and changes nothing. Tracking links are no staff credential, and the reverse.
import { exportSPKI, generateKeyPair, type JWTPayload, SignJWT } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signSession } from "../auth/session.ts";
import { signTrackingToken } from "../auth/tracking-token.ts";
import { now as clockNow } from "../clock.ts";
import { env } from "../env.ts";
import { startTestServer } from "../test/server.ts";
import {
  createHospital,
  dbSnapshot,
  freshIp,
  type Hospital,
  request,
  subscribeOnce,
  trackingTokenFor,
  trpcError,
  trpcHttp,
} from "./kit.ts";

let h: Hospital;
let other: Hospital;
let server: Awaited<ReturnType<typeof startTestServer>>;
const from = freshIp();
const attacks: Record<string, string> = {};

const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString("base64url");
const hmacKey = (secret: string) => new TextEncoder().encode(secret);

/** The claims of a real link to `h`'s first appointment, as the server signs them. */
function claims(extra: JWTPayload = {}): JWTPayload {
  const a = h.appointments[0]!;
  const now = Math.floor(clockNow().getTime() / 1000);
  return {
    sub: a.id,
    hid: a.hospitalId,
    did: a.doctorId,
    tv: a.tokenVersion,
    aud: "patient-queue:tracking",
    iss: "patient-queue",
    iat: now,
    exp: now + 3_600,
    ...extra,
  };
}
const signHs = (payload: JWTPayload, secret = env().JWT_SECRET) =>
  new SignJWT(payload).setProtectedHeader({ alg: "HS256" }).sign(hmacKey(secret));

beforeAll(async () => {
  h = await createHospital([{ at: "00:00", name: "Jwt Patient One" }, { at: "00:15" }]);
  other = await createHospital([{ at: "00:00" }]);
  server = await startTestServer();
  const valid = h.trackingTokens[0]!;
  const [header, payload, signature] = valid.split(".") as [string, string, string];
  const { publicKey, privateKey } = await generateKeyPair("RS256");
  const now = Math.floor(clockNow().getTime() / 1000);

  attacks["alg none, no signature"] = `${b64({ alg: "none", typ: "JWT" })}.${b64(claims())}.`;
  attacks["alg none, any signature"] = `${b64({ alg: "none", typ: "JWT" })}.${b64(claims())}.AAAA`;
  attacks["alg none, the real signature"] = `${b64({ alg: "none" })}.${payload}.${signature}`;
  attacks["RS256 with an attacker's key"] = await new SignJWT(claims())
    .setProtectedHeader({ alg: "RS256" })
    .sign(privateKey);
  attacks["HS256 keyed with an RSA public key"] = await signHs(claims(), await exportSPKI(publicKey));
  attacks["HS512 with the right secret"] = await new SignJWT(claims())
    .setProtectedHeader({ alg: "HS512" })
    .sign(hmacKey(env().JWT_SECRET));
  attacks["a wrong key"] = await signHs(claims(), "not-the-server-secret-0123456789abcdef");
  attacks.expired = await trackingTokenFor(h.appointments[0]!, new Date(clockNow().getTime() - 60_000));
  // A link naming its appointment's time lives on past its expiry only if the appointment moved later.
  attacks["expired, naming its appointment's time"] = await signTrackingToken(
    {
      appointmentId: h.appointments[0]!.id,
      hospitalId: h.appointments[0]!.hospitalId,
      doctorId: h.appointments[0]!.doctorId,
      tokenVersion: h.appointments[0]!.tokenVersion,
      scheduledAt: h.appointments[0]!.scheduledAt,
    },
    new Date(clockNow().getTime() - 60_000),
  );
  attacks["expired, naming its time, another audience"] = await signHs(
    claims({
      aud: "patient-queue:display",
      sa: Math.floor(h.appointments[0]!.scheduledAt.getTime() / 1000),
      exp: now - 60,
    }),
  );
  attacks["not yet valid (nbf)"] = await signHs(claims({ nbf: now + 3_600 }));
  attacks["issued in the future (iat)"] = await signHs(claims({ iat: now + 3_600, exp: now + 7_200 }));
  attacks["another audience"] = await signHs(claims({ aud: "patient-queue:display" }));
  attacks["the staff audience"] = await signHs(claims({ aud: "patient-queue:staff" }));
  attacks["another issuer"] = await signHs(claims({ iss: "someone-else" }));
  attacks["no expiry"] = await signHs(claims({ exp: undefined }));
  attacks["tampered payload (another appointment)"] =
    `${header}.${b64(claims({ sub: h.appointments[1]!.id }))}.${signature}`;
  attacks["tampered payload (token version)"] = `${header}.${b64(claims({ tv: 99 }))}.${signature}`;
  attacks["tampered header"] = `${b64({ alg: "HS256", typ: "JWT", kid: "x" })}.${payload}.${signature}`;
  attacks["another hospital's claims, right key"] = await signHs(claims({ hid: other.hospital.id }));
  // The doctor a link names is the one it was issued for: a reschedule to another doctor keeps the
  // link (server/ws/tracking-reschedule.test.ts), so the doctor claim is not compared.
  attacks["a staff session token"] = await signSession({ id: h.staff.RECEPTIONIST.id, sessionVersion: 1 });
  attacks["a waiting-room display link"] = h.displayToken;

  // A reissue (by staff, over HTTP) revokes the link the patient had.
  const revoked = h.trackingTokens[1]!;
  const reissue = await trpcHttp(
    server.url,
    "links.reissue",
    "mutation",
    { appointmentId: h.appointments[1]!.id },
    { cookie: h.cookies.RECEPTIONIST, from },
  );
  expect(reissue.status).toBe(200);
  attacks["a revoked version (after a reissue)"] = revoked;
});
afterAll(async () => {
  await server?.close();
});

describe("forged, stale and misused tracking links", () => {
  it("the real link works on every surface (the control)", async () => {
    const token = h.trackingTokens[0]!;
    expect((await request(`${server.url}/api/appointments/track/${token}`, { from })).status).toBe(200);
    expect((await trpcHttp(server.url, "tracking.get", "query", { token }, { from })).status).toBe(200);
    expect(
      await subscribeOnce(server.url, "tracking.onUpdate", { token, lastEventId: null }, { from }),
    ).toHaveProperty("data");
  });

  it("every attack is a 400 on REST, tRPC and the WebSocket, and nothing changes", async () => {
    const before = await dbSnapshot([h.hospital.id, other.hospital.id]);
    const outcomes: Record<string, unknown> = {};
    for (const [name, token] of Object.entries(attacks)) {
      const track = await request(`${server.url}/api/appointments/track/${encodeURIComponent(token)}`, {
        from,
      });
      const refresh = await request(
        `${server.url}/api/appointments/refresh-queue/${encodeURIComponent(token)}`,
        {
          from,
        },
      );
      const rpc = await trpcHttp(server.url, "tracking.get", "query", { token }, { from });
      const live = await subscribeOnce(
        server.url,
        "tracking.onUpdate",
        { token, lastEventId: null },
        { from },
      );
      outcomes[name] = {
        rest: [track.status, JSON.parse(track.text).error?.code],
        refresh: refresh.status,
        trpc: [rpc.status, trpcError(rpc)?.code, trpcError(rpc)?.reason],
        ws: "error" in live ? [live.error.code, live.error.reason] : "data" in live ? "DATA" : "TIMEOUT",
      };
    }
    // The reason the page words for the patient: expired, replaced by a reissue, or not valid.
    const reasonOf = (name: string) =>
      name === "expired" || name === "expired, naming its appointment's time"
        ? "LINK_EXPIRED"
        : name.startsWith("a revoked version")
          ? "LINK_REPLACED"
          : "LINK_INVALID";
    const expected = Object.fromEntries(
      Object.keys(attacks).map((name) => [
        name,
        {
          rest: [400, reasonOf(name)],
          refresh: 400,
          trpc: [400, "BAD_REQUEST", reasonOf(name)],
          ws: ["BAD_REQUEST", reasonOf(name)],
        },
      ]),
    );
    expect(outcomes).toEqual(expected);
    expect(await dbSnapshot([h.hospital.id, other.hospital.id])).toEqual(before);
  });

  it("the messages tell the patient what to do, and an expired link says so", async () => {
    const expired = await request(`${server.url}/api/appointments/track/${attacks.expired}`, { from });
    expect(JSON.parse(expired.text).error.message).toMatch(/expired/);
    const revoked = await request(
      `${server.url}/api/appointments/track/${attacks["a revoked version (after a reissue)"]}`,
      { from },
    );
    expect(JSON.parse(revoked.text).error.message).toMatch(/replaced/);
  });
});

describe("tracking links and staff credentials do not mix", () => {
  it("a tracking link is no session cookie and no bearer token: 401, on tRPC, REST and the WebSocket", async () => {
    const before = await dbSnapshot([h.hospital.id]);
    const link = h.trackingTokens[0]!;
    // A link signed like a session in every other way (same key): still not a session.
    const linkLike = await signTrackingToken({
      appointmentId: h.staff.RECEPTIONIST.id,
      hospitalId: h.hospital.id,
      doctorId: h.doctor.id,
      tokenVersion: 1,
    });
    for (const token of [link, linkLike]) {
      const cookie = `pq_session=${token}`;
      const board = await trpcHttp(server.url, "queue.board", "query", {}, { cookie, from });
      expect(trpcError(board)?.code).toBe("UNAUTHORIZED");
      const walkIn = await trpcHttp(
        server.url,
        "queue.walkIn",
        "mutation",
        { doctorId: h.doctor.id, patientName: "Mallory", idempotencyKey: "jwt-attack-01" },
        { cookie, from },
      );
      expect(walkIn.status).toBe(401);
      const me = await trpcHttp(server.url, "auth.me", "query", undefined, { cookie, from });
      expect(JSON.parse(me.text).result.data.json).toBeNull();
      for (const headers of [{ cookie }, { authorization: `Bearer ${token}` }]) {
        const rest = await request(`${server.url}/api/appointments/queue/slot-based/${h.doctor.id}`, {
          headers,
          from,
        });
        expect(rest.status).toBe(401);
        const book = await request(`${server.url}/api/appointments`, {
          method: "POST",
          headers: { ...headers, "content-type": "application/json" },
          body: JSON.stringify({
            doctorId: h.doctor.id,
            patientName: "Mallory",
            scheduledAt: clockNow().toISOString(),
            idempotencyKey: "jwt-attack-02",
          }),
          from,
        });
        expect(book.status).toBe(401);
      }
      const live = await subscribeOnce(server.url, "queue.onBoard", {}, { cookie, from });
      expect(live).toMatchObject({ error: { code: "UNAUTHORIZED" } });
    }
    expect(await dbSnapshot([h.hospital.id])).toEqual(before);
  });
});
