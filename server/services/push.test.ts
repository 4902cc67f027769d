// Web Push end to end, as the protocol is: a browser's subscription goes in through the REST path
// from the tracking link; queue changes send to the push service (a local stand-in,
// server/test/push-service.ts, that verifies the VAPID JWT and decrypts the RFC 8291 payload as a
// browser would). No part of web-push is mocked.
import { afterAll, beforeAll, expect, it } from "vitest";
import { now as clockNow } from "../clock.ts";
import { getDb } from "../db/client.ts";
import { freshIp, type Reply, request, trackingTokenFor } from "../security/kit.ts";
import { createHospitalFixture } from "../test/fixtures.ts";
import { describeNeeding } from "../test/needs.ts";
import { type PushService, type Subscriber, startPushService } from "../test/push-service.ts";
import { startTestServer } from "../test/server.ts";
import { reissueTrackingLink } from "./links.ts";
import type { PushPayload } from "./push.ts";
import { endOldPushSubscriptions, settlePushes } from "./push.ts";
import { vapidKeys } from "./push-keys.ts";
import { callNext, cancelAppointment, completeConsultation } from "./queue-changes.ts";
import { markNoShow } from "./queue-no-shows.ts";
import { broadcastEmergency } from "./queue-notices.ts";

type Fixture = Awaited<ReturnType<typeof createHospitalFixture>>;
let server: Awaited<ReturnType<typeof startTestServer>>;
let push: PushService;

beforeAll(async () => {
  server = await startTestServer();
  push = await startPushService();
});
afterAll(async () => {
  await settlePushes();
  await push?.close();
  await server?.close();
});

