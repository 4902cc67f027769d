// Who may call what, for EVERY procedure of the router and every REST path of /api/openapi.json
// (read from the router and the document, so a new one is covered at once): no session is 401,
// the wrong role 403 naming the permission, another hospital's doctor, appointment, staff member
// or token 404 exactly like one that does not exist. Only the listed procedures are public.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer } from "../test/server.ts";
import {
  createHospital,
  dbSnapshot,
  freshIp,
  type Hospital,
  isPublic,
  listProcedures,
  PLAIN_ROUTES,
  type ProcedureInfo,
  PUBLIC_PROCEDURES,
  type Reply,
  type Role,
  request,
  sampleInputs,
  subscribeOnce,
  trpcError,
  trpcHttp,
} from "./kit.ts";

/** Roles refused by each procedure (the README's role matrix); every other staff call is open to all roles. */
const DENIED: Record<string, Role[]> = {
  "adminStaff.list": ["RECEPTIONIST", "DOCTOR"],
  "adminStaff.create": ["RECEPTIONIST", "DOCTOR"],
  "adminStaff.update": ["RECEPTIONIST", "DOCTOR"],
  "adminStaff.resetLink": ["RECEPTIONIST", "DOCTOR"],
  "adminStaff.tokens": ["RECEPTIONIST", "DOCTOR"],
  "adminStaff.revokeToken": ["RECEPTIONIST", "DOCTOR"],
  "queue.clinicNotice": ["DOCTOR"],
  "queue.clearClinicNotice": ["DOCTOR"],
  "screens.list": ["DOCTOR"],
  "screens.create": ["DOCTOR"],
  "screens.revoke": ["DOCTOR"],
  "links.reissue": ["DOCTOR"],
  "appointments.create": ["DOCTOR"],
  "appointments.recordPayment": ["DOCTOR"],
  "appointments.reschedule": ["DOCTOR"],
  "appointments.cancel": ["DOCTOR"],
  "appointments.update": ["DOCTOR"],
  "appointments.details": ["DOCTOR"],
  "display.link": ["DOCTOR"],
  "display.existingLink": ["DOCTOR"],
  "stats.hospital": ["DOCTOR"],
  "system.wsStats": ["RECEPTIONIST", "DOCTOR"],
  "adminHospital.get": ["RECEPTIONIST", "DOCTOR"],
  "adminHospital.update": ["RECEPTIONIST", "DOCTOR"],
  "adminDoctors.list": ["RECEPTIONIST", "DOCTOR"],
  "adminDoctors.create": ["RECEPTIONIST", "DOCTOR"],
  "adminDoctors.update": ["RECEPTIONIST", "DOCTOR"],
  "adminDoctors.setHours": ["RECEPTIONIST", "DOCTOR"],
};
const ROLES: Role[] = ["ADMIN", "RECEPTIONIST", "DOCTOR"];
const ID_KEYS = ["doctorId", "appointmentId", "staffId", "tokenId", "screenId"];
const MISSING_ID = "cmissing000000000000000000";

let h: Hospital;
let other: Hospital;
let server: Awaited<ReturnType<typeof startTestServer>>;
let restOps: { method: string; path: string; procedure: ProcedureInfo }[];
const from = freshIp();
const procedures = listProcedures();
const staffProcedures = procedures.filter((p) => !isPublic(p));

/** Calls a procedure the way a client would: HTTP for queries and mutations, the WebSocket for subscriptions. */
async function call(p: ProcedureInfo, input: unknown, cookie?: string, timeoutMs = 3_000) {
  if (p.type === "subscription") {
    const r = await subscribeOnce(server.url, p.path, input, { cookie, from, timeoutMs });
    return "error" in r
      ? { code: r.error.code ?? "?", reason: r.error.reason ?? "?", message: r.error.message }
      : null;
  }
  const reply = await trpcHttp(server.url, p.path, p.type, input, { cookie, from });
  expect(reply.status, `${p.path}: ${reply.text}`).toBeLessThan(500);
  return trpcError(reply);
}

