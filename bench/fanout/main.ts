// npm run bench:fanout -- [--clients N] [--changes K] [--warmup W]
// N patients (each with their own link) follow one doctor's queue over WebSocket, from a separate
// process; W changes warm both servers up (printed, not counted), then K changes are made through the
// server; for each, the time from the change's answer to each subscriber's receipt of the new
// version. The same N clients (a second process of them) follow a bare `ws` server sending a
// message of the same size (this machine's limit); the two servers take turns, change by change.
// Memory per idle socket for both.
// The server is the real code (server/test/instance-main.ts: HTTP + WebSocket + hub) on a fresh
// PostgreSQL database and Redis; it runs with the per-IP connection cap and rate lifted, since every
// client here comes from 127.0.0.1. Defaults fit a 2-core machine in under 3 minutes; the target
// run is --clients 10000. Needs PostgreSQL and Redis (DATABASE_URL / REDIS_URL or the defaults).
import { randomBytes } from "node:crypto";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { bundled, child } from "./child.ts";
import { createBenchQueue, DEFAULT_REDIS_URL, percentile, round } from "./setup.ts";

const { values } = parseArgs({
  options: {
    clients: { type: "string", default: "2000" },
    changes: { type: "string", default: "20" },
    warmup: { type: "string", default: "5" },
    concurrency: { type: "string", default: "200" },
  },
});
const N = Number(values.clients);
const K = Number(values.changes);
const W = Number(values.warmup);
const CONCURRENCY = Number(values.concurrency);
if (!Number.isInteger(N) || N < 1 || !Number.isInteger(K) || K < 1 || !Number.isInteger(W) || W < 0) {
  console.error("usage: npm run bench:fanout -- [--clients N] [--changes K] [--warmup W]");
  process.exit(2);
}

process.env.JWT_SECRET ??= randomBytes(32).toString("base64url");
const here = import.meta.dirname;
const root = path.resolve(here, "../..");

const heap = (m: NodeJS.MemoryUsage) => m.heapUsed + m.external;

type SideOptions = {
  label: string;
  clients: ReturnType<typeof child>;
  url: string;
  mode: "trpc" | "bare";
  tokens: string[];
  memory: () => Promise<NodeJS.MemoryUsage>;
  change: (k: number) => Promise<{ version: number; at: number }>;
  /**
   * When the server started sending that version (after building what it sends), and how long its
   * loop over the sockets took (the server's own time, before the kernel and the clients).
   */
  sendingSince: (version: number) => Promise<{ at: number; loopMs: number } | null>;
};

/** One server with its N subscribed clients, and what its changes measured so far. */
type Side = SideOptions & {
  latencies: number[];
  sending: number[];
  loops: number[];
  lasts: number[];
  building: number;
  changes: number;
  rssKb: number;
  heapKb: number;
  avgBytes: number;
  /** One message a client received (the app's: the bare server sends copies of it). */
  sample: string | null;
};

/** Opens the side's N clients and measures the memory one more idle socket costs. */
async function openSide(opts: SideOptions): Promise<Side> {
  const { clients, tokens } = opts;
  const n = tokens.length;
  const open = async (from: number, count: number) => {
    const t0 = Date.now();
    clients.send({
      type: "open",
      url: opts.url,
      mode: opts.mode,
      tokens: tokens.slice(from, from + count),
      from,
      concurrency: CONCURRENCY,
    });
    const opened = await clients.next((m) => m.type === "opened");
    if ((opened.failed as number) > 0 || (opened.ready as number) !== count)
      throw new Error(
        `${opts.label}: ${opened.failed} of ${count} clients failed: ${JSON.stringify(opened.errors)}`,
      );
    return {
      avgBytes: opened.avgBytes as number,
      sample: opened.sample as string | null,
      seconds: (Date.now() - t0) / 1000,
    };
  };
  const close = async (from: number) => {
    clients.send({ type: "close", from });
    await clients.next((m) => m.type === "closed");
  };
  clients.send({ type: "init", size: n });
  // One client holds the queue open (its snapshot is a per-queue cost, not a per-socket one); a
  // first round of the others lets the heap grow to its working size; the second round is measured.
  await open(0, 1);
  await open(1, n - 1);
  await close(1);
  const settle = () => new Promise((r) => setTimeout(r, 500));
  await settle();
  const before = await opts.memory();
  const opened = await open(1, n - 1);
  await settle();
  const after = await opts.memory();
  console.info(
    `[${opts.label}] ${n} clients subscribed in ${opened.seconds.toFixed(1)} s; message ${Math.round(opened.avgBytes)} bytes`,
  );
  const perConn = (a: number, b: number) => round((a - b) / (n - 1) / 1024);
  const side: Side = {
    ...opts,
    latencies: [],
    sending: [],
    loops: [],
    lasts: [],
    building: 0,
    changes: 0,
    rssKb: (after.rss - before.rss) / (n - 1) / 1024,
    heapKb: (heap(after) - heap(before)) / (n - 1) / 1024,
    avgBytes: opened.avgBytes,
    sample: opened.sample,
  };
  console.info(
    `[${opts.label}] memory per idle socket: RSS ${round(side.rssKb)} KB, heap+external ${round(side.heapKb)} KB (heap used ${perConn(after.heapUsed, before.heapUsed)}, external ${perConn(after.external, before.external)}, heap total ${perConn(after.heapTotal, before.heapTotal)})`,
  );
  return side;
}

