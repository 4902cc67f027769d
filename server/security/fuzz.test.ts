// Hostile input over real HTTP and the WebSocket with fast-check, for EVERY procedure of the router
// (queries as GET ?input=, mutations as POST, subscriptions over the socket) and every REST path of
// /api/openapi.json: random and malformed bodies, wrong types, huge strings, odd unicode, odd
// numbers, bad dates, extra fields, deep nesting. Never a 5xx, and a refused request changes nothing
// (the hospitals' rows are fingerprinted after every request and compared with the one before).
//
// The rate limits are raised in this file (the limiters still run), as the track bench does: fuzzing
// sends hundreds of requests a second from one address and must be measured, not refused. Requests
// come from a loopback address of their own, so no other test's limiter keys are touched.
import fc from "fast-check";
import superjson from "superjson";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { until } from "../cache/testing/redis-server.ts";
import { overrideLimits } from "../http/rate-limit.ts";
import { startTestServer } from "../test/server.ts";
import { WS_PATH } from "../ws/ws-server.ts";
import {
  createHospital,
  dbSnapshot,
  freshIp,
  type Hospital,
  listProcedures,
  type Reply,
  request,
  sampleInputs,
  sessionCookieFor,
} from "./kit.ts";

// The limits the fuzzer would hit are lifted for this file only (before any limiter is made from
// them): `overrideLimits` keeps them in a process-wide singleton that is forgotten before the next file.
const unlimited = { points: 1_000_000_000, duration: 60 };
const lifted = ["trackIp", "trackToken", "loginIp", "loginAccount", "loginAddress", "wsIp"] as const;
beforeAll(() => {
  overrideLimits(Object.fromEntries(lifted.map((name) => [name, unlimited])));
});

/**
 * Cases per procedure or path: 30 (20 per subscription), times PQ_FUZZ_SCALE (0 to 1, default 1; at
 * least 4 each). CI's second pass of the suite, under libfaketime, runs 0.2 of them: that pass is
 * about the hour, and the full set takes 140 s on a slow 2-core machine.
 */
const SCALE = Math.min(1, Math.max(0, Number(process.env.PQ_FUZZ_SCALE ?? 1) || 0)) || 1;
const runs = (n: number) => Math.max(4, Math.round(n * SCALE));
const RUNS = { trpc: runs(30), rest: runs(30), subscription: runs(20) };
/** Per fuzz test; the suite's 20 s default is too tight for a busy machine. */
const FUZZ_TIMEOUT_MS = 120_000;
const ranPerTarget: Record<string, number> = {};

let h: Hospital;
let other: Hospital;
let server: Awaited<ReturnType<typeof startTestServer>>;
let samples: Record<string, Record<string, unknown>>;
let last: Record<string, string>;
const from = freshIp();
const procedures = listProcedures();

// ---- hostile values ----
const oddStrings = fc.constantFrom(
  "",
  " ",
  "\u0000",
  "\ud800",
  "\udfff",
  "a\ud83db",
  "\u202Eevil\u202C",
  "\u200B\u200C\u200D\uFEFF",
  "مرحبا بالعالم",
  "👩‍👩‍👧‍👦🏳️‍🌈",
  "Z\u0351\u0352\u0353alg\u0354o",
  '\'; DROP TABLE "Appointment"; --',
  "../../etc/passwd",
  "%00%2e%2e%2f",
  "<script>alert(1)</script>",
  "{{7*7}}$" + "{7*7}",
  "__proto__",
  "constructor",
  "x".repeat(70),
  "x".repeat(5_000),
);
const badDates = fc.constantFrom(
  "2026-02-30",
  "2026-13-01",
  "0000-00-00",
  "1999-12-31",
  "2100-01-01",
  "9999-12-31T23:59:59Z",
  "2026-06-04T25:61:00Z",
  "2026-06-04T10:00:00+99:00",
  "+275760-09-13T00:00:00.000Z",
  "yesterday",
  "2026-06-04\u0000",
  "２０２６-０６-０４",
);
const oddNumbers = fc.constantFrom(
  -1,
  0,
  -0,
  0.5,
  -1e308,
  1e308,
  Number.MAX_SAFE_INTEGER + 2,
  Number.MIN_SAFE_INTEGER,
  2 ** 31,
  Number.NaN,
  Number.POSITIVE_INFINITY,
  Number.NEGATIVE_INFINITY,
);
const deep = fc.integer({ min: 50, max: 800 }).map((depth) => {
  let v: unknown = "bottom";
  for (let i = 0; i < depth; i++) v = i % 2 ? [v] : { a: v };
  return v;
});
const hostile: fc.Arbitrary<unknown> = fc.oneof(
  oddStrings,
  badDates,
  oddNumbers,
  fc.string({ unit: "binary", maxLength: 40 }),
  fc.string({ maxLength: 300 }),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.constant(undefined),
  fc.date({ noInvalidDate: false }),
  fc.bigInt(),
  fc.array(fc.string({ maxLength: 5 }), { maxLength: 5 }),
  fc.dictionary(fc.string({ maxLength: 8 }), fc.string({ maxLength: 8 }), { maxKeys: 4 }),
  deep,
);

