// What one hospital must not learn about another, and inputs that must not mislead a reader:
// system.wsStats shows the caller's hospital's rooms and counts only; adding staff with an email used
// in another hospital is no "already has an account" oracle; /metrics needs METRICS_TOKEN; a DOCTOR
// account linked to no doctor reads nothing; Unicode bidi controls never reach the database; text
// that is not well-formed (half of a surrogate pair) is refused with a plain message, not a 500.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "../db/client.ts";
import { findStaffForSession } from "../db/staff-repo.ts";
import { env } from "../env.ts";
import { getHub } from "../realtime/hub.ts";
import { getSnapshot, topicOf } from "../services/snapshot.ts";
import { resetSecretOf } from "../test/fixtures.ts";
import { startTestServer } from "../test/server.ts";
import { callerFor } from "../trpc/caller.ts";
import { appRouter } from "../trpc/root.ts";
import { BIDI_CONTROLS, BROKEN_TEXT, brokenTextAt, ZText } from "../trpc/schemas/text.ts";
import {
  createHospital,
  freshIp,
  type Hospital,
  listProcedures,
  request,
  sampleInputs,
  trackingTokenFor,
  trpcError,
  trpcHttp,
} from "./kit.ts";

let h: Hospital;
let other: Hospital;
let server: Awaited<ReturnType<typeof startTestServer>>;

beforeAll(async () => {
  [h, other] = await Promise.all([createHospital([{ at: "00:00" }]), createHospital([{ at: "00:00" }])]);
  server = await startTestServer();
});
afterAll(async () => {
  await server?.close();
});

const callerAs = async (id: string) => callerFor(await findStaffForSession(id));
/** Input keys that are not free text (ids, links, keys, dates, credentials). */
const NOT_TEXT =
  /(Id$|^token$|^idempotencyKey$|^date$|^time$|Time$|^email$|[pP]assword$|^lastEventId$|^from$|^to$)/;

describe("system.wsStats", () => {
  it("is for admins only, and lists the caller's hospital's rooms and listeners only", async () => {
    const mine = topicOf(h.hospital.id, h.queueDay.id);
    const theirs = topicOf(other.hospital.id, other.queueDay.id);
    const hub = getHub();
    const listener = () => {};
    const stops = [
      hub.subscribe(mine, listener),
      hub.subscribe(theirs, listener),
      hub.subscribe(theirs, () => {}),
      hub.subscribeHospital(other.hospital.id, () => {}),
      hub.subscribeHospital(other.hospital.id, () => {}),
    ];
    try {
      await expect((await callerAs(h.staff.RECEPTIONIST.id)).system.wsStats()).rejects.toMatchObject({
        code: "FORBIDDEN",
      });

      const admin = await (await callerAs(h.staff.ADMIN.id)).system.wsStats();
      expect(admin.rooms.map((r) => r.topic)).toContain(mine);
      expect(JSON.stringify(admin)).not.toContain(other.hospital.id);
      for (const room of admin.rooms) expect(room.topic.startsWith(`${h.hospital.id}/`)).toBe(true);
      expect(admin.boardSubscribers).toBe(0);
      expect(admin.connections).toEqual(expect.any(Number));

      const theirAdmin = await (await callerAs(other.staff.ADMIN.id)).system.wsStats();
      expect(theirAdmin.rooms.find((r) => r.topic === theirs)?.subscribers).toBe(2);
      expect(theirAdmin.boardSubscribers).toBe(2);
      expect(JSON.stringify(theirAdmin)).not.toContain(h.hospital.id);
    } finally {
      for (const stop of stops) stop();
    }
  });
});