/**
 * One change on the side's server, timed to each of its subscribers: its p99, and its loop over the
 * sockets. A warm-up change (`counted` false) is timed the same way and left out of the figures.
 */
async function measureChange(side: Side, k: number, counted = true) {
  const { version, at } = await side.change(k);
  side.clients.send({ type: "expect", version, at, timeoutMs: 60_000 });
  const result = await side.clients.next((m) => m.type === "result" && m.version === version);
  if ((result.missing as number) > 0)
    throw new Error(`${side.label}: ${result.missing} clients never got version ${version}`);
  const arrivedAt = result.arrivedAt as number[];
  const sending = await side.sendingSince(version);
  const p99 = percentile(Float64Array.from(arrivedAt.map((t) => t - at)).sort(), 99);
  await new Promise((r) => setTimeout(r, 100)); // let the servers settle between changes
  if (!counted) return { p99, loopMs: sending?.loopMs ?? null };
  const since = sending?.at ?? at;
  if (sending) side.loops.push(sending.loopMs);
  side.building += since - at;
  side.changes++;
  for (const t of arrivedAt) {
    side.latencies.push(t - at);
    side.sending.push(t - since);
  }
  side.lasts.push(Math.max(...arrivedAt) - at);
  return { p99, loopMs: sending?.loopMs ?? null };
}

function figuresOf(side: Side) {
  const sorted = Float64Array.from(side.latencies).sort();
  const figures = {
    p50: percentile(sorted, 50),
    p99: percentile(sorted, 99),
    max: sorted[sorted.length - 1]!,
    lastP50: percentile(Float64Array.from(side.lasts).sort(), 50),
    sendingP99: percentile(Float64Array.from(side.sending).sort(), 99),
    building: side.building / side.changes,
    loop: side.loops.length ? side.loops.reduce((a, b) => a + b, 0) / side.loops.length : Number.NaN,
  };
  console.info(
    `[${side.label}] change answered -> each subscriber: p50 ${round(figures.p50)} ms, p99 ${round(figures.p99)} ms, max ${round(figures.max)} ms; -> the last one (median of ${side.changes}) ${round(figures.lastP50)} ms`,
  );
  console.info(
    `[${side.label}]   of which building what is sent (snapshot, before the first send): mean ${round(figures.building)} ms; sending alone: p99 ${round(figures.sendingP99)} ms (the server's loop over its sockets: mean ${round(figures.loop)} ms)`,
  );
  return figures;
}