/** An input: a sample with fields made hostile or added, or something else entirely. */
function inputFor(sample: Record<string, unknown>): fc.Arbitrary<unknown> {
  const keys = Object.keys(sample);
  const mutated = fc
    .record({
      replace: keys.length ? fc.subarray(keys, { minLength: 1 }) : fc.constant([] as string[]),
      values: fc.array(hostile, { minLength: keys.length, maxLength: keys.length }),
      extra: fc.option(fc.dictionary(fc.string({ maxLength: 10 }), hostile, { maxKeys: 3 })),
    })
    .map(({ replace, values, extra }) => {
      const out: Record<string, unknown> = { ...sample, ...(extra ?? {}) };
      replace.forEach((k, i) => {
        out[k] = values[i];
      });
      return out;
    });
  const dropped = keys.length ? fc.subarray(keys).map((drop) => omit(sample, drop)) : fc.constant({});
  return fc.oneof(
    { weight: 5, arbitrary: mutated },
    { weight: 1, arbitrary: dropped },
    { weight: 1, arbitrary: hostile },
    { weight: 1, arbitrary: fc.anything({ maxDepth: 3, withNullPrototype: true, withBigInt: true }) },
  );
}
/** tRPC's wire form (superjson); plain JSON where superjson refuses to send it (e.g. a "__proto__" key). */
function wireOf(input: unknown): string {
  try {
    return JSON.stringify(superjson.serialize(input));
  } catch {
    return json({ json: input }) ?? "";
  }
}
/** A URL path segment; a lone surrogate goes as its (malformed) UTF-8 bytes, as a raw client can send. */
const segment = (s: string) =>
  Array.from(s, (ch) => {
    try {
      return encodeURIComponent(ch);
    } catch {
      const c = ch.charCodeAt(0);
      return [0xe0 | (c >> 12), 0x80 | ((c >> 6) & 0x3f), 0x80 | (c & 0x3f)]
        .map((b) => `%${b.toString(16).toUpperCase()}`)
        .join("");
    }
  }).join("");
/** JSON as a careless client sends it: a BigInt as its digits. */
const json = (v: unknown) => JSON.stringify(v, (_k, x) => (typeof x === "bigint" ? x.toString() : x));
const omit = (o: Record<string, unknown>, keys: string[]) =>
  Object.fromEntries(Object.entries(o).filter(([k]) => !keys.includes(k)));

/** Bodies and query strings that are not even well-formed. */
const malformed = fc.constantFrom(
  "{",
  "{not json",
  "[]",
  "null",
  '"a string"',
  "1e999999",
  '{"json":',
  '{"json":{"a":1},"meta":{"values":{"a":["Date"]}}}',
  '{"json":{"a":"x"},"meta":{"values":{"a":[["custom","nope"]]}}}',
  '{"json":{"__proto__":{"polluted":true}}}',
  '{"json":{"constructor":{"prototype":{"polluted":true}}}}',
  `{"json":${"[".repeat(5_000)}${"]".repeat(5_000)}}`,
  "\uFEFF{}",
  "\xff\xfe\x00",
);

const identity = () => fc.constantFrom("ADMIN", "ADMIN", "ADMIN", "DOCTOR", "none");
const cookieOf = (who: string) => (who === "none" ? {} : { cookie: h.cookies[who as "ADMIN" | "DOCTOR"] });

/** Every refused request leaves the rows as they were; an accepted one may change them. */
async function checkReply(what: string, reply: Reply) {
  expect(reply.status, `${what} → ${reply.status} ${reply.text.slice(0, 300)}`).toBeLessThan(500);
  const now = await dbSnapshot([h.hospital.id, other.hospital.id]);
  if (reply.status >= 400) expect(now, `${what} → ${reply.status} changed the database`).toEqual(last);
  last = now;
}

const count = (target: string) => {
  ranPerTarget[target] = (ranPerTarget[target] ?? 0) + 1;
};

