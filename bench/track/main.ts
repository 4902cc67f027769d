// npm run bench:track -- [--patients P] [--connections C] [--duration S]
// Tracking reads over HTTP as the patient page polls them while its socket is down (tRPC
// tracking.get as a plain GET with `Accept: application/json`: components/track/client.ts), with
// autocannon from a separate process, against the real server (server/test/instance-main.ts on a
// fresh PostgreSQL database and Redis). The read is answered by the fast path in front of the
// procedure (server/http/track-fast.ts: limits, link and snapshot from in-process copies, the body
// written once per snapshot), as the REST path and a batch of one are. Then the same load against
// a bare node:http server answering with an equal JSON body. The server runs with the tracking rate
// limits raised (bench/track/server.ts): all the load comes from one IP address. Needs PostgreSQL
// and Redis (DATABASE_URL / REDIS_URL or the defaults).
import { randomBytes } from "node:crypto";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { child } from "../fanout/child.ts";
import { createBenchQueue, DEFAULT_DATABASE_URL, DEFAULT_REDIS_URL, round } from "../fanout/setup.ts";

const { values } = parseArgs({
  options: {
    patients: { type: "string", default: "60" },
    connections: { type: "string", default: "50" },
    duration: { type: "string", default: "10" },
  },
});
const PATIENTS = Number(values.patients);
const CONNECTIONS = Number(values.connections);
const DURATION = Number(values.duration);

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
    server = child(path.join(here, "server.ts"), {
      NODE_ENV: "production",
      DATABASE_URL: queue.databaseUrl,
      REDIS_URL: process.env.REDIS_URL ?? DEFAULT_REDIS_URL,
      REDIS_KEY_PREFIX: `pq-bench-${randomBytes(4).toString("hex")}:`,
      PORT: "0",
    });
    const ready = await server.next((m) => m.type === "ready", 60_000);
    const url = `http://127.0.0.1:${ready.port}`;
    const sample = await fetch(`${url}${paths[0]}`, { headers: HEADERS });
    const body = await sample.text();
    if (sample.status !== 200)
      throw new Error(`tracking read failed: ${sample.status} ${body.slice(0, 300)}`);
    await load(url, paths, 2); // warm-up: JIT, caches, connection pools
    const ours = await load(url, paths, DURATION);
    show("app", ours);
    await new Promise((r) => setTimeout(r, 1_000)); // let the last answers go out before stopping
    await server.stop();
    server = null;

    // Context: tRPC's HTTP adapter alone, answering a constant of the same size.
    const floor = child(path.join(here, "trpc-floor-server.ts"), {});
    try {
      floor.send({ body });
      const floorReady = await floor.next((m) => m.type === "ready", 30_000);
      const floorUrl = `http://127.0.0.1:${floorReady.port}`;
      await load(floorUrl, paths, 2);
      show("tRPC adapter, constant answer", await load(floorUrl, paths, DURATION));
    } finally {
      await floor.stop();
    }

    bare = child(path.join(here, "bare-server.ts"), {});
    bare.send({ body });
    const bareReady = await bare.next((m) => m.type === "ready", 30_000);
    const bareUrl = `http://127.0.0.1:${bareReady.port}`;
    await load(bareUrl, paths, 2);
    const theirs = await load(bareUrl, paths, DURATION);
    show("bare node:http", theirs);
    console.info(`response body ${Buffer.byteLength(body)} bytes`);
    if (ours.non2xx > 0 || ours.errors > 0)
      console.warn("[app] some reads failed: the figures above count only answers");
    console.info(
      `track rps=${Math.round(ours.rps)} bare_rps=${Math.round(theirs.rps)} ratio=${round(ours.rps / theirs.rps, 2)} p99_ms=${ours.p99}`,
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
