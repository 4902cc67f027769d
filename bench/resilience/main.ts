// npm run bench:resilience -- [--calls N] [--clients K]
// Timings of the failure paths that the tests check only for behaviour (the figures moved here from
// timed assertions; a bench prints, it does not assert):
// 1. Redis unreachable (no PostgreSQL needed): how long the process's cache (ResilientCache) takes to
//    answer from memory, and how long a command takes to be refused by a connection that is down
//    (no offline queue: refused at once, never after the command timeout).
// 2. Graceful shutdown (PostgreSQL and Redis: DATABASE_URL / REDIS_URL or the machine's defaults):
//    K patients follow a queue over wsLink on instance A, with instance B beside it; A gets SIGTERM,
//    sends the reconnect notice and waits (up to its 3 s drain) for the clients to leave. Printed:
//    SIGTERM to A's exit, and to every client being connected to B.
import { randomBytes } from "node:crypto";
import { parseArgs } from "node:util";
import { createTRPCClient, createWSClient, wsLink } from "@trpc/client";
import superjson from "superjson";
import WebSocket from "ws";
import { ResilientCache } from "../../server/cache/resilient.ts";
import { freePort } from "../../server/cache/testing/redis-server.ts";
import { closeRedisConnection, createRedisConnection } from "../../server/redis.ts";
import { startInstance } from "../../server/test/instances.ts";
import type { AppRouter } from "../../server/trpc/root.ts";
import { WS_PATH } from "../../server/ws/ws-server.ts";
import {
  createBenchQueue,
  DEFAULT_DATABASE_URL,
  DEFAULT_REDIS_URL,
  percentile,
  round,
} from "../fanout/setup.ts";

const { values } = parseArgs({
  options: {
    calls: { type: "string", default: "2000" },
    clients: { type: "string", default: "50" },
  },
});
const CALLS = Number(values.calls);
const CLIENTS = Number(values.clients);

process.env.JWT_SECRET ??= randomBytes(32).toString("base64url");

const summary = (label: string, ms: number[]) => {
  const sorted = [...ms].sort((a, b) => a - b);
  return `${label} p50=${round(percentile(sorted, 50), 3)} p99=${round(percentile(sorted, 99), 3)} max=${round(sorted.at(-1) ?? Number.NaN, 3)}`;
};

async function until(check: () => boolean | Promise<boolean>, timeoutMs: number, what: string) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

async function redisDown() {
  const client = createRedisConnection(`redis://127.0.0.1:${await freePort()}`);
  client.on("error", () => {});
  let reconnects = 0;
  client.on("reconnecting", () => reconnects++);
  try {
    const cache = new ResilientCache({ client });
    await until(() => reconnects >= 3, 10_000, "failed reconnect attempts");
    const cacheMs: number[] = [];
    const refuseMs: number[] = [];
    for (let i = 0; i < CALLS; i++) {
      let t = performance.now();
      await cache.setIfNewer(`snap:${i % 50}`, { version: i }, 60);
      await cache.get(`snap:${i % 50}`);
      cacheMs.push((performance.now() - t) / 2);
      t = performance.now();
      await client.get("k").catch(() => null);
      refuseMs.push(performance.now() - t);
    }
    console.info(`[redis-down] ${CALLS} calls each, Redis unreachable (ms per call):`);
    console.info(`  ${summary("cache call from memory", cacheMs)}`);
    console.info(`  ${summary("command refused by the connection", refuseMs)}`);
    return {
      cacheP99: percentile(
        [...cacheMs].sort((a, b) => a - b),
        99,
      ),
      refuseP99: percentile(
        [...refuseMs].sort((a, b) => a - b),
        99,
      ),
    };
  } finally {
    await closeRedisConnection(client);
  }
}

async function shutdown() {
  const queue = await createBenchQueue(CLIENTS, process.env.DATABASE_URL ?? DEFAULT_DATABASE_URL);
  const env = {
    DATABASE_URL: queue.databaseUrl,
    REDIS_URL: process.env.REDIS_URL ?? DEFAULT_REDIS_URL,
    REDIS_KEY_PREFIX: `pq-bench-${randomBytes(4).toString("hex")}:`,
    LOG_LEVEL: "warn",
  };
  // Every client comes from 127.0.0.1: lift the per-IP cap.
  const ws = { maxConnectionsPerIp: CLIENTS * 4, rateLimit: false };
  const [a, b] = await Promise.all([startInstance({ env, ws }), startInstance({ env, ws })]);
  const clients: { close(): void }[] = [];
  try {
    const firstEvents = new Set<number>();
    for (let i = 0; i < CLIENTS; i++) {
      let attempt = 0;
      const wsClient = createWSClient({
        url: () => `${[a.url, b.url][attempt++ % 2]!.replace("http", "ws")}${WS_PATH}`,
        WebSocket: WebSocket as unknown as typeof globalThis.WebSocket,
        retryDelayMs: () => 100,
      });
      const trpc = createTRPCClient<AppRouter>({
        links: [wsLink({ client: wsClient, transformer: superjson })],
      });
      const sub = trpc.tracking.onUpdate.subscribe(
        { token: queue.tokens[i]!, lastEventId: null },
        { onData: () => firstEvents.add(i) },
      );
      clients.push({
        close() {
          sub.unsubscribe();
          wsClient.close();
        },
      });
    }
    await until(() => firstEvents.size === CLIENTS, 30_000, "every client's first event on A");
    const connectionsOn = async (i: typeof b) =>
      (await i.call<{ connections: number }>({ op: "stats" })).result.connections;
    const started = performance.now();
    const exited = a.kill("SIGTERM").then(() => performance.now() - started);
    await until(async () => (await connectionsOn(b)) === CLIENTS, 30_000, "every client on B");
    const movedMs = performance.now() - started;
    const exitMs = await exited;
    console.info(`[shutdown] ${CLIENTS} clients, SIGTERM to A (drain limit 3000 ms):`);
    console.info(
      `  A exited after ${round(exitMs)} ms; every client connected to B after ${round(movedMs)} ms`,
    );
    return { exitMs, movedMs };
  } finally {
    for (const c of clients) c.close();
    await Promise.all([a.stop(), b.stop()]);
    await queue.drop();
  }
}

async function main() {
  const down = await redisDown();
  const stop = await shutdown();
  console.info(
    `resilience cache_down_p99_ms=${round(down.cacheP99, 3)} refuse_p99_ms=${round(down.refuseP99, 3)} clients=${CLIENTS} sigterm_exit_ms=${round(stop.exitMs)} sigterm_moved_ms=${round(stop.movedMs)}`,
  );
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