describe("adding staff", () => {
  it("an email used in another hospital is no conflict (nothing tells it exists); one in this hospital is", async () => {
    const admin = await callerAs(h.staff.ADMIN.id);
    const email = other.staff.RECEPTIONIST.email;
    const added = await admin.adminStaff.create({
      email,
      name: "Same Email",
      role: "RECEPTIONIST",
      password: "a new passphrase",
    });
    expect(added.email).toBe(email);
    await expect(
      admin.adminStaff.create({
        email: email.toUpperCase(),
        name: "Again",
        role: "RECEPTIONIST",
        password: "a new passphrase",
      }),
    ).rejects.toMatchObject({
      code: "CONFLICT",
      cause: { reason: "ACCOUNT_EXISTS" },
      message: expect.stringMatching(/in this hospital/),
    });
    // The other hospital's account is untouched.
    const theirs = await getDb().staffUser.findMany({ where: { email } });
    expect(theirs.map((s) => s.hospitalId).sort()).toEqual([h.hospital.id, other.hospital.id].sort());
  });

  it("a new or reset password follows the policy, and may not be the account's email or name", async () => {
    const admin = await callerAs(h.staff.ADMIN.id);
    const base = {
      email: `policy-${h.hospital.slug}@test.local`,
      name: "Polly Policy",
      role: "RECEPTIONIST" as const,
    };
    for (const password of [
      "password",
      "aaaaaaaa",
      "aaaaaaaaaaaa",
      "Password123",
      base.email,
      "polly policy",
    ])
      await expect(admin.adminStaff.create({ ...base, password }), password).rejects.toMatchObject({
        code: "BAD_REQUEST",
      });
    const polly = await admin.adminStaff.create({ ...base, password: "a sound passphrase" });
    // Polly sets a new one with the admin's one-time link: the same policy, against her account.
    const link = await admin.adminStaff.resetLink({ staffId: polly.id });
    const anonymous = await callerFor(null);
    for (const password of ["password", "qwertyuiop", "Polly Policy", base.email])
      await expect(
        anonymous.auth.resetWithLink({ token: resetSecretOf(link.url), password }),
        password,
      ).rejects.toMatchObject({
        code: "BAD_REQUEST",
      });
    // Refusals do not use the link up.
    await expect(
      anonymous.auth.resetWithLink({
        token: resetSecretOf(link.url),
        password: "polly's own passphrase",
      }),
    ).resolves.toEqual({ ok: true });
  });
});

describe("/metrics", () => {
  const saved = env().METRICS_TOKEN;
  afterAll(() => {
    env().METRICS_TOKEN = saved;
  });
  const scrape = (authorization?: string) =>
    request(`${server.url}/metrics`, { headers: { authorization }, from: freshIp() });

  it("does not exist without METRICS_TOKEN (404)", async () => {
    env().METRICS_TOKEN = undefined;
    const reply = await scrape();
    expect(reply.status).toBe(404);
    expect(reply.text).not.toContain("pq_");
  });

  it("answers only `Authorization: Bearer <METRICS_TOKEN>` (401 otherwise)", async () => {
    env().METRICS_TOKEN = "metrics-token-for-the-test-0123";
    for (const bad of [
      undefined,
      "",
      "Bearer",
      "Bearer wrong",
      "Basic bWV0cmljcw==",
      "Bearer metrics-token-for-the-test-012",
    ]) {
      const reply = await scrape(bad);
      expect(reply.status, String(bad)).toBe(401);
      expect(reply.headers["www-authenticate"]).toMatch(/^Bearer/);
      expect(reply.text).not.toContain("pq_");
    }
    const ok = await scrape("Bearer metrics-token-for-the-test-0123");
    expect(ok.status).toBe(200);
    expect(ok.text).toMatch(/pq_ws_connections \d+/);
    expect(ok.headers["cache-control"]).toBe("no-store");
  });
});