async function main() {
  console.info(
    `fanout: ${N} clients, ${W} warm-up + ${K} changes; ${os.cpus().length} CPUs, node ${process.version}`,
  );
  const t0 = Date.now();
  const queue = await createBenchQueue(N);
  console.info(`[setup] database, ${N} appointments and links in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  // Each server's phones in a process of their own: both sets stay open while the two take turns.
  const clients = child(path.join(here, "clients.ts"), {}, ["--max-old-space-size=4096"]);
  const bareClients = child(path.join(here, "clients.ts"), {}, ["--max-old-space-size=4096"]);
  let server: ReturnType<typeof child> | null = null;
  let bare: ReturnType<typeof child> | null = null;
  try {
    server = child(
      await bundled(path.join(root, "server/test/instance-main.ts")),
      {
        NODE_ENV: "production",
        DATABASE_URL: queue.databaseUrl,
        REDIS_URL: process.env.REDIS_URL ?? DEFAULT_REDIS_URL,
        REDIS_KEY_PREFIX: `pq-bench-${randomBytes(4).toString("hex")}:`,
        PORT: "0",
        PQ_WS_OPTIONS: JSON.stringify({ maxConnectionsPerIp: 1_000_000, rateLimit: false }),
      },
      [
        "--expose-gc",
        ...(process.env.PQ_CPU_PROF ? ["--cpu-prof", `--cpu-prof-dir=${process.env.PQ_CPU_PROF}`] : []),
        ...(process.env.PQ_BENCH_NODE_FLAGS ? process.env.PQ_BENCH_NODE_FLAGS.split(" ") : []),
      ],
    );
    const ready = await server.next((m) => m.type === "ready", 60_000);
    const srv = server;
    const ours = await openSide({
      label: "app",
      clients,
      url: `ws://127.0.0.1:${ready.port}/api/trpc-ws`,
      mode: "trpc",
      tokens: queue.tokens,
      memory: async () => (await srv.call({ op: "memory" })).result as NodeJS.MemoryUsage,
      change: async (k) => {
        const reply = await srv.call({
          op: "checkIn",
          args: { hospitalId: queue.hospitalId, appointmentId: queue.appointmentIds[k % N] },
        });
        return { version: (reply.result as { version: number }).version, at: reply.at as number };
      },
      sendingSince: async (version) => {
        const stats = (await srv.call({ op: "stats" })).result as {
          hub: { lastDelivery: { version: number; at: number; ms: number } | null };
        };
        const last = stats.hub.lastDelivery;
        return last?.version === version ? { at: last.at, loopMs: last.ms } : null;
      },
    });

    bare = child(await bundled(path.join(here, "bare-server.ts")), {}, [
      "--expose-gc",
      ...(process.env.PQ_CPU_PROF ? ["--cpu-prof", `--cpu-prof-dir=${process.env.PQ_CPU_PROF}/bare`] : []),
    ]);
    const bareReady = await bare.next((m) => m.type === "ready", 30_000);
    const b = bare;
    if (!ours.sample) throw new Error("app: no message received to copy");
    await b.call({ op: "sample", sample: ours.sample });
    const theirs = await openSide({
      label: "bare ws",
      clients: bareClients,
      url: `ws://127.0.0.1:${bareReady.port}`,
      mode: "bare",
      tokens: queue.tokens,
      memory: async () => (await b.call({ op: "memory" })).result as NodeJS.MemoryUsage,
      change: async (k) => {
        const reply = await b.call({ op: "broadcast", version: k + 1 });
        return { version: k + 1, at: reply.at as number };
      },
      sendingSince: async () => {
        const stats = (await b.call({ op: "stats" })).result as { sendingSince: number; loopMs: number };
        return { at: stats.sendingSince, loopMs: stats.loopMs };
      },
    });
    // Both servers keep their clients and take turns, change by change: a shared machine's changing
    // load falls on both alike. The first changes of a process run code V8 has not optimised yet
    // and grow its heap to its working size (--trace-deopt, --trace-gc: deopts and mark-compacts in
    // the app's first 4-6 changes), which a running instance did long ago: W changes on each side
    // come first, printed and not counted.
    const turn = async (k: number, label: string, counted: boolean) => {
      const a = await measureChange(ours, k, counted);
      const z = await measureChange(theirs, k, counted);
      const loop = (l: number | null) => (l === null ? "" : ` (loop ${round(l)} ms)`);
      console.info(
        `${label}: p99 app ${round(a.p99)} ms${loop(a.loopMs)}, bare ${round(z.p99)} ms${loop(z.loopMs)}`,
      );
    };
    for (let k = 0; k < W; k++) await turn(k, `warm-up ${k + 1}/${W} (not counted)`, false);
    for (let k = 0; k < K; k++) await turn(W + k, `change ${k + 1}/${K}`, true);
    const app = figuresOf(ours);
    const bareFigures = figuresOf(theirs);
    console.info(
      `memory per socket vs bare: heap+external ${round(ours.heapKb / theirs.heapKb, 2)}x (RSS, noisy once the heap has grown: ${round(ours.rssKb / theirs.rssKb, 2)}x)`,
    );
    console.info(`total ${((Date.now() - t0) / 1000).toFixed(0)} s`);
    console.info(
      `fanout clients=${N} p99_ms=${round(app.p99)} bare_p99_ms=${round(bareFigures.p99)} ratio=${round(app.p99 / bareFigures.p99, 2)} mem_per_conn_kb=${round(ours.heapKb)} bare_mem_per_conn_kb=${round(theirs.heapKb)}`,
    );
  } finally {
    await server?.stop();
    await bare?.stop();
    await clients.stop();
    await bareClients.stop();
    await queue.drop();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