beforeAll(async () => {
  h = await createHospital([
    { at: "00:00", status: "CHECKED_IN", paidMinutesBefore: 5 },
    { at: "00:10" },
    { at: "00:20", status: "NO_SHOW" },
  ]);
  other = await createHospital([{ at: "00:00" }]);
  server = await startTestServer({ rateLimit: false });
  samples = sampleInputs(h);
  last = await dbSnapshot([h.hospital.id, other.hospital.id]);
});
afterAll(async () => {
  await server?.close();
  const rows = Object.entries(ranPerTarget).sort(([a], [b]) => a.localeCompare(b));
  if (rows.length === 0) return;
  console.info(
    `[fuzz] cases per target (${rows.length} targets, ${rows.reduce((n, [, c]) => n + c, 0)} cases):\n${rows
      .map(([t, c]) => `  ${t}: ${c}`)
      .join("\n")}`,
  );
});

describe("fuzz over tRPC HTTP", () => {
  it(
    "every query (GET ?input=) and mutation (POST): never a 5xx, refused requests change nothing",
    async () => {
      const targets = procedures.filter((p) => p.type !== "subscription");
      expect(targets.length).toBeGreaterThan(45);
      for (const p of targets) {
        const sample = samples[p.path] ?? {};
        await fc.assert(
          fc.asyncProperty(
            fc.oneof(
              {
                weight: 6,
                arbitrary: inputFor(sample).map((input) => ({ input, raw: null as string | null })),
              },
              { weight: 1, arbitrary: malformed.map((raw) => ({ input: undefined as unknown, raw })) },
            ),
            identity(),
            async ({ input, raw }, who) => {
              count(`trpc ${p.path}`);
              const wire = raw ?? wireOf(input);
              // Signing out really ends a session now: it gets a session of its own each time, so
              // the shared ones the other targets use stay signed in.
              const headers =
                p.path === "auth.logout" && who !== "none"
                  ? { cookie: await sessionCookieFor(h.staff[who as "ADMIN" | "DOCTOR"]) }
                  : cookieOf(who);
              const reply =
                p.type === "query"
                  ? await request(`${server.url}/api/trpc/${p.path}?input=${encodeURIComponent(wire)}`, {
                      headers,
                      from,
                    })
                  : await request(`${server.url}/api/trpc/${p.path}`, {
                      method: "POST",
                      headers: { ...headers, "content-type": "application/json" },
                      body: wire,
                      from,
                    });
              await checkReply(`${p.path} as ${who} with ${wire.slice(0, 200)}`, reply);
            },
          ),
          { numRuns: RUNS.trpc },
        );
      }
    },
    FUZZ_TIMEOUT_MS,
  );
});

describe("fuzz over the REST paths", () => {
  it(
    "every path of /api/openapi.json: hostile path, query and body; never a 5xx, refused requests change nothing",
    async () => {
      const doc = JSON.parse((await request(`${server.url}/api/openapi.json`)).text) as {
        paths: Record<string, Record<string, unknown>>;
      };
      const ops = Object.entries(doc.paths).flatMap(([path, o]) =>
        Object.keys(o).map((m) => ({
          method: m.toUpperCase(),
          path,
          procedure: procedures.find((p) => p.openapi?.path === path && p.openapi.method === m.toUpperCase()),
        })),
      );
      expect(ops.length).toBeGreaterThanOrEqual(13);
      for (const op of ops) {
        const sample = samples[op.procedure?.path ?? ""] ?? {};
        await fc.assert(
          fc.asyncProperty(
            inputFor(sample),
            fc.option(malformed, { freq: 5 }),
            identity(),
            async (input, raw, who) => {
              count(`rest ${op.method} ${op.path}`);
              const fields: Record<string, unknown> =
                input && typeof input === "object" && !Array.isArray(input) ? { ...input } : {};
              const path = op.path.replace(/\{(\w+)\}/g, (_, k: string) => {
                const v = fields[k];
                delete fields[k];
                return segment(typeof v === "string" ? v : (json(v) ?? "undefined"));
              });
              const headers = cookieOf(who);
              let reply: Reply;
              if (op.method === "GET") {
                const qs = new URLSearchParams();
                for (const [k, v] of Object.entries(fields))
                  qs.set(k, typeof v === "string" ? v : (json(v) ?? ""));
                reply = await request(`${server.url}/api${path}?${qs}`, { headers, from });
              } else {
                const body = raw ?? json(typeof input === "object" ? fields : input) ?? "";
                reply = await request(`${server.url}/api${path}`, {
                  method: op.method,
                  headers: { ...headers, "content-type": "application/json" },
                  body,
                  from,
                });
              }
              await checkReply(`${op.method} ${path} as ${who}`, reply);
              // The seed's envelope on every refusal, but Node's own 431 (headers over 16 KiB) to a huge query.
              if (reply.status >= 400 && reply.status !== 431)
                expect(JSON.parse(reply.text)).toMatchObject({ success: false });
            },
          ),
          { numRuns: RUNS.rest },
        );
      }
    },
    FUZZ_TIMEOUT_MS,
  );
});