const STAFF = "staff:push-test";
const post = (token: string, path: string, body: unknown) =>
  request(`${server.url}/api/appointments/track/${token}/${path}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
    from: freshIp(),
  });
const errorOf = (r: Reply) => (JSON.parse(r.text) as { error?: { code: string } }).error?.code;
const subscribe = async (a: Fixture["appointments"][number], sub: Subscriber) => {
  const res = await post(await trackingTokenFor(a), "push", { endpoint: sub.endpoint, keys: sub.keys });
  expect(res.status, res.text).toBe(200);
};
const rowsOf = (appointmentId: string) => getDb().pushSubscription.findMany({ where: { appointmentId } });
const scopeOf = (fx: Fixture) => ({ hospitalId: fx.hospital.id });
const payloadOf = (name: string) =>
  push.waitFor((p) => p.name === name).then((p) => p.payload as PushPayload);

// The test clock: 2026-03-11 10:20 in Auckland; the fixture's doctor is in room 7.
describeNeeding(["pg"], "Web Push to the patient's phone", () => {
  it("'it's your turn' and 'you're next' arrive signed (VAPID) and encrypted (aes128gcm) for each browser", async () => {
    const fx = await createHospitalFixture({
      appointments: [
        { at: "10:00", status: "CHECKED_IN" },
        { at: "10:00", status: "CHECKED_IN" },
      ],
    });
    const [first, second] = fx.appointments;
    const turn = push.subscriber("turn");
    const next = push.subscriber("next");
    await subscribe(first!, turn);
    await subscribe(second!, next);
    const key = await (
      await request(`${server.url}/api/appointments/track/${await trackingTokenFor(first!)}/push`)
    ).text;
    const { publicKey, subject } = await vapidKeys();
    expect(JSON.parse(key).data).toEqual({ publicKey });

    await callNext(scopeOf(fx), fx.doctor.id, fx.date, STAFF);
    const called = await push.waitFor((p) => p.name === "turn");
    expect(called).toMatchObject({ vapidKey: publicKey, jwtAlg: "ES256" });
    expect(called.jwt).toMatchObject({ aud: push.origin, sub: subject });
    expect(called.headers.urgency).toBe("high");
    expect(called.payload).toMatchObject({
      kind: "called",
      tag: `appointment-${first!.id}`,
      message: null,
      texts: { en: ["It's your turn", "Please go to room 7 now."] },
    });
    const payload = called.payload as PushPayload;
    // The hospital offers every language: the page's own is picked by the worker.
    expect(Object.keys(payload.texts).sort()).toEqual(["en", "es", "hi"]);
    expect(payload.texts.es?.[0]).toBe("Es su turno");
    expect(payload.url).toMatch(/\/track\/[^/]+$/);
    expect(await payloadOf("next")).toMatchObject({
      kind: "next",
      texts: { en: ["You're next", "Please stay close to room 7."] },
    });
    expect(push.problems).toEqual([]);
  });

  it("a notice on the doctor's queue and a cancellation by the clinic reach who is waiting", async () => {
    const fx = await createHospitalFixture({ appointments: [{ at: "11:00" }, { at: "11:00" }] });
    const [a, b] = fx.appointments;
    const notice = push.subscriber("notice");
    const cancelled = push.subscriber("cancelled");
    await subscribe(a!, notice);
    await subscribe(b!, cancelled);
    await broadcastEmergency(
      scopeOf(fx),
      {
        doctorId: fx.doctor.id,
        date: fx.date,
        message: "Dr Test is in surgery",
        priority: "high",
        estimatedDelay: 25,
      },
      STAFF,
    );
    expect(await payloadOf("notice")).toMatchObject({
      kind: "notice",
      message: "Dr Test is in surgery",
      texts: { en: ["Message from the clinic", "Expect a delay of about 25\u00a0min."] },
    });
    await cancelAppointment(scopeOf(fx), b!.id, STAFF, { reason: "doctor unwell" });
    const last = await push.waitFor(
      (p) => p.name === "cancelled" && (p.payload as PushPayload).kind === "cancelled",
    );
    expect((last.payload as PushPayload).texts.en?.[0]).toBe("Appointment cancelled");
    await settlePushes();
    // The visit is over: so is its subscription.
    expect(await rowsOf(b!.id)).toEqual([]);
    expect(await rowsOf(a!.id)).toHaveLength(1);
  });

  it("a push service's 410 deletes the subscription; a completed visit's subscriptions end", async () => {
    const fx = await createHospitalFixture({
      appointments: [{ at: "10:00", status: "IN_CONSULTATION" }, { at: "11:00" }],
    });
    const [withDoctor, waiting] = fx.appointments;
    const gone = push.subscriber("gone");
    push.answer("gone", 410);
    await subscribe(waiting!, gone);
    await subscribe(withDoctor!, push.subscriber("done"));
    expect(await rowsOf(waiting!.id)).toHaveLength(1);
    await broadcastEmergency(
      scopeOf(fx),
      { doctorId: fx.doctor.id, date: fx.date, message: "", priority: "normal", estimatedDelay: 10 },
      STAFF,
    );
    await push.waitFor((p) => p.name === "gone");
    await settlePushes();
    expect(await rowsOf(waiting!.id)).toEqual([]);

    expect(await rowsOf(withDoctor!.id)).toHaveLength(1);
    await completeConsultation(scopeOf(fx), withDoctor!.id, STAFF);
    await settlePushes();
    expect(await rowsOf(withDoctor!.id)).toEqual([]);
  });

  it("a stored endpoint whose name points inside (loopback here) is never posted to, and goes", async () => {
    // Stored before the name pointed there (or before the port rule): the connection's own lookup
    // refuses it (push-transport.ts), and the row goes like one a push service answers 410 for.
    const fx = await createHospitalFixture({ appointments: [{ at: "11:00" }] });
    const [waiting] = fx.appointments;
    await subscribe(waiting!, push.subscriber("inside"));
    await getDb().pushSubscription.updateMany({
      where: { appointmentId: waiting!.id },
      data: { endpoint: "https://localhost/push/inside" },
    });
    await broadcastEmergency(
      scopeOf(fx),
      { doctorId: fx.doctor.id, date: fx.date, message: "", priority: "normal", estimatedDelay: 10 },
      STAFF,
    );
    await settlePushes();
    expect(await rowsOf(waiting!.id)).toEqual([]);
  });

  it("refuses what is not a push subscription or a visit that is over; keeps 3 browsers; a new link ends them", async () => {
    const fx = await createHospitalFixture({
      appointments: [{ at: "11:00" }, { at: "10:00", status: "COMPLETED" }],
    });
    const [open, done] = fx.appointments;
    const token = await trackingTokenFor(open!);
    const keys = push.subscriber("shape").keys;
    for (const endpoint of [
      "http://push.example/x", // not https
      "https://127.0.0.2/x", // an address, not a push service's name
      "https://localhost/x",
      "https://push.example:9443/x", // a push service is on the default port
      `https://push.example/${"x".repeat(1100)}`,
    ]) {
      const res = await post(token, "push", { endpoint, keys });
      expect([res.status, endpoint.slice(0, 30)]).toEqual([400, endpoint.slice(0, 30)]);
    }
    const badKeys = await post(token, "push", {
      endpoint: "https://push.example/y",
      keys: { ...keys, auth: "AAAA" },
    });
    expect(badKeys.status).toBe(400);

    const over = await post(await trackingTokenFor(done!), "push", {
      endpoint: push.subscriber("over").endpoint,
      keys,
    });
    expect([over.status, errorOf(over)]).toEqual([409, "VISIT_OVER"]);

    const browsers = ["one", "two", "three", "four"].map((n) => push.subscriber(`max-${n}`));
    for (const b of browsers) await subscribe(open!, b);
    const kept = (await rowsOf(open!.id)).map((r) => r.endpoint).sort();
    expect(kept).toEqual(
      browsers
        .slice(1)
        .map((b) => b.endpoint)
        .sort(),
    );

    const removed = await post(token, "push/remove", { endpoint: browsers[3]!.endpoint });
    expect(JSON.parse(removed.text).data).toEqual({ removed: true });
    expect(await rowsOf(open!.id)).toHaveLength(2);
    // A reissued link ends the old link's subscriptions.
    await reissueTrackingLink(fx.hospital.id, open!.id);
    expect(await rowsOf(open!.id)).toEqual([]);
  });

  // Last: it ends every subscription of the run's database that is a day old by then.
  it("a no-show keeps its subscription through its day (reception may restore it), then it ends", async () => {
    const fx = await createHospitalFixture({ appointments: [{ at: "10:00" }] });
    const [missed] = fx.appointments;
    await subscribe(missed!, push.subscriber("missed"));
    await markNoShow(scopeOf(fx), missed!.id, STAFF, { gracePeriod: 0 });
    await settlePushes();
    expect(await rowsOf(missed!.id)).toHaveLength(1);
    await endOldPushSubscriptions(clockNow());
    expect(await rowsOf(missed!.id)).toHaveLength(1);
    await endOldPushSubscriptions(new Date(clockNow().getTime() + 2 * 86_400_000));
    expect(await rowsOf(missed!.id)).toEqual([]);
  });

  it("is described in /api/openapi.json", async () => {
    const doc = JSON.parse((await request(`${server.url}/api/openapi.json`)).text) as {
      paths: Record<string, Record<string, unknown>>;
    };
    expect(Object.keys(doc.paths["/appointments/track/{token}/push"] ?? {}).sort()).toEqual(["get", "post"]);
    expect(Object.keys(doc.paths["/appointments/track/{token}/push/remove"] ?? {})).toEqual(["post"]);
  });
});