describe("a DOCTOR account linked to no doctor", () => {
  it("is refused with a plain FORBIDDEN everywhere a doctor is scoped, instead of seeing the whole hospital", async () => {
    const unlinked = await getDb().staffUser.create({
      data: {
        hospitalId: h.hospital.id,
        email: `unlinked-${h.hospital.slug}@test.local`,
        name: "Dr Nobody",
        role: "DOCTOR",
        doctorId: null,
        passwordHash: "not-used",
      },
    });
    const c = await callerAs(unlinked.id);
    const refused = { code: "FORBIDDEN", cause: { reason: "DOCTOR_ACCOUNT_UNLINKED" } };
    const doctorId = h.doctor.id;
    await expect(c.queue.board({})).rejects.toMatchObject(refused);
    await expect(c.queue.onBoard({})).rejects.toMatchObject(refused);
    await expect(c.queue.callNext({ doctorId })).rejects.toMatchObject(refused);
    await expect(c.queue.walkIn({ doctorId, patientName: "Walk In" })).rejects.toMatchObject(refused);
    await expect(c.slots.queue({ doctorId })).rejects.toMatchObject(refused);
    await expect(c.stats.doctor({ doctorId })).rejects.toMatchObject(refused);
    await expect(
      (async () => {
        for await (const _ of await c.live.onDoctorDay({ doctorId })) break;
      })(),
    ).rejects.toMatchObject(refused);
    // A linked doctor still reads their own queue.
    const board = await (await callerAs(h.staff.DOCTOR.id)).queue.board({});
    expect(board.queues.map((q) => q.doctor.id)).toEqual([doctorId]);
  });
});

describe("Unicode bidi controls", () => {
  const BIDI = "\u202A\u202B\u202C\u202D\u202E\u2066\u2067\u2068\u2069\u200E\u200F\u061C";
  const hasBidi = (s: string) => new RegExp(BIDI_CONTROLS.source).test(s);

  it("are stripped by every free-text field of every procedure's input", () => {
    const samples = sampleInputs(h);
    const procedures = appRouter._def.procedures as unknown as Record<
      string,
      {
        _def: {
          inputs: {
            shape?: Record<string, { safeParse: (v: unknown) => { success: boolean; data?: unknown } }>;
          }[];
        };
      }
    >;
    const checked: string[] = [];
    for (const p of listProcedures()) {
      const shape = procedures[p.path]?._def.inputs[0]?.shape;
      for (const [key, sample] of Object.entries(samples[p.path] ?? {})) {
        if (typeof sample !== "string" || NOT_TEXT.test(key) || !shape?.[key]) continue;
        const parsed = shape[key].safeParse(`${BIDI.slice(0, 5)}${sample}${BIDI.slice(5)}`);
        if (!parsed.success) continue; // not free text (an enum, a pattern): refused outright
        expect(hasBidi(String(parsed.data)), `${p.path}.${key}`).toBe(false);
        expect(parsed.data, `${p.path}.${key}`).toBe(sample.trim());
        checked.push(`${p.path}.${key}`);
      }
    }
    expect(checked).toEqual(
      expect.arrayContaining([
        "queue.walkIn.patientName",
        "queue.emergency.message",
        "queue.pause.reason",
        "queue.cancel.reason",
        "appointments.create.patientName",
        "adminStaff.create.name",
        "staff.createToken.name",
      ]),
    );
  });

  it("never reach the database: a notice, a walk-in's name, a staff member's name", async () => {
    const reception = await callerAs(h.staff.RECEPTIONIST.id);
    const spoof = "\u202EDelay pay $00\u202C for your visit. \u2067please\u2069";
    const notice = await reception.queue.emergency({
      doctorId: h.doctor.id,
      message: spoof,
      priority: "high",
      estimatedDelay: 5,
    });
    expect(notice.notice.message).toBe("Delay pay $00 for your visit. please");
    const walkIn = await reception.queue.walkIn({
      doctorId: h.doctor.id,
      patientName: "\u200FMallory\u061C Smith",
    });
    const admin = await callerAs(h.staff.ADMIN.id);
    const staff = await admin.adminStaff.create({
      email: `bidi-${h.hospital.slug}@test.local`,
      name: "\u2066Eve\u2069 Admin",
      role: "RECEPTIONIST",
      password: "a sound passphrase",
    });
    const db = getDb();
    const rows = [
      await db.queueDay.findUniqueOrThrow({ where: { id: notice.queueDayId } }),
      await db.appointment.findUniqueOrThrow({
        where: { id: walkIn.appointmentId },
        include: { patient: true },
      }),
      await db.staffUser.findUniqueOrThrow({ where: { id: staff.id } }),
      await getSnapshot(notice.queueDayId, { fresh: true }),
    ];
    for (const row of rows) expect(hasBidi(JSON.stringify(row))).toBe(false);
    expect(JSON.stringify(rows)).toContain("Mallory Smith");
    expect(JSON.stringify(rows)).toContain("Eve Admin");
  });
});