// ---- cookies and headers are client input too ----
const headerChars = fc.constantFrom(
  ..."abcXYZ019=;,% \"'\\/:._-+*!?@[]{}<>".split(""),
  "%E0",
  "%ZZ",
  "%",
  "%00",
  "%C0%AF",
  "\u00e9",
  "\u00ff",
  "\t",
);
const headerText = fc.string({ unit: headerChars, maxLength: 60 });
const cookieHeader = fc.oneof(
  headerText,
  headerText.map((v) => `pq_session=${v}`),
  fc.tuple(headerText, headerText).map(([a, b]) => `${a}=${b}; pq_session=${b}`),
  fc.constantFrom("pq_session=%E0", "pq_session=%", "pq_session=%ZZ", "pq_session=", "=;=;", ";;;"),
);
const otherHeaders = fc.record(
  {
    authorization: fc.oneof(
      headerText,
      headerText.map((v) => `Bearer ${v}`),
      fc.constant("Bearer pq_%E0"),
    ),
    origin: fc.oneof(headerText, fc.constantFrom("null", "http://evil.example", "https://x:99999")),
    "x-forwarded-for": headerText,
    "x-request-id": headerText,
    "accept-language": headerText,
    "sec-fetch-site": fc.constantFrom("cross-site", "same-site", "same-origin", "none", "%E0"),
    "content-type": fc.constantFrom("application/json", "text/plain", "application/json; charset=%E0", "%"),
  },
  { requiredKeys: [] },
);

describe("fuzz over cookies and headers", () => {
  it(
    "odd cookies and headers on every kind of surface: never a 5xx, refused requests change nothing",
    async () => {
      const token = h.trackingTokens[0]!;
      const board = encodeURIComponent(JSON.stringify({ json: {} }));
      const targets: { name: string; method: string; path: string; body?: string }[] = [
        { name: "trpc staff query", method: "GET", path: `/api/trpc/queue.board?input=${board}` },
        { name: "trpc public query", method: "GET", path: "/api/trpc/auth.me" },
        { name: "trpc mutation", method: "POST", path: "/api/trpc/auth.logout", body: '{"json":null}' },
        {
          name: "trpc staff mutation",
          method: "POST",
          path: "/api/trpc/queue.pause",
          body: `{"json":{"doctorId":"${h.doctor.id}"}}`,
        },
        { name: "rest staff", method: "GET", path: "/api/appointments/websocket/stats" },
        { name: "rest tracking read", method: "GET", path: `/api/appointments/track/${token}` },
        { name: "health", method: "GET", path: "/health" },
      ];
      for (const t of targets) {
        await fc.assert(
          fc.asyncProperty(cookieHeader, otherHeaders, async (cookie, headers) => {
            count(`headers ${t.name}`);
            let reply: Reply;
            try {
              reply = await request(`${server.url}${t.path}`, {
                method: t.method,
                headers: { ...headers, cookie },
                body: t.body,
                from,
              });
            } catch (err) {
              // Node's client refuses some header bytes before sending: nothing reached the server.
              if ((err as { code?: string }).code === "ERR_INVALID_CHAR") return;
              throw err;
            }
            await checkReply(`${t.name} cookie=${JSON.stringify(cookie)} ${JSON.stringify(headers)}`, reply);
          }),
          { numRuns: RUNS.rest },
        );
      }
      // The WebSocket upgrade with the same headers: refused or opened, the server stays up.
      await fc.assert(
        fc.asyncProperty(cookieHeader, async (cookie) => {
          count("headers ws upgrade");
          const socket = new WebSocket(`${server.url.replace("http", "ws")}${WS_PATH}`, {
            headers: { cookie },
            localAddress: from,
          });
          const outcome = await new Promise<string>((resolve) => {
            socket.once("open", () => resolve("open"));
            socket.once("unexpected-response", (_req, res) => resolve(String(res.statusCode)));
            socket.once("error", (err) => resolve(`error ${err.message}`));
          });
          socket.terminate();
          expect(
            outcome === "open" || Number(outcome) < 500,
            `upgrade with cookie ${cookie}: ${outcome}`,
          ).toBe(true);
        }),
        { numRuns: RUNS.subscription },
      );
      expect((await request(`${server.url}/health`, { from })).status).toBe(200);
    },
    FUZZ_TIMEOUT_MS,
  );
});

