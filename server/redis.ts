// The process's Redis connections: one for commands, one for pub/sub (a subscribed connection can run
// nothing else). Created on first use and kept on globalThis, because Next loads server modules more
// than once. Redis is optional and may vanish at any time: callers handle `null` and failed commands.
// REDIS_POOL_SIZE is not used: ioredis pipelines every command over its one connection.
import { Cluster, Redis, type RedisOptions } from "ioredis";
import { env } from "./env.ts";
import { log } from "./log.ts";

export type RedisClient = Redis | Cluster;
export type RedisRole = "commands" | "subscriber";

const g = globalThis as unknown as { __pqRedis?: { commands?: RedisClient; subscriber?: RedisClient } };
const closing = new WeakSet<RedisClient>();

/** Reconnects forever: 100 ms, 200 ms, ... then every 2 s. */
const retryStrategy = (times: number) => Math.min(50 * 2 ** times, 2000);

/** A new connection with the project's options; tests use it directly, the process through getRedis(). */
export function createRedisConnection(
  url: string,
  opts: { role?: RedisRole; cluster?: boolean } = {},
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
    connectionName: `patient-queue:${role}`,
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

/** Logs each loss and each recovery once; an 'error' listener must exist or the process would crash. */
function watch(client: RedisClient, role: RedisRole) {
  let down = false;
  const lost = (err?: Error & { code?: string }) => {
    if (down || closing.has(client)) return;
    down = true;
    const why = err ? `: ${err.message || err.code || err.name}` : "";
    log.warn(`[redis] ${role} connection unavailable${why}; using in-process fallback until it returns`);
  };
  client.on("error", lost);
  client.on("close", () => lost());
  client.on("ready", () => {
    if (down) log.info(`[redis] ${role} connection restored`);
    down = false;
  });
}

export const isRedisReady = (client: RedisClient | null | undefined) => client?.status === "ready";

/** Closes one connection without a reconnect or a "lost" warning: QUIT when connected, else at once. */
export async function closeRedisConnection(client: RedisClient) {
  closing.add(client);
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

function connection(role: RedisRole): RedisClient | null {
  const { REDIS_URL, REDIS_CLUSTER_MODE } = env();
  if (!REDIS_URL) return null;
  g.__pqRedis ??= {};
  const conns = g.__pqRedis;
  conns[role] ??= createRedisConnection(REDIS_URL, { role, cluster: REDIS_CLUSTER_MODE });
  return conns[role];
}

/** The command connection, or null when REDIS_URL is unset. */
export const getRedis = (): RedisClient | null => connection("commands");

/** The pub/sub connection (SUBSCRIBE only), or null when REDIS_URL is unset. */
export const getRedisSubscriber = (): RedisClient | null => connection("subscriber");

/** off: not configured; degraded: configured but not connected right now. */
export function redisStatus(): "ok" | "degraded" | "off" {
  const commands = getRedis();
  if (!commands) return "off";
  const subscriber = g.__pqRedis?.subscriber;
  return isRedisReady(commands) && (!subscriber || isRedisReady(subscriber)) ? "ok" : "degraded";
}

export async function closeRedis() {
  const conns = g.__pqRedis;
  g.__pqRedis = undefined;
  if (!conns) return;
  await Promise.all(Object.values(conns).map((c) => c && closeRedisConnection(c)));
}
