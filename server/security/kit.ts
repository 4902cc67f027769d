// Shared by the security suite: two hospitals with staff of every role, requests over real HTTP
// (from any loopback address, so rate-limit keys of one test never meet another's), every
// procedure of the router with a valid sample input, and a snapshot of the rows a change touches.
import http from "node:http";
import { hashPassword } from "../auth/password.ts";
import { signSession } from "../auth/session.ts";
import { signTrackingToken } from "../auth/tracking-token.ts";
import { getDb } from "../db/client.ts";
import { addScreen, signDisplayToken } from "../services/display.ts";
import { createHospitalFixture, type FixtureAppointment } from "../test/fixtures.ts";
import { testClient } from "../test/server.ts";
import { MAX_BATCH_SIZE } from "../trpc/limits.ts";
import { appRouter } from "../trpc/root.ts";

type Fixture = Awaited<ReturnType<typeof createHospitalFixture>>;
export type Role = "ADMIN" | "RECEPTIONIST" | "DOCTOR";

/** The procedures anyone may call; every other one needs a session. */
export const PUBLIC_PROCEDURES = [
  "auth.login",
  "auth.logout",
  "auth.me",
  "auth.resetWithLink",
  "tracking.get",
  "tracking.refresh",
  "tracking.onUpdate",
  "tracking.checkIn",
  "tracking.late",
  "tracking.cancel",
  "tracking.pushKey",
  "tracking.push",
  "tracking.pushRemove",
  "display.get",
  "display.onUpdate",
  "setup.status",
  "setup.complete",
].sort();

/**
 * REST paths in /api/openapi.json served by a plain route, not a procedure (server/http/track-calendar.ts,
 * server/http/export-csv.ts).
 */
export const PLAIN_ROUTES = ["/appointments/track/{token}/calendar.ics", "/stats/export.csv"];

export type ProcedureType = "query" | "mutation" | "subscription";
export type ProcedureInfo = {
  path: string;
  type: ProcedureType;
  openapi: { method: string; path: string } | null;
  /** The keys of its input object ([] when it takes none). */
  keys: string[];
};

/** Every procedure of the router, read from the router itself so a new one is covered at once. */
export function listProcedures(): ProcedureInfo[] {
  const procedures = appRouter._def.procedures as unknown as Record<
    string,
    {
      _def: { type: ProcedureType; meta?: { openapi?: { method: string; path: string } }; inputs: unknown[] };
    }
  >;
  return Object.entries(procedures).map(([path, p]) => {
    let schema = p._def.inputs[0] as { shape?: Record<string, unknown>; unwrap?: () => unknown } | undefined;
    if (schema && !schema.shape && schema.unwrap) schema = schema.unwrap() as typeof schema;
    return {
      path,
      type: p._def.type,
      openapi: p._def.meta?.openapi ?? null,
      keys: Object.keys(schema?.shape ?? {}),
    };
  });
}

export const isPublic = (p: { path: string }) => PUBLIC_PROCEDURES.includes(p.path);

export type Hospital = Fixture & {
  staff: Record<Role, { id: string; email: string }>;
  cookies: Record<Role, string>;
  trackingTokens: string[];
  displayToken: string;
  /** The waiting-room screen `displayToken` names. */
  screenId: string;
  /** An API token row of this hospital's admin (for staff.revokeToken). */
  apiTokenId: string;
  /** A staff account that admin procedures may change without locking anyone out. */
  spareStaffId: string;
};

export const sessionCookieFor = async (staff: { id: string; sessionVersion?: number }) =>
  `pq_session=${await signSession({ id: staff.id, sessionVersion: staff.sessionVersion ?? 1 })}`;

export function trackingTokenFor(a: Fixture["appointments"][number], expiresAt?: Date) {
  return signTrackingToken(
    { appointmentId: a.id, hospitalId: a.hospitalId, doctorId: a.doctorId, tokenVersion: a.tokenVersion },
    expiresAt,
  );
}