describe("found by the fuzzer", () => {
  it("query parameters named like Object.prototype members are no 500 on the REST paths", async () => {
    const cookie = h.cookies.ADMIN;
    for (const key of ["valueOf", "toString", "constructor", "hasOwnProperty", "__proto__"]) {
      const stats = await request(`${server.url}/api/appointments/websocket/stats?${key}=1`, {
        headers: { cookie },
        from,
      });
      expect(stats.status, key).toBe(200);
      const slots = await request(
        `${server.url}/api/appointments/queue/slot-based/${h.doctor.id}?date=${h.date}&${key}=x`,
        { headers: { cookie }, from },
      );
      expect(slots.status, key).toBe(200);
    }
  });

  it("a NUL byte in an id or a notice is a 400, on tRPC and REST", async () => {
    const cookie = h.cookies.ADMIN;
    const rpc = await request(`${server.url}/api/trpc/queue.resume`, {
      method: "POST",
      headers: { cookie, "content-type": "application/json" },
      body: JSON.stringify({ json: { doctorId: "doc\u0000tor" } }),
      from,
    });
    expect(rpc.status).toBe(400);
    // A real doctor and a notice that cannot be stored: refused whole, the queue day untouched.
    const rest = await request(`${server.url}/api/appointments/queue/emergency/${h.doctor.id}`, {
      method: "POST",
      headers: { cookie, "content-type": "application/json" },
      body: JSON.stringify({ message: "late\u0000", priority: "high", estimatedDelay: 5 }),
      from,
    });
    expect(rest.status).toBe(400);
    await checkReply("NUL byte", rest);
  });
});

describe("fuzz over the WebSocket", () => {
  it(
    "every subscription: hostile inputs answer an error frame below 500 or data, never a 5xx",
    async () => {
      const targets = procedures.filter((p) => p.type === "subscription");
      expect(targets.length).toBeGreaterThanOrEqual(4);
      for (const p of targets) {
        for (const who of ["ADMIN", "none"]) {
          const socket = new WebSocket(`${server.url.replace("http", "ws")}${WS_PATH}`, {
            headers: cookieOf(who),
            localAddress: from,
          });
          type Frame = { error?: { data?: { httpStatus?: number } }; result?: { type?: string } };
          const frames = new Map<number, Frame[]>();
          socket.on("message", (data) => {
            const frame = JSON.parse(data.toString()) as Frame & { id?: number };
            if (typeof frame.id === "number") frames.set(frame.id, [...(frames.get(frame.id) ?? []), frame]);
          });
          await new Promise((resolve, reject) => socket.once("open", resolve).once("error", reject));
          let id = 0;
          await fc.assert(
            fc.asyncProperty(inputFor(samples[p.path] ?? {}), async (input) => {
              count(`ws ${p.path}`);
              const n = ++id;
              socket.send(
                JSON.stringify({
                  id: n,
                  method: "subscription",
                  params: { path: p.path, input: JSON.parse(wireOf(input)) },
                }),
              );
              // The answer: "started" (then data or an error from inside), or an error at once.
              await expect.poll(() => frames.has(n), { timeout: 5_000, interval: 5 }).toBe(true);
            }),
            { numRuns: Math.ceil(RUNS.subscription / 2) },
          );
          // Errors raised after "started" come before the subscription's end: stop every one, and
          // wait until each has ended ("stopped", or the error that ended it).
          for (const n of frames.keys()) socket.send(JSON.stringify({ id: n, method: "subscription.stop" }));
          await until(
            () =>
              [...frames.values()].every((list) => list.some((f) => f.error || f.result?.type === "stopped")),
            10_000,
            `every ${p.path} subscription to end`,
          );
          for (const [n, list] of frames) {
            for (const frame of list) {
              const status = frame.error?.data?.httpStatus ?? 200;
              expect(
                status,
                `${p.path} as ${who} #${n}: ${JSON.stringify(frame).slice(0, 300)}`,
              ).toBeLessThan(500);
            }
          }
          socket.close();
          const now = await dbSnapshot([h.hospital.id, other.hospital.id]);
          expect(now, `${p.path} subscriptions changed the database`).toEqual(last);
        }
      }
    },
    FUZZ_TIMEOUT_MS,
  );
});
