// The first run, as an operator meets it: `prepare-db` with PQ_DEMO=false leaves an empty database
// empty, the server prints a setup code once, pages lead to /setup, the code works once (over REST),
// and afterwards nothing leads there any more. Real processes on a database of their own.
import { execFile, fork } from "node:child_process";
import { createHash } from "node:crypto";
import path from "node:path";
import { promisify } from "node:util";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createThrowawayDatabase, type ThrowawayDatabase } from "../db/throwaway-database.ts";
import { isPagePath } from "../http/first-run.ts";
import { describeNeeding } from "../test/needs.ts";
import { hashSetupCode, normalizeSetupCode, setupCodeOf, slugOf } from "./setup.ts";

const ROOT = path.resolve(import.meta.dirname, "../..");
const ENTRY = path.join(import.meta.dirname, "../test/first-run-main.ts");
const CODE = /setup code: ([A-Z2-7]{4}(?:-[A-Z2-7]{4}){3})/g;

describe("setup codes", () => {
  it("are 4 groups of 4 base32 characters, one per instant and secret, compared without dashes or case", () => {
    const secret = "a-secret-of-at-least-32-characters-for-tests";
    const codes = new Set(
      Array.from({ length: 200 }, (_, i) => setupCodeOf(new Date(1_800_000_000_000 + i), secret)),
    );
    // Every instance (the same secret) derives the same code from the stored row's instant; another
    // secret, another code.
    expect(setupCodeOf(new Date(1_800_000_000_000), secret)).toBe([...codes][0]);
    expect(setupCodeOf(new Date(1_800_000_000_000), `${secret}!`)).not.toBe([...codes][0]);
    const newSetupCode = () => setupCodeOf(new Date(1_900_000_000_000), secret);
    expect(codes.size).toBe(200);
    for (const code of codes) expect(code).toMatch(/^[A-Z2-7]{4}(-[A-Z2-7]{4}){3}$/);
    const code = [...codes][0]!;
    expect(normalizeSetupCode(` ${code.toLowerCase().replaceAll("-", " ")} `)).toBe(code.replaceAll("-", ""));
    expect(hashSetupCode(code.toLowerCase())).toBe(hashSetupCode(code));
    expect(hashSetupCode(code)).not.toContain(code.replaceAll("-", ""));
    expect(hashSetupCode(newSetupCode())).not.toBe(hashSetupCode(code));
  });

  it("a hospital's slug comes from its name", () => {
    expect(slugOf("St. Mary's Clinic – Nord")).toBe("st-marys-clinic-nord");
    expect(slugOf("Clínica São José")).toBe("clinica-sao-jose");
    expect(slugOf("अस्पताल")).toBe("clinic");
  });

  it("only pages are sent to /setup: not the API, Next's assets, files, health or /setup itself", () => {
    for (const p of ["/", "/board", "/admin", "/track/abc", "/login"]) expect(isPagePath(p)).toBe(true);
    for (const p of ["/setup", "/api/setup", "/api/trpc/setup.status", "/_next/static/x.js", "/icon.svg"])
      expect(isPagePath(p)).toBe(false);
    for (const p of ["/health", "/metrics", "/patient/client.abc.js"]) expect(isPagePath(p)).toBe(false);
  });
});

const run = promisify(execFile);
const base = () => process.env.PQ_TEST_BASE_DATABASE_URL ?? process.env.DATABASE_URL!;

async function prepareDb(url: string, env: Record<string, string | undefined>, args: string[] = []) {
  await run(process.execPath, ["--import", "tsx", "scripts/prepare-db.ts", ...args], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: url, ...env },
  });
}

async function count(url: string, table: string): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query(`SELECT count(*)::int AS n FROM "${table}"`);
    return rows[0].n;
  } finally {
    await client.end();
  }
}