/** A hospital (createHospitalFixture) with an admin, a doctor's account and a receptionist, signed in. */
export async function createHospital(appointments: FixtureAppointment[]): Promise<Hospital> {
  const fx = await createHospitalFixture({ appointments });
  const db = getDb();
  const passwordHash = await hashPassword("a long password");
  const make = (role: Role, name: string, doctorId: string | null = null) =>
    db.staffUser.create({
      data: {
        hospitalId: fx.hospital.id,
        email: `${role.toLowerCase()}-${name.split(" ")[0]}-${fx.hospital.slug}@test.local`.toLowerCase(),
        name,
        passwordHash,
        role,
        doctorId,
      },
    });
  const admin = await make("ADMIN", "Ada Admin");
  const doctor = await make("DOCTOR", "Dr Doc", fx.doctor.id);
  const spare = await make("RECEPTIONIST", "Sam Spare");
  const apiToken = await db.apiToken.create({
    data: { staffId: admin.id, name: "kit", tokenHash: `kit-${fx.hospital.slug}`, prefix: "pq_kit" },
  });
  const staff = { ADMIN: admin, RECEPTIONIST: fx.receptionist, DOCTOR: doctor };
  const { id: screenId } = await addScreen(fx.hospital.id, { doctorId: fx.doctor.id, name: "Lobby" });
  return {
    ...fx,
    staff,
    cookies: {
      ADMIN: await sessionCookieFor(admin),
      RECEPTIONIST: await sessionCookieFor(fx.receptionist),
      DOCTOR: await sessionCookieFor(doctor),
    },
    trackingTokens: await Promise.all(fx.appointments.map((a) => trackingTokenFor(a))),
    displayToken: await signDisplayToken(
      { doctorId: fx.doctor.id, hospitalId: fx.hospital.id, screenId },
      new Date(Date.now() + 86_400_000),
    ),
    screenId,
    apiTokenId: apiToken.id,
    spareStaffId: spare.id,
  };
}

/**
 * A valid input for every procedure that takes one, naming `h`'s doctor, appointment and staff.
 * The security tests refuse to run while a procedure with an input has no sample here.
 */
export function sampleInputs(h: Hospital): Record<string, Record<string, unknown>> {
  const doctorId = h.doctor.id;
  const appointmentId = h.appointments[0]!.id;
  const date = h.date;
  const day = { doctorId, date };
  const appointment = { appointmentId };
  const scheduledAt = new Date(Date.now() + 3_600_000).toISOString();
  const key = "sample-key-0001";
  return {
    "auth.login": { email: h.staff.RECEPTIONIST.email, password: "not the password" },
    "tracking.get": { token: h.trackingTokens[0] },
    "tracking.refresh": { token: h.trackingTokens[0] },
    "tracking.onUpdate": { token: h.trackingTokens[0], lastEventId: null },
    // The patient's own actions, refused so the suite changes nothing: a wrong code, a lateness
    // that is not offered, and a link that is not one (each is tested for real in self-service.test).
    "tracking.checkIn": { token: h.trackingTokens[0], code: "XXXXX" },
    "tracking.late": { token: h.trackingTokens[0], minutes: 15 },
    "tracking.cancel": { token: "not.a-real.link" },
    // Push: the key is read; a subscription that is not one (http to another host), and a removal
    // of an endpoint that was never there (push.test.ts tests them for real).
    "tracking.pushKey": { token: h.trackingTokens[0] },
    "tracking.push": {
      token: h.trackingTokens[0],
      endpoint: "http://push.example/x",
      keys: { p256dh: "x", auth: "x" },
    },
    "tracking.pushRemove": { token: h.trackingTokens[0], endpoint: "https://push.example/none" },
    "queue.board": { date },
    "queue.onBoard": { date },
    "queue.checkIn": { appointmentId, force: true },
    "queue.markNoShow": { appointmentId, gracePeriod: 0 },
    "queue.restore": appointment,
    "queue.cancelNoShow": appointment,
    "queue.runningLate": { appointmentId, minutes: 15 },
    "queue.move": { appointmentId, newPosition: 1 },
    "queue.callNext": day,
    "queue.start": appointment,
    "queue.complete": appointment,
    "queue.cancel": { appointmentId, reason: "sample" },
    "queue.setPriority": { appointmentId, priority: "URGENT" },
    "queue.undo": appointment,
    "queue.walkIn": { doctorId, patientName: "Walk In", idempotencyKey: key },
    "queue.emergency": { doctorId, message: "Running late", priority: "high", estimatedDelay: 10 },
    "queue.clearEmergency": { doctorId },
    "queue.pause": { doctorId, reason: "sample" },
    "queue.clinicNotice": { message: "Fire drill", priority: "high" },
    "queue.resume": { doctorId },
    "slots.queue": day,
    "slots.position": appointment,
    "slots.slotBased": day,
    "slots.overlaps": { doctorId, slotStartTime: `${date}T09:00`, slotEndTime: `${date}T10:00` },
    "slots.slotPosition": appointment,
    "slots.suggest": day,
    "slots.week": day,
    "slotsRest.slotBased": day,
    "slotsRest.overlaps": { doctorId, slotStartTime: `${date}T09:00`, slotEndTime: `${date}T10:00` },
    "slotsRest.slotPosition": appointment,
    "slotsRest.suggest": day,
    "stats.doctor": day,
    "stats.hospital": { from: date, to: date },
    "stats.export": { from: date, to: date, doctorId },
    "system.wsStats": {},
    "staff.createToken": { name: "sample" },
    "staff.revokeToken": { tokenId: h.apiTokenId },
    "adminStaff.create": {
      email: `created-${h.hospital.slug}@test.local`,
      name: "Created",
      role: "RECEPTIONIST",
    },
    "adminStaff.update": { staffId: h.spareStaffId, name: "Sam Spare" },
    "adminStaff.resetLink": { staffId: h.spareStaffId },
    "adminStaff.revokeToken": { tokenId: h.apiTokenId },
    "screens.create": { doctorId, name: "Sample screen" },
    "screens.revoke": { screenId: h.screenId },
    "auth.resetWithLink": { token: "no-such-link-secret", password: "a long new password" },
    "auth.changePassword": { currentPassword: "not the password", newPassword: "a long new password" },
    "links.get": appointment,
    "links.reissue": appointment,
    "appointments.create": { doctorId, patientName: "Booked", scheduledAt, idempotencyKey: key },
    "appointments.recordPayment": { appointmentId, idempotencyKey: key },
    "appointments.reschedule": { appointmentId, scheduledAt, idempotencyKey: key },
    "appointments.cancel": { appointmentId, idempotencyKey: key },
    "appointments.search": { q: "Patient" },
    "appointments.update": { appointmentId, note: "sample" },
    "appointments.details": { appointmentId },
    "display.link": { doctorId },
    "display.existingLink": { doctorId },
    "display.get": { doctorId, token: h.displayToken },
    "display.onUpdate": { doctorId, token: h.displayToken, lastEventId: null },
    "live.onDoctorDay": day,
    "adminDoctors.list": {},
    "adminDoctors.create": { name: "Dr Sample", room: "5" },
    "adminDoctors.update": { doctorId, room: "7" },
    "adminDoctors.setHours": {
      doctorId,
      weekly: [{ weekday: 1, start: "00:00", end: "24:00" }],
      daysOff: [],
    },
    "setup.complete": {
      setupCode: "AAAA-BBBB-CCCC-DDDD",
      hospital: { name: "Sample Clinic", timeZone: "Pacific/Auckland" },
      admin: { name: "Sample Admin", email: `setup-${h.hospital.slug}@test.local`, password: "long enough" },
    },
    "adminHospital.update": { name: h.hospital.name },
  };
}