/** A REST request for an operation: path parameters from the input, the rest as query (GET) or body. */
function rest(
  op: (typeof restOps)[number],
  input: Record<string, unknown>,
  headers: Record<string, string> = {},
) {
  const rest = { ...input };
  const path = op.path.replace(/\{(\w+)\}/g, (_, k: string) => {
    const v = rest[k];
    delete rest[k];
    return encodeURIComponent(String(v));
  });
  if (op.method === "GET") {
    const qs = new URLSearchParams(Object.entries(rest).map(([k, v]) => [k, String(v)])).toString();
    return request(`${server.url}/api${path}${qs ? `?${qs}` : ""}`, { headers, from });
  }
  return request(`${server.url}/api${path}`, {
    method: op.method,
    headers: { ...headers, "content-type": "application/json" },
    body: JSON.stringify(rest),
    from,
  });
}
const restError = (r: Reply) => (JSON.parse(r.text) as { error?: { code: string; message: string } }).error;

beforeAll(async () => {
  h = await createHospital([{ at: "00:00" }, { at: "00:15" }]);
  other = await createHospital([{ at: "00:00" }]);
  server = await startTestServer();
  const doc = JSON.parse((await request(`${server.url}/api/openapi.json`)).text) as {
    paths: Record<string, Record<string, unknown>>;
  };
  // The plain routes (a file, not a procedure's JSON) take the tracking link's own checks: tested beside them.
  const plain = Object.entries(doc.paths).filter(([path]) => PLAIN_ROUTES.includes(path));
  expect(plain.map(([path]) => path)).toEqual(PLAIN_ROUTES);
  restOps = Object.entries(doc.paths)
    .filter(([path]) => !PLAIN_ROUTES.includes(path))
    .flatMap(([path, ops]) =>
      Object.keys(ops).map((m) => {
        const method = m.toUpperCase();
        const procedure = procedures.find((p) => p.openapi?.path === path && p.openapi.method === method);
        if (!procedure) throw new Error(`${method} ${path} is served by no procedure`);
        return { method, path, procedure };
      }),
    );
});
afterAll(async () => {
  await server?.close();
});

describe("the router's surface", () => {
  it("every procedure with an input has a sample input in the kit (so every test below reaches it)", () => {
    const samples = sampleInputs(h);
    const missing = procedures.filter((p) => p.keys.length > 0 && !samples[p.path]).map((p) => p.path);
    expect(missing).toEqual([]);
    expect(restOps.length).toBeGreaterThanOrEqual(13);
  });

  it("the public procedures are exactly the listed ones; every other one answers 401 without a session", async () => {
    const samples = sampleInputs(h);
    const before = await dbSnapshot([h.hospital.id, other.hospital.id]);
    const open: string[] = [];
    for (const p of procedures) {
      // With a valid input and with garbage: the session is checked before anything is read.
      const outcomes = [await call(p, samples[p.path]), await call(p, { bogus: "x".repeat(300) })];
      const signIn = outcomes.every((e) => e?.code === "UNAUTHORIZED" && e.reason === "SIGN_IN_REQUIRED");
      if (!signIn) open.push(p.path);
    }
    expect(open.sort()).toEqual(PUBLIC_PROCEDURES);
    expect(await dbSnapshot([h.hospital.id, other.hospital.id])).toEqual(before);
  });

  it("every REST path of /api/openapi.json but the tracking ones answers 401 without a session", async () => {
    const samples = sampleInputs(h);
    const refused: string[] = [];
    for (const op of restOps) {
      const r = await rest(op, samples[op.procedure.path] ?? {});
      expect(r.status, `${op.method} ${op.path}`).toBeLessThan(500);
      if (r.status === 401) {
        expect(restError(r)).toMatchObject({ code: "SIGN_IN_REQUIRED" });
        refused.push(op.procedure.path);
      }
    }
    const staffOps = restOps.filter((op) => !isPublic(op.procedure)).map((op) => op.procedure.path);
    expect(refused.sort()).toEqual(staffOps.sort());
    expect(restOps.filter((op) => isPublic(op.procedure)).map((op) => op.path)).toEqual([
      "/appointments/track/{token}",
      "/appointments/refresh-queue/{token}",
      "/appointments/track/{token}/check-in",
      "/appointments/track/{token}/late",
      "/appointments/track/{token}/cancel",
      "/appointments/track/{token}/push",
      "/appointments/track/{token}/push",
      "/appointments/track/{token}/push/remove",
      "/setup",
    ]);
  });
});