describeNeeding(["pg"], "prepare-db", () => {
  it("with PQ_DEMO=false leaves an empty database empty; the demo loads otherwise", async () => {
    const empty = await createThrowawayDatabase(base(), "pq_setup_empty");
    const demo = await createThrowawayDatabase(base(), "pq_setup_demo");
    try {
      await prepareDb(empty.url, { PQ_DEMO: "false" }, ["--seed"]);
      expect(await count(empty.url, "Hospital")).toBe(0);
      expect(await count(empty.url, "StaffUser")).toBe(0);
      await prepareDb(demo.url, { PQ_DEMO: undefined }, ["--seed"]);
      expect(await count(demo.url, "Hospital")).toBe(1);
    } finally {
      await Promise.all([empty.drop(), demo.drop()]);
    }
  }, 120_000);
});

describeNeeding(["pg"], "first run over HTTP", () => {
  let db: ThrowawayDatabase;
  let url: string;
  let first: Awaited<ReturnType<typeof startInstance>>;

  /** A server on the database; its log so far, and how to stop it. */
  async function startInstance() {
    let log = "";
    const child = fork(ENTRY, [], {
      execArgv: ["--import", "tsx"],
      cwd: ROOT,
      env: { ...process.env, DATABASE_URL: db.url, PORT: "0" },
      stdio: ["ignore", "pipe", "pipe", "ipc"],
    });
    child.stdout?.on("data", (chunk) => {
      log += String(chunk);
    });
    child.stderr?.on("data", (chunk) => {
      log += String(chunk);
    });
    const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
    const port = await new Promise<number>((resolve, reject) => {
      child.on("message", (m: { type?: string; port?: number }) => {
        if (m.type === "ready" && m.port) resolve(m.port);
      });
      void exited.then(() => reject(new Error(`first-run server exited:\n${log}`)));
    });
    return {
      port,
      log: () => log,
      stop: async () => {
        child.kill("SIGTERM");
        await exited;
      },
    };
  }

  beforeAll(async () => {
    db = await createThrowawayDatabase(base(), "pq_first_run");
    await prepareDb(db.url, { PQ_DEMO: "false" });
    first = await startInstance();
    url = `http://127.0.0.1:${first.port}`;
  }, 120_000);
  afterAll(async () => {
    await first?.stop();
    await db?.drop();
  });

  const setup = (body: unknown) =>
    fetch(`${url}/api/setup`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(body),
    });
  const page = (p: string, headers: Record<string, string> = {}) =>
    fetch(`${url}${p}`, { redirect: "manual", headers });
  const status = async () => {
    const res = await fetch(`${url}/api/trpc/setup.status`);
    return ((await res.json()) as { result: { data: { json: { needed: boolean } } } }).result.data.json
      .needed;
  };
  const codesIn = (log: string) => [...log.matchAll(CODE)].map((m) => m[1]!);
  const codeOfLog = () => codesIn(first.log());
  const input = (
    setupCode: string,
    over: { name?: string; email?: string; timeZone?: string; password?: string } = {},
  ) => ({
    setupCode,
    hospital: {
      name: over.name ?? "Riverside Clinic",
      timeZone: over.timeZone ?? "Europe/London",
      phone: "+44 20 7946 0000",
    },
    admin: {
      name: "Ada Admin",
      email: over.email ?? "ada@riverside.example",
      password: over.password ?? "tea at the riverside",
    },
  });

  it("prints one setup code, once, and stores only its hash", async () => {
    const codes = codeOfLog();
    expect(codes).toHaveLength(1);
    const code = codes[0]!;
    expect(first.log().split(code)).toHaveLength(2);
    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    try {
      const { rows } = await client.query(`SELECT "codeHash", "usedAt" FROM "SetupCode"`);
      expect(rows).toEqual([
        { codeHash: createHash("sha256").update(code.replaceAll("-", "")).digest("hex"), usedAt: null },
      ]);
    } finally {
      await client.end();
    }
  });

  it("every instance, and a restart, prints the same code (the first one's, not a new one)", async () => {
    const [second, third] = await Promise.all([startInstance(), startInstance()]);
    try {
      expect(codesIn(second.log())).toEqual(codeOfLog());
      expect(codesIn(third.log())).toEqual(codeOfLog());
    } finally {
      await Promise.all([second.stop(), third.stop()]);
    }
  }, 120_000);

  it("leads every page to /setup until setup is done, then none; refuses a wrong code, then works once", async () => {
    const code = codeOfLog()[0]!;
    expect(await status()).toBe(true);
    for (const p of ["/", "/board", "/admin?x=1"]) {
      const res = await page(p, { accept: "text/html" });
      expect(res.status).toBe(302);
      expect(res.headers.get("location")).toBe("/setup");
    }
    expect((await page("/setup")).status).toBe(200);
    expect((await page("/icon.svg")).status).toBe(200);
    expect((await page("/api/openapi.json")).status).toBe(200);
    expect((await page("/health")).status).not.toBe(302);

    const wrong = await setup(input("AAAA-BBBB-CCCC-DDDD"));
    expect(wrong.status).toBe(400);
    expect(await wrong.json()).toMatchObject({ success: false, error: { code: "SETUP_CODE_INVALID" } });

    const zone = await setup(input(code, { timeZone: "Mars/Olympus_Mons" }));
    expect(zone.status).toBe(400);
    expect(await zone.json()).toMatchObject({
      error: { code: "TIME_ZONE_UNKNOWN", message: expect.stringContaining("Mars/Olympus_Mons") },
    });
    const weak = await setup(input(code, { password: "password123" }));
    expect(weak.status).toBe(400);
    expect(await weak.json()).toMatchObject({
      error: { issues: [{ path: ["admin", "password"], message: expect.stringMatching(/common/) }] },
    });
    expect(await status()).toBe(true);

    // Two at once with the right code (typed in lower case with spaces): exactly one succeeds.
    const typed = code.toLowerCase().replaceAll("-", " ");
    const [a, b] = await Promise.all([
      setup(input(typed, { name: "Riverside Clinic", email: "ada@riverside.example" })),
      setup(input(typed, { name: "Hillside Clinic", email: "hal@hillside.example" })),
    ]);
    const statuses = [a.status, b.status].sort();
    expect(statuses).toEqual([200, 409]);
    const [won, lost] = a.status === 200 ? [a, b] : [b, a];
    expect(await lost.json()).toMatchObject({ error: { code: "SETUP_DONE" } });
    const body = (await won.json()) as { data: { hospital: { name: string; slug: string }; next: string } };
    expect(body.data.next).toBe("/admin");
    expect(body.data.hospital.slug).toBe(
      body.data.hospital.name === "Riverside Clinic" ? "riverside-clinic" : "hillside-clinic",
    );
    expect(await count(db.url, "Hospital")).toBe(1);
    expect(await count(db.url, "StaffUser")).toBe(1);

    // The new admin is signed in.
    const cookie = won.headers.get("set-cookie")?.split(";")[0] ?? "";
    expect(cookie).toMatch(/^pq_session=/);
    const me = await fetch(`${url}/api/trpc/auth.me`, { headers: { cookie } });
    expect(
      ((await me.json()) as { result: { data: { json: { role: string; hospital: string } } } }).result.data
        .json,
    ).toMatchObject({
      role: "ADMIN",
      hospital: body.data.hospital.name,
    });

    // Done: refused with 409, and pages are served again.
    const again = await setup(input(code, { name: "Third Clinic", email: "third@example.org" }));
    expect(again.status).toBe(409);
    expect(await again.json()).toMatchObject({ error: { code: "SETUP_DONE" } });
    expect(await status()).toBe(false);
    const home = await page("/", { accept: "text/html" });
    expect(home.status).toBe(200);
    expect(await home.text()).toBe("page");
    expect(codeOfLog()).toHaveLength(1);
  }, 60_000);

  it("limits attempts per address strictly (every attempt counts)", async () => {
    const replies: number[] = [];
    for (let i = 0; i < 10; i++) replies.push((await setup(input("AAAA-BBBB-CCCC-DDDD"))).status);
    expect(replies).toContain(429);
    const limited = await setup(input("AAAA-BBBB-CCCC-DDDD"));
    expect(limited.status).toBe(429);
    expect(limited.headers.get("retry-after")).toMatch(/^\d+$/);
  });
});