export type Reply = { status: number; headers: http.IncomingHttpHeaders; text: string };

/** One HTTP request from `from` (any 127.x.y.z address: a client IP of the test's own). */
export function request(
  url: string,
  opts: {
    method?: string;
    headers?: Record<string, string | undefined>;
    body?: string | Buffer;
    from?: string;
  } = {},
): Promise<Reply> {
  const headers = Object.fromEntries(Object.entries(opts.headers ?? {}).filter(([, v]) => v !== undefined));
  return new Promise((resolve, reject) => {
    const req = http.request(
      url,
      { method: opts.method ?? "GET", headers, localAddress: opts.from, agent: false },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            text: Buffer.concat(chunks).toString(),
          }),
        );
        res.on("error", reject);
      },
    );
    req.on("error", reject);
    req.end(opts.body);
  });
}

/** A loopback address no other test run uses for its rate-limit keys. */
export function freshIp(): string {
  const b = () => 1 + Math.floor(Math.random() * 250);
  return `127.${b()}.${b()}.${b()}`;
}

/** A tRPC call over HTTP as the browser's httpLink makes it: queries GET ?input=, mutations POST. */
export function trpcHttp(
  baseUrl: string,
  path: string,
  type: "query" | "mutation",
  input: unknown,
  opts: { cookie?: string; from?: string } = {},
): Promise<Reply> {
  const headers: Record<string, string> = opts.cookie ? { cookie: opts.cookie } : {};
  const wire = input === undefined ? {} : { json: input };
  if (type === "query") {
    const qs = input === undefined ? "" : `?input=${encodeURIComponent(JSON.stringify(wire))}`;
    return request(`${baseUrl}/api/trpc/${path}${qs}`, { headers, from: opts.from });
  }
  return request(`${baseUrl}/api/trpc/${path}`, {
    method: "POST",
    headers: { ...headers, "content-type": "application/json" },
    body: JSON.stringify(wire),
    from: opts.from,
  });
}

/** The tRPC error of a reply ({ code, message }), or null when it succeeded. */
export function trpcError(reply: Reply): { code: string; reason: string; message: string } | null {
  if (reply.status < 400) return null;
  const body = JSON.parse(reply.text) as {
    error: { json: { message: string; data: { code: string; reason: string } } };
  };
  const { code, reason } = body.error.json.data;
  return { code, reason, message: body.error.json.message };
}