describe("roles", () => {
  it("each role gets 403 naming the permission exactly where the role matrix says, on every staff procedure", async () => {
    expect(Object.keys(DENIED).filter((path) => !staffProcedures.some((p) => p.path === path))).toEqual([]);
    const before = await dbSnapshot([h.hospital.id, other.hospital.id]);
    const forbidden: Record<string, Role[]> = {};
    for (const p of staffProcedures) {
      for (const role of ROLES) {
        // An empty input: the role is checked before the input, so nothing can run for a refused role.
        // (An allowed subscription with no date just waits: a second without an error is enough.)
        const err = await call(p, {}, h.cookies[role], 1_000);
        if (err?.code !== "FORBIDDEN") continue;
        expect(err.reason).toBe("ROLE_NOT_ALLOWED");
        expect(err.message).toMatch(new RegExp(`^Your role \\(${role}\\) may not \\w+`));
        forbidden[p.path] = [...(forbidden[p.path] ?? []), role];
      }
    }
    expect(forbidden).toEqual(DENIED);
    expect(await dbSnapshot([h.hospital.id, other.hospital.id])).toEqual(before);
  });

  it("a doctor's session gets 403 on the REST paths reception owns", async () => {
    const samples = sampleInputs(h);
    for (const op of restOps) {
      const denied = DENIED[op.procedure.path]?.includes("DOCTOR") ?? false;
      const r = await rest(op, samples[op.procedure.path] ?? {}, { cookie: h.cookies.DOCTOR });
      if (denied) {
        expect(r.status, `${op.method} ${op.path}`).toBe(403);
        expect(restError(r)?.code).toBe("ROLE_NOT_ALLOWED");
        expect(restError(r)?.message).toMatch(/^Your role \(DOCTOR\) may not /);
      } else expect(r.status, `${op.method} ${op.path}`).not.toBe(403);
    }
  });
});

describe("another hospital's records do not exist for you", () => {
  /** The input with every id replaced by one that exists nowhere. */
  const withMissingIds = (input: Record<string, unknown>) =>
    Object.fromEntries(Object.entries(input).map(([k, v]) => [k, ID_KEYS.includes(k) ? MISSING_ID : v]));
  const mentionsId = (p: { keys: string[] }) => p.keys.some((k) => ID_KEYS.includes(k));

  it("every staff procedure naming a doctor, appointment, staff member or token: 404, like a missing id", async () => {
    const theirs = sampleInputs(other);
    // A doctor account needs a doctor: ask for the other hospital's.
    theirs["adminStaff.create"] = {
      ...theirs["adminStaff.create"],
      role: "DOCTOR",
      doctorId: other.doctor.id,
    };
    const before = await dbSnapshot([h.hospital.id, other.hospital.id]);
    const outcomes: Record<string, unknown> = {};
    const expected: Record<string, unknown> = {};
    const targets = staffProcedures.filter(mentionsId);
    expect(targets.length).toBeGreaterThan(30);
    for (const p of targets) {
      const input = theirs[p.path]!;
      const cross = await call(p, input, h.cookies.ADMIN);
      const missing = await call(p, withMissingIds(input), h.cookies.ADMIN);
      outcomes[p.path] = { cross, missing };
      // The same reason too: nothing tells another hospital's record from one that does not exist.
      expected[p.path] = {
        cross: { code: "NOT_FOUND", reason: missing?.reason, message: missing?.message },
        missing: missing,
      };
      expect(missing?.code, p.path).toBe("NOT_FOUND");
    }
    expect(outcomes).toEqual(expected);
    expect(await dbSnapshot([h.hospital.id, other.hospital.id])).toEqual(before);
  });

  it("every REST path naming a doctor or appointment: 404 in the envelope, like a missing id", async () => {
    const theirs = sampleInputs(other);
    theirs["adminStaff.create"] = {
      ...theirs["adminStaff.create"],
      role: "DOCTOR",
      doctorId: other.doctor.id,
    };
    const before = await dbSnapshot([h.hospital.id, other.hospital.id]);
    for (const op of restOps.filter((op) => !isPublic(op.procedure) && mentionsId(op.procedure))) {
      const input = theirs[op.procedure.path]!;
      const cross = await rest(op, input, { cookie: h.cookies.ADMIN });
      const missing = await rest(op, withMissingIds(input), { cookie: h.cookies.ADMIN });
      expect([cross.status, missing.status], `${op.method} ${op.path}`).toEqual([404, 404]);
      expect(restError(cross), `${op.method} ${op.path}`).toEqual(restError(missing));
    }
    expect(await dbSnapshot([h.hospital.id, other.hospital.id])).toEqual(before);
  });
});
