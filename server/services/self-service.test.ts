// The patient's own actions from their tracking link, over the REST paths with real links: each
// works, is refused in the states that do not allow it, is rate limited, is in the queue's log as
// the patient's, shows on the board and moves everyone else's estimate at once.
import { afterAll, beforeAll, expect, it } from "vitest";
import { CODE_WINDOW_MINUTES } from "../auth/check-in-code.ts";
import { now as clockNow } from "../clock.ts";
import { getDb } from "../db/client.ts";
import { freshIp, type Reply, request, trackingTokenFor } from "../security/kit.ts";
import { createHospitalFixture } from "../test/fixtures.ts";
import { describeNeeding } from "../test/needs.ts";
import { startTestServer, testClient } from "../test/server.ts";
import { boardFor } from "./board.ts";
import { checkInCodeOf } from "./check-in-codes.ts";
import { getSnapshot } from "./snapshot.ts";

type Fixture = Awaited<ReturnType<typeof createHospitalFixture>>;
let server: Awaited<ReturnType<typeof startTestServer>>;

beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.close();
});

const post = (token: string, action: string, body: unknown, from = freshIp()) =>
  request(`${server.url}/api/appointments/track/${token}/${action}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
    from,
  });
type Envelope = {
  success: boolean;
  // biome-ignore lint/suspicious/noExplicitAny: each test reads the fields of its own answer.
  data?: any;
  error?: { code: string; message: string };
};
const envelope = (r: Reply) => JSON.parse(r.text) as Envelope;
const codeOf = (fx: Fixture) =>
  checkInCodeOf({ hospitalId: fx.hospital.id, doctorId: fx.doctor.id, date: fx.date }).code;
const events = (fx: Fixture, type: string) =>
  getDb().queueEvent.findMany({ where: { queueDayId: fx.queueDay.id, type }, orderBy: { version: "asc" } });
const entryOf = async (fx: Fixture, appointmentId: string) => {
  const board = await boardFor(fx.hospital.id, fx.date, null);
  return board.queues[0]!.snapshot!.entries.find((e) => e.appointmentId === appointmentId)!;
};

// The test clock: 2026-03-11 10:20 in Auckland; check-in opens 30 min before the slot.
describeNeeding(["pg"], "I'm here (self check-in with the screen's code)", () => {
  it("checks in with the code, as the patient, and the board shows who did", async () => {
    const fx = await createHospitalFixture({ appointments: [{ at: "10:00" }] });
    const a = fx.appointments[0]!;
    const token = await trackingTokenFor(a);
    const code = codeOf(fx);
    expect(code).toMatch(/^[A-Z0-9]{5}$/);
    const wrong = code === "AAAAA" ? "CCCCC" : "AAAAA";
    const refused = await post(token, "check-in", { code: wrong });
    expect([refused.status, envelope(refused).error?.code]).toEqual([400, "CHECK_IN_CODE_WRONG"]);
    expect((await getDb().appointment.findUnique({ where: { id: a.id } }))!.status).toBe("BOOKED");

    const ok = await post(token, "check-in", { code: code.toLowerCase() });
    expect(ok.status).toBe(200);
    expect(envelope(ok).data).toMatchObject({ status: "CHECKED_IN", position: 1 });
    const row = (await getDb().appointment.findUnique({ where: { id: a.id } }))!;
    expect([row.status, row.checkedInBy]).toEqual(["CHECKED_IN", "patient"]);
    const [event] = await events(fx, "CHECKED_IN");
    expect(event).toMatchObject({ actor: "patient", appointmentId: a.id });
    expect(await entryOf(fx, a.id)).toMatchObject({ status: "CHECKED_IN", checkedInBy: "patient" });

    const again = await post(token, "check-in", { code });
    expect([again.status, envelope(again).error?.code]).toEqual([409, "PATIENT_ACTION_CLOSED"]);
    expect(envelope(again).error?.message).toMatch(/already checked in/);
  });

  it("refuses outside the window (saying when it opens), after the visit, and another doctor-day's code", async () => {
    const fx = await createHospitalFixture({
      appointments: [{ at: "11:30" }, { at: "10:00", status: "COMPLETED" }, { at: "10:00" }],
    });
    const other = await createHospitalFixture({ appointments: [{ at: "10:00" }] });
    const early = await post(await trackingTokenFor(fx.appointments[0]!), "check-in", { code: codeOf(fx) });
    expect([early.status, envelope(early).error?.code]).toEqual([409, "CHECK_IN_NOT_OPEN"]);
    expect(envelope(early).error?.message).toContain("10:30");
    const done = await post(await trackingTokenFor(fx.appointments[1]!), "check-in", { code: codeOf(fx) });
    expect([done.status, envelope(done).error?.code]).toEqual([409, "PATIENT_ACTION_CLOSED"]);
    const theirs = await post(await trackingTokenFor(fx.appointments[2]!), "check-in", {
      code: codeOf(other),
    });
    expect([theirs.status, envelope(theirs).error?.code]).toEqual([400, "CHECK_IN_CODE_WRONG"]);
    // The previous window's code still works; the one before it does not.
    const { checkInCodeFor, codeWindowOf } = await import("../auth/check-in-code.ts");
    const { env } = await import("../env.ts");
    const scope = { hospitalId: fx.hospital.id, doctorId: fx.doctor.id, date: fx.date };
    const window = codeWindowOf(clockNow());
    const tooOld = await post(await trackingTokenFor(fx.appointments[2]!), "check-in", {
      code: checkInCodeFor(env().JWT_SECRET, scope, window - 2),
    });
    expect(envelope(tooOld).error?.code).toBe("CHECK_IN_CODE_WRONG");
    const previous = await post(await trackingTokenFor(fx.appointments[2]!), "check-in", {
      code: checkInCodeFor(env().JWT_SECRET, scope, window - 1),
    });
    expect(previous.status).toBe(200);
    expect(CODE_WINDOW_MINUTES).toBe(5);
  });

  it("allows five tries per link in ten minutes: then even the right code waits", async () => {
    const fx = await createHospitalFixture({ appointments: [{ at: "10:00" }] });
    const token = await trackingTokenFor(fx.appointments[0]!);
    const code = codeOf(fx);
    const wrong = code === "AAAAA" ? "CCCCC" : "AAAAA";
    for (let i = 0; i < 5; i++) expect((await post(token, "check-in", { code: wrong })).status).toBe(400);
    const held = await post(token, "check-in", { code });
    expect(held.status).toBe(429);
    expect(Number(held.headers["retry-after"])).toBeGreaterThan(0);
    expect((await getDb().appointment.findUnique({ where: { id: fx.appointments[0]!.id } }))!.status).toBe(
      "BOOKED",
    );
  });
});

describeNeeding(["pg"], "I'm running late", () => {
  it("is recorded, moves the estimate, shows on the board, and is allowed twice", async () => {
    const fx = await createHospitalFixture({
      appointments: [{ at: "10:00" }, { at: "10:00", status: "CHECKED_IN" }],
    });
    const [late, here] = fx.appointments as [Fixture["appointments"][0], Fixture["appointments"][0]];
    const token = await trackingTokenFor(late);
    const bad = await post(token, "late", { minutes: 15 });
    expect(bad.status).toBe(400);

    const first = await post(token, "late", { minutes: 30 });
    expect(first.status).toBe(200);
    expect(envelope(first).data).toMatchObject({ lateMinutes: 30, reportsLeft: 1 });
    const entry = await entryOf(fx, late.id);
    expect(entry.lateMinutes).toBe(30);
    // Not expected before 10:30 (their 10:00 plus 30); the patient who is here goes first.
    expect(entry.estimatedStartAt!.getTime()).toBeGreaterThanOrEqual(
      late.scheduledAt.getTime() + 30 * 60_000,
    );
    expect((await entryOf(fx, here.id)).estimatedWaitMinutes).toBe(0);

    const second = await post(token, "late", { minutes: 10 });
    expect(envelope(second).data).toMatchObject({ lateMinutes: 10, reportsLeft: 0 });
    expect((await entryOf(fx, late.id)).lateMinutes).toBe(10);
    const third = await post(token, "late", { minutes: 20 });
    expect([third.status, envelope(third).error?.code]).toEqual([409, "LATE_REPORTS_USED"]);
    const row = (await getDb().appointment.findUnique({ where: { id: late.id } }))!;
    expect([row.lateMinutes, row.lateReports]).toEqual([10, 2]);
    const logged = await events(fx, "RUNNING_LATE");
    expect(logged.map((e) => [e.actor, (e.data as { minutes: number }).minutes])).toEqual([
      ["patient", 30],
      ["patient", 10],
    ]);
    // Checked in already: nothing to report.
    const hereLate = await post(await trackingTokenFor(here), "late", { minutes: 10 });
    expect(envelope(hereLate).error?.code).toBe("PATIENT_ACTION_CLOSED");
  });
});

describeNeeding(["pg"], "Cancel from the link", () => {
  it("frees the place: the others move up at once, live, and the log says the patient did it", async () => {
    const fx = await createHospitalFixture({
      appointments: [
        { at: "10:00", status: "CHECKED_IN" },
        { at: "10:00", status: "CHECKED_IN" },
        { at: "10:00", status: "CHECKED_IN" },
      ],
    });
    const [first, , last] = fx.appointments as [
      Fixture["appointments"][0],
      Fixture["appointments"][0],
      Fixture["appointments"][0],
    ];
    const before = (await getSnapshot(fx.queueDay.id))!;
    const lastBefore = before.entries.find((e) => e.appointmentId === last.id)!;
    expect(lastBefore.position).toBe(3);

    const patient = testClient(server.url);
    const seen: { version: number; position: number | null }[] = [];
    const sub = patient.client.tracking.onUpdate.subscribe(
      { token: await trackingTokenFor(last), lastEventId: null },
      { onData: (e) => seen.push({ version: Number.parseInt(e.id, 10), position: e.data.queue.position }) },
    );
    await expect.poll(() => seen.length, { timeout: 3_000 }).toBe(1);

    const cancelled = await post(await trackingTokenFor(first), "cancel", {});
    expect(cancelled.status).toBe(200);
    expect(envelope(cancelled).data).toMatchObject({ status: "CANCELLED" });
    await expect.poll(() => seen.at(-1)?.version, { timeout: 5_000 }).toBe(before.version + 1);
    expect(seen.at(-1)!.position).toBe(2);
    const lastAfter = await entryOf(fx, last.id);
    expect(lastAfter.estimatedStartAt!.getTime()).toBeLessThan(lastBefore.estimatedStartAt!.getTime());
    const [event] = await events(fx, "CANCELLED");
    expect(event).toMatchObject({ actor: "patient", appointmentId: first.id });

    const again = await post(await trackingTokenFor(first), "cancel", {});
    expect([again.status, envelope(again).error?.code]).toEqual([409, "PATIENT_ACTION_CLOSED"]);
    sub.unsubscribe();
    patient.close();
  });

  it("is refused once called, and a link of another hospital's appointment changes nothing here", async () => {
    const fx = await createHospitalFixture({ appointments: [{ at: "10:00", status: "CALLED" }] });
    const res = await post(await trackingTokenFor(fx.appointments[0]!), "cancel", {});
    expect([res.status, envelope(res).error?.code]).toEqual([409, "PATIENT_ACTION_CLOSED"]);
    const forged = await post("not.a-real.token", "cancel", {});
    expect(forged.status).toBe(400);
  });
});

describeNeeding(["pg"], "Add to calendar", () => {
  it("answers the appointment as a calendar file; a bad link is a 400, too many a 429; all four are in the API document", async () => {
    const fx = await createHospitalFixture({ appointments: [{ at: "11:30" }], consultationMinutes: 20 });
    await getDb().hospital.update({
      where: { id: fx.hospital.id },
      data: { address: "12 Queen St, Auckland", phone: "+64 9 555 0100" },
    });
    const token = await trackingTokenFor(fx.appointments[0]!);
    const res = await request(`${server.url}/api/appointments/track/${token}/calendar.ics`, {
      from: freshIp(),
    });
    expect(res.status).toBe(200);
    expect(res.headers["content-type"]).toBe("text/calendar; charset=utf-8");
    const unfolded = res.text.replace(/\r\n /g, "");
    expect(unfolded).toContain("DTSTART:20260310T223000Z");
    expect(unfolded).toContain("DTEND:20260310T225000Z");
    expect(unfolded).toContain("LOCATION:");
    expect(unfolded).toContain("12 Queen St\\, Auckland");
    expect(unfolded).toContain(`UID:appointment-${fx.appointments[0]!.id}@`);
    expect(unfolded).toContain(`/track/${token}`);

    const bad = await request(`${server.url}/api/appointments/track/nope/calendar.ics`, { from: freshIp() });
    expect([bad.status, JSON.parse(bad.text).error.code]).toEqual([400, "LINK_INVALID"]);

    // The link's own limit (60 a minute, whatever the address): a 429 with the one map's code and a Retry-After.
    let limited: Reply | null = null;
    for (let i = 0; i < 70 && !limited; i++) {
      const r = await request(`${server.url}/api/appointments/track/${token}/calendar.ics`, {
        from: freshIp(),
      });
      if (r.status !== 200) limited = r;
    }
    expect([limited?.status, JSON.parse(limited?.text ?? "{}").error?.code]).toEqual([
      429,
      "TOO_MANY_REQUESTS",
    ]);
    expect(Number(limited?.headers["retry-after"])).toBeGreaterThan(0);

    const doc = JSON.parse((await request(`${server.url}/api/openapi.json`)).text);
    for (const path of ["check-in", "late", "cancel"])
      expect(doc.paths[`/appointments/track/{token}/${path}`]?.post).toBeTruthy();
    expect(doc.paths["/appointments/track/{token}/calendar.ics"]?.get).toBeTruthy();
  });
});
