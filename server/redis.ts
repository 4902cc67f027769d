// The process's Redis connections: a pool of REDIS_POOL_SIZE for commands, handed out in turn, and one
// for pub/sub (a subscribed connection can run nothing else). Each user of Redis (the cache, each rate
// limiter, each bus's publisher) takes its connection once, so they spread over the pool: a large
// snapshot read on one socket does not hold up a rate-limit check or a publish queued behind it.
// Created on first use and kept on globalThis, because Next loads server modules more than once.
// Redis is optional and may vanish at any time: callers handle `null` and failed commands.
import { Cluster, Redis, type RedisOptions } from "ioredis";
import { env } from "./env.ts";
import { log } from "./log.ts";

export type RedisClient = Redis | Cluster;
export type RedisRole = "commands" | "subscriber";

type Connections = { commands: RedisClient[]; handedOut: number; subscriber?: RedisClient };
const g = globalThis as unknown as { __pqRedis?: Connections };
const closing = new WeakSet<RedisClient>();

/** Reconnects forever: 100 ms, 200 ms, ... then every 2 s. */
const retryStrategy = (times: number) => Math.min(50 * 2 ** times, 2000);

/** A new connection with the project's options; tests use it directly, the process through getRedis(). */
export function createRedisConnection(
  url: string,
  opts: { role?: RedisRole; cluster?: boolean; name?: string } = {},
): RedisClient {
  const role = opts.role ?? "commands";
  const subscriber = role === "subscriber";
  const options: RedisOptions = {
    lazyConnect: false,
    connectTimeout: 2000,
    retryStrategy,
    // Commands fail at once while Redis is away (callers fall back to memory). The subscriber instead
    // holds its SUBSCRIBE until the server is reachable; ioredis re-subscribes after each reconnect.
    maxRetriesPerRequest: subscriber ? null : 1,
    enableOfflineQueue: subscriber,
    commandTimeout: subscriber ? undefined : 2000,
    connectionName: `patient-queue:${opts.name ?? role}`,
  };
  const client = opts.cluster ? createCluster(url, options) : new Redis(url, options);
  watch(client, role);
  return client;
}

function createCluster(url: string, options: RedisOptions): Cluster {
  const u = new URL(url);
  return new Cluster([{ host: u.hostname, port: Number(u.port || 6379) }], {
    clusterRetryStrategy: retryStrategy,
    enableOfflineQueue: options.enableOfflineQueue,
    redisOptions: {
      ...options,
      username: decodeURIComponent(u.username) || undefined,
      password: decodeURIComponent(u.password) || undefined,
      tls: u.protocol === "rediss:" ? {} : undefined,
    },
  });
}

/** Connections of each role that are down now: an outage is logged once per role, not per connection. */
const downByRole: Record<RedisRole, Set<RedisClient>> = { commands: new Set(), subscriber: new Set() };

/** Logs each loss and each recovery once; an 'error' listener must exist or the process would crash. */
function watch(client: RedisClient, role: RedisRole) {
  const down = downByRole[role];
  const lost = (err?: Error & { code?: string }) => {
    if (down.has(client) || closing.has(client)) return;
    down.add(client);
    if (down.size > 1) return;
    const why = err ? `: ${err.message || err.code || err.name}` : "";
    log.warn(`[redis] ${role} connection unavailable${why}; using in-process fallback until it returns`);
  };
  client.on("error", lost);
  client.on("close", () => lost());
  client.on("ready", () => {
    if (down.delete(client) && down.size === 0) log.info(`[redis] ${role} connection restored`);
  });
  client.on("end", () => down.delete(client));
}

export const isRedisReady = (client: RedisClient | null | undefined) => client?.status === "ready";

/** Closes one connection without a reconnect or a "lost" warning: QUIT when connected, else at once. */
export async function closeRedisConnection(client: RedisClient) {
  closing.add(client);
  for (const down of Object.values(downByRole)) down.delete(client);
  if (client.status === "end") return;
  if (client.status !== "ready") {
    client.disconnect();
    return;
  }
  const ended = new Promise<"ended">((r) => client.once("end", () => r("ended")));
  const timeout = new Promise<"timeout">((r) => setTimeout(() => r("timeout"), 1000).unref());
  client.quit().catch(() => client.disconnect());
  if ((await Promise.race([ended, timeout])) === "timeout") client.disconnect();
}

function connections(): Connections {
  g.__pqRedis ??= { commands: [], handedOut: 0 };
  return g.__pqRedis;
}

/**
 * The next command connection of the pool, in turn, or null when REDIS_URL is unset. The whole pool
 * opens on first use, so whichever one a caller gets has been connecting since then.
 */
export function getRedis(): RedisClient | null {
  const { REDIS_URL, REDIS_CLUSTER_MODE, REDIS_POOL_SIZE } = env();
  if (!REDIS_URL) return null;
  const conns = connections();
  if (conns.commands.length === 0) {
    conns.commands = Array.from({ length: REDIS_POOL_SIZE }, (_, i) =>
      createRedisConnection(REDIS_URL, {
        role: "commands",
        cluster: REDIS_CLUSTER_MODE,
        name: `commands:${i + 1}`,
      }),
    );
  }
  return conns.commands[conns.handedOut++ % conns.commands.length]!;
}

/** The pub/sub connection (SUBSCRIBE only), or null when REDIS_URL is unset. */
export function getRedisSubscriber(): RedisClient | null {
  const { REDIS_URL, REDIS_CLUSTER_MODE } = env();
  if (!REDIS_URL) return null;
  const conns = connections();
  conns.subscriber ??= createRedisConnection(REDIS_URL, { role: "subscriber", cluster: REDIS_CLUSTER_MODE });
  return conns.subscriber;
}

/** off: not configured; degraded: configured but some connection in use is not connected right now. */
export function redisStatus(): "ok" | "degraded" | "off" {
  if (!env().REDIS_URL) return "off";
  const conns = connections();
  if (conns.commands.length === 0) getRedis();
  const inUse = [...conns.commands, ...(conns.subscriber ? [conns.subscriber] : [])];
  return inUse.every(isRedisReady) ? "ok" : "degraded";
}

export async function closeRedis() {
  const conns = g.__pqRedis;
  g.__pqRedis = undefined;
  if (!conns) return;
  const all = [...conns.commands, ...(conns.subscriber ? [conns.subscriber] : [])];
  await Promise.all(all.map((c) => closeRedisConnection(c)));
}