describe("Text that is not well-formed (half of a surrogate pair)", () => {
  /** The refusal a call gave: its code and its first issue's path and message. */
  const refusal = (call: Promise<unknown>) =>
    call.then(
      () => null,
      (e: { code?: string; cause?: { issues?: { path: unknown[]; message: string }[] } }) => ({
        code: e.code,
        path: e.cause?.issues?.[0]?.path,
        message: e.cause?.issues?.[0]?.message,
      }),
    );

  it("in any string of any procedure's input is a 400 naming the field, before anything else runs", async () => {
    const samples = sampleInputs(h);
    const anonymous = (await callerFor(null)) as unknown as Record<
      string,
      Record<string, (input: unknown) => Promise<unknown>>
    >;
    const checked: string[] = [];
    for (const p of listProcedures()) {
      if (p.type === "subscription") continue;
      const [ns, name] = p.path.split(".") as [string, string];
      for (const [key, sample] of Object.entries(samples[p.path] ?? {})) {
        if (typeof sample !== "string") continue;
        const input = { ...samples[p.path], [key]: `${sample}\udfff` };
        expect(await refusal(anonymous[ns]![name]!(input)), `${p.path}.${key}`).toEqual({
          code: "BAD_REQUEST",
          path: [key],
          message: BROKEN_TEXT,
        });
        checked.push(`${p.path}.${key}`);
      }
    }
    expect(checked).toEqual(
      expect.arrayContaining([
        "queue.emergency.message",
        "queue.walkIn.patientName",
        "auth.login.email",
        "tracking.checkIn.code",
      ]),
    );
  });

  it("is refused by free-text schemas too; a whole emoji is kept", () => {
    const text = ZText(50);
    expect(text.safeParse("Back at 11 \u{1F642}")).toMatchObject({
      success: true,
      data: "Back at 11 \u{1F642}",
    });
    expect(text.safeParse("Back at 11 \ud83d").error?.issues[0]?.message).toBe(BROKEN_TEXT);
    expect(brokenTextAt({ a: [{ b: "ok" }, { c: "\udc00" }] })).toEqual(["a", 1, "c"]);
    expect(brokenTextAt({ "\ud800": 1 })).toEqual(["\ud800"]);
    expect(brokenTextAt({ a: ["\u{1F642}", new Date(0)] })).toBeNull();
  });

  it("over HTTP: the form's field error, and a notice with it changes nothing (it was a 500)", async () => {
    const token = await trackingTokenFor(h.appointments[0]!);
    const reply = await trpcHttp(
      server.url,
      "tracking.checkIn",
      "mutation",
      { token, code: "AB\udfffC" },
      { from: freshIp() },
    );
    expect(reply.status).toBe(400);
    expect(trpcError(reply)).toMatchObject({ reason: "BAD_REQUEST", message: `code: ${BROKEN_TEXT}` });
    expect(JSON.parse(reply.text).error.json.data.zodError.fieldErrors).toEqual({ code: [BROKEN_TEXT] });

    const reception = await callerAs(h.staff.RECEPTIONIST.id);
    const before = await getDb().queueDay.findUniqueOrThrow({ where: { id: h.queueDay.id } });
    expect(
      await refusal(
        reception.queue.emergency({
          doctorId: h.doctor.id,
          message: "Running late \udfff",
          estimatedDelay: 5,
        }),
      ),
    ).toEqual({ code: "BAD_REQUEST", path: ["message"], message: BROKEN_TEXT });
    const after = await getDb().queueDay.findUniqueOrThrow({ where: { id: h.queueDay.id } });
    expect(after.version).toBe(before.version);
  });
});