/** The first thing a subscription over the WebSocket gives: its data, or the error that ended it. */
export async function subscribeOnce(
  baseUrl: string,
  path: string,
  input: unknown,
  opts: { cookie?: string; from?: string; timeoutMs?: number } = {},
): Promise<
  { data: unknown } | { error: { code?: string; reason?: string; message: string } } | { timeout: true }
> {
  const c = testClient(baseUrl, opts.cookie, opts.from);
  const [ns, name] = path.split(".") as [string, string];
  type Handlers = {
    onData: (data: unknown) => void;
    onError: (err: { data?: { code?: string; reason?: string }; message: string }) => void;
  };
  type Subscribable = { subscribe: (input: unknown, handlers: Handlers) => { unsubscribe: () => void } };
  const proc = (c.client as unknown as Record<string, Record<string, Subscribable>>)[ns]![name]!;
  try {
    return await new Promise((resolve) => {
      const timer = setTimeout(() => resolve({ timeout: true }), opts.timeoutMs ?? 5_000);
      const sub = proc.subscribe(input, {
        onData: (data) => {
          clearTimeout(timer);
          sub.unsubscribe();
          resolve({ data });
        },
        onError: (err) => {
          clearTimeout(timer);
          resolve({ error: { code: err.data?.code, reason: err.data?.reason, message: err.message } });
        },
      });
    });
  } finally {
    c.close();
  }
}

/**
 * A fingerprint of every row a change could touch in these hospitals: appointments, patients,
 * queue days, queue events, staff, API tokens (but not lastUsedAt, which every bearer call
 * touches) and idempotency records. Equal fingerprints: nothing changed.
 */
export async function dbSnapshot(hospitalIds: string[]): Promise<Record<string, string>> {
  const rows = await getDb().$queryRawUnsafe<Record<string, string>[]>(
    `SELECT
      (SELECT count(*) || ':' || md5(coalesce(string_agg(t::text, '|' ORDER BY t.id), ''))
         FROM "Appointment" t WHERE t."hospitalId" = ANY($1)) AS appointments,
      (SELECT count(*) || ':' || md5(coalesce(string_agg(t::text, '|' ORDER BY t.id), ''))
         FROM "Patient" t WHERE t."hospitalId" = ANY($1)) AS patients,
      (SELECT count(*) || ':' || md5(coalesce(string_agg(t::text, '|' ORDER BY t.id), ''))
         FROM "QueueDay" t WHERE t."hospitalId" = ANY($1)) AS "queueDays",
      (SELECT count(*) || ':' || md5(coalesce(string_agg(t::text, '|' ORDER BY t.id), ''))
         FROM "QueueEvent" t JOIN "QueueDay" d ON d.id = t."queueDayId" WHERE d."hospitalId" = ANY($1)) AS "queueEvents",
      (SELECT count(*) || ':' || md5(coalesce(string_agg(t::text, '|' ORDER BY t.id), ''))
         FROM "StaffUser" t WHERE t."hospitalId" = ANY($1)) AS staff,
      (SELECT count(*) || ':' || md5(coalesce(string_agg(concat_ws(',', t.id, t.name, t."tokenHash",
              t."expiresAt", t."revokedAt"), '|' ORDER BY t.id), ''))
         FROM "ApiToken" t JOIN "StaffUser" s ON s.id = t."staffId" WHERE s."hospitalId" = ANY($1)) AS "apiTokens",
      (SELECT count(*) || ':' || md5(coalesce(string_agg(t::text, '|' ORDER BY t.id), ''))
         FROM "IdempotentRequest" t WHERE t."hospitalId" = ANY($1)) AS idempotency`,
    hospitalIds,
  );
  return rows[0]!;
}

/**
 * `n` tracking reads from one address, each naming another (bad) link so only the per-IP counter
 * runs out, sent as tRPC batches of MAX_BATCH_SIZE calls (each call takes its own point, as a
 * single read does: the per-IP limit counts calls, not requests). The tRPC code of every call.
 */
export async function badLinkReads(baseUrl: string, n: number, from: string): Promise<string[]> {
  const codes: string[] = [];
  for (let start = 0; start < n; start += MAX_BATCH_SIZE) {
    const size = Math.min(MAX_BATCH_SIZE, n - start);
    const input = Object.fromEntries(
      Array.from({ length: size }, (_, i) => [i, { json: { token: `not.a${start + i}.link` } }]),
    );
    const paths = Array.from({ length: size }, () => "tracking.get").join(",");
    const reply = await request(
      `${baseUrl}/api/trpc/${paths}?batch=1&input=${encodeURIComponent(JSON.stringify(input))}`,
      { from },
    );
    const items = JSON.parse(reply.text) as { error?: { json: { data: { code: string } } } }[];
    codes.push(...items.map((item) => item.error?.json.data.code ?? "OK"));
  }
  return codes;
}
