// npm run bench:track -- [--patients P] [--connections C] [--duration S] [--rounds R]
// Tracking reads over HTTP as the patient page polls them while its socket is down (tRPC
// tracking.get as a plain GET with `Accept: application/json`: components/track/client.ts), with
// autocannon from a separate process, against the real server (server/test/instance-main.ts on a
// fresh PostgreSQL database and Redis). The read is answered by the fast path in front of the
// procedure (server/http/track-fast.ts: limits, link and snapshot from in-process copies, the body
// written once per snapshot), as the REST path and a batch of one are. The same load goes to a bare
// node:http server answering the same bytes (body and headers); the two take turns in R rounds of
// S/R seconds each, so a shared machine's changing load falls on both. The server runs with the tracking rate
// limits raised (bench/track/server.ts): all the load comes from one IP address. Needs PostgreSQL
// and Redis (DATABASE_URL / REDIS_URL or the defaults).
import { randomBytes } from "node:crypto";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { bundled, child } from "../fanout/child.ts";
import { createBenchQueue, DEFAULT_DATABASE_URL, DEFAULT_REDIS_URL, round } from "../fanout/setup.ts";

const { values } = parseArgs({
  options: {
    patients: { type: "string", default: "60" },
    connections: { type: "string", default: "50" },
    duration: { type: "string", default: "10" },
    rounds: { type: "string", default: "5" },
  },
});
const PATIENTS = Number(values.patients);
const CONNECTIONS = Number(values.connections);
const DURATION = Number(values.duration);
const ROUNDS = Math.max(1, Number(values.rounds));
const round2 = (n: number) => round(n, 2);

process.env.JWT_SECRET ??= randomBytes(32).toString("base64url");
process.env.DATABASE_URL ??= DEFAULT_DATABASE_URL;
const here = import.meta.dirname;
/** What the page's polling sends besides the browser's own headers. */
const HEADERS = { accept: "application/json" };

type Load = {
  rps: number;
  total: number;
  p50: number;
  p99: number;
  max: number;
  non2xx: number;
  errors: number;
};

async function load(url: string, paths: string[], duration: number): Promise<Load> {
  const gen = child(path.join(here, "load.ts"), {});
  try {
    gen.send({ url, paths, headers: HEADERS, connections: CONNECTIONS, duration });
    return (await gen.next(() => true, (duration + 60) * 1000)) as unknown as Load;
  } finally {
    await gen.stop();
  }
}

/** Rounds of one server as one run: answers over the time taken; the worst p99 and max. */
function combine(runs: Load[]): Load {
  const total = runs.reduce((n, r) => n + r.total, 0);
  return {
    total,
    rps: total / DURATION,
    p50: Math.max(...runs.map((r) => r.p50)),
    p99: Math.max(...runs.map((r) => r.p99)),
    max: Math.max(...runs.map((r) => r.max)),
    non2xx: runs.reduce((n, r) => n + r.non2xx, 0),
    errors: runs.reduce((n, r) => n + r.errors, 0),
  };
}

const show = (label: string, r: Load) =>
  console.info(
    `[${label}] ${Math.round(r.rps)} req/s (${r.total} in ${DURATION} s), latency p50 ${r.p50} ms, p99 ${r.p99} ms, max ${r.max} ms; non-2xx ${r.non2xx}, errors ${r.errors}`,
  );

async function main() {
  console.info(
    `track: ${PATIENTS} links, ${CONNECTIONS} connections, ${DURATION} s each; ${os.cpus().length} CPUs, node ${process.version}`,
  );
  const queue = await createBenchQueue(PATIENTS);
  const paths = queue.tokens.map(
    (token) => `/api/trpc/tracking.get?input=${encodeURIComponent(JSON.stringify({ json: { token } }))}`,
  );
  let server: ReturnType<typeof child> | null = null;
  let bare: ReturnType<typeof child> | null = null;
  try {
    server = child(
      await bundled(path.join(here, "server.ts")),
      {
        NODE_ENV: "production",
        DATABASE_URL: queue.databaseUrl,
        REDIS_URL: process.env.REDIS_URL ?? DEFAULT_REDIS_URL,
        REDIS_KEY_PREFIX: `pq-bench-${randomBytes(4).toString("hex")}:`,
        PORT: "0",
      },
      process.env.PQ_CPU_PROF ? ["--cpu-prof", `--cpu-prof-dir=${process.env.PQ_CPU_PROF}`] : [],
    );
    const ready = await server.next((m) => m.type === "ready", 60_000);
    const url = `http://127.0.0.1:${ready.port}`;
    const sample = await fetch(`${url}${paths[0]}`, { headers: HEADERS });
    const body = await sample.text();
    /** The app's headers but those node:http writes itself or per request. */
    const headers = [...sample.headers].filter(
      ([name]) =>
        !["date", "connection", "keep-alive", "content-length", "transfer-encoding", "x-request-id"].includes(
          name,
        ),
    );
    if (sample.status !== 200)
      throw new Error(`tracking read failed: ${sample.status} ${body.slice(0, 300)}`);
    bare = child(await bundled(path.join(here, "bare-server.ts")), {});
    bare.send({ body, headers });
    const bareReady = await bare.next((m) => m.type === "ready", 30_000);
    const bareUrl = `http://127.0.0.1:${bareReady.port}`;
    await load(url, paths, 2); // warm-up: JIT, caches, connection pools
    await load(bareUrl, paths, 2);
    // Both servers stay up and take turns, so a change in the machine's load (other work on a shared
    // machine) falls on both sides alike; every round's ratio is printed.
    const slice = DURATION / ROUNDS;
    const ours: Load[] = [];
    const theirs: Load[] = [];
    for (let round = 1; round <= ROUNDS; round++) {
      ours.push(await load(url, paths, slice));
      theirs.push(await load(bareUrl, paths, slice));
      const [a, b] = [ours.at(-1)!, theirs.at(-1)!];
      console.info(
        `round ${round}/${ROUNDS}: app ${Math.round(a.rps)} req/s, bare ${Math.round(b.rps)} req/s, ratio ${round2(a.rps / b.rps)}`,
      );
    }
    const app = combine(ours);
    const bareTotal = combine(theirs);
    show("app", app);
    show("bare node:http", bareTotal);
    await bare.stop();
    bare = null;
    await server.stop();
    server = null;

    // Context: tRPC's HTTP adapter alone, answering a constant of the same size.
    const floor = child(await bundled(path.join(here, "trpc-floor-server.ts")), {});
    try {
      floor.send({ body });
      const floorReady = await floor.next((m) => m.type === "ready", 30_000);
      const floorUrl = `http://127.0.0.1:${floorReady.port}`;
      await load(floorUrl, paths, 2);
      show("tRPC adapter, constant answer", await load(floorUrl, paths, DURATION));
    } finally {
      await floor.stop();
    }
    console.info(`response body ${Buffer.byteLength(body)} bytes`);
    if (app.non2xx > 0 || app.errors > 0)
      console.warn("[app] some reads failed: the figures above count only answers");
    console.info(
      `track rps=${Math.round(app.rps)} bare_rps=${Math.round(bareTotal.rps)} ratio=${round2(app.rps / bareTotal.rps)} p99_ms=${app.p99}`,
    );
  } finally {
    await server?.stop();
    await bare?.stop();
    await queue.drop();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
