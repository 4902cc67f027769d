// Prometheus metrics (prom-client) of this instance, served at /metrics. One registry per process.
// /metrics answers only a scraper that sends `Authorization: Bearer <METRICS_TOKEN>`; without
// METRICS_TOKEN set there is no /metrics at all (404), so a deployment never exposes it by default.
import { createHash, timingSafeEqual } from "node:crypto";
import type http from "node:http";
import client from "prom-client";
import { cacheStats } from "../cache/index.ts";
import { queueChangeRetries } from "../db/queue-repo.ts";
import { env } from "../env.ts";
import { getHub } from "../realtime/hub.ts";
import { wsStats } from "../realtime/ws-stats.ts";

function build() {
  const registry = new client.Registry();
  client.collectDefaultMetrics({ register: registry, prefix: "pq_" }); // includes event-loop lag
  const httpDuration = new client.Histogram({
    name: "pq_http_request_duration_seconds",
    help: "HTTP request duration by route",
    labelNames: ["method", "route", "status"] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });
  const fanout = new client.Histogram({
    name: "pq_fanout_latency_seconds",
    help: "From a committed queue change to its snapshot handed to the last local subscriber",
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [registry],
  });
  const snapshotBuild = new client.Histogram({
    name: "pq_db_snapshot_build_seconds",
    help: "Database read and build of one queue snapshot",
    buckets: [0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1],
    registers: [registry],
  });
  new client.Gauge({
    name: "pq_ws_connections",
    help: "Open WebSocket connections",
    registers: [registry],
    collect() {
      this.set(wsStats().open);
    },
  });
  new client.Gauge({
    name: "pq_ws_rooms",
    help: "Queue topics with local subscribers",
    registers: [registry],
    collect() {
      this.set(getHub().stats().rooms.length);
    },
  });
  new client.Counter({
    name: "pq_ws_messages_total",
    help: "Snapshots handed to local subscribers",
    registers: [registry],
    collect() {
      this.reset();
      this.inc(getHub().stats().messages);
    },
  });
  new client.Counter({
    name: "pq_queue_change_retries_total",
    help: "Queue changes PostgreSQL rolled back (deadlock, serialization failure) and run again",
    registers: [registry],
    collect() {
      this.reset();
      this.inc(queueChangeRetries());
    },
  });
  const cache = new client.Counter({
    name: "pq_cache_requests_total",
    help: "Cache reads by result",
    labelNames: ["result"] as const,
    registers: [registry],
    collect() {
      const s = cacheStats();
      this.reset();
      this.inc({ result: "hit" }, s.hits);
      this.inc({ result: "miss" }, s.misses);
    },
  });
  void cache;
  return { registry, httpDuration, fanout, snapshotBuild };
}

const g = globalThis as unknown as { __pqMetrics?: ReturnType<typeof build> };
export function metrics() {
  g.__pqMetrics ??= build();
  return g.__pqMetrics;
}

/** A route label with the ids and tokens taken out, so the number of series stays small. */
export function routeOf(url: string): string {
  const path = url.split("?")[0] ?? "/";
  if (path.startsWith("/api/trpc/"))
    return `/api/trpc/${path.slice(10).split(",").length > 1 ? "batch" : path.slice(10)}`;
  if (path.startsWith("/api/appointments/"))
    return path
      .replace(/\/(track|refresh-queue)\/[^/]+/, "/$1/:token")
      .replace(/\/[a-z0-9]{20,}(?=\/|$)/g, "/:id");
  if (path.startsWith("/track/")) return "/track/:token";
  if (path.startsWith("/_next/")) return "/_next/*";
  return ["/", "/board", "/login", "/doctor", "/stats", "/health", "/metrics"].includes(path)
    ? path
    : "other";
}

const digest = (s: string) => createHash("sha256").update(s).digest();

/** Whether the request carries `Authorization: Bearer <token>`, compared in constant time. */
export function hasMetricsToken(authorization: string | undefined, token: string): boolean {
  const m = /^Bearer[ ]+(\S+)[ ]*$/i.exec(authorization ?? "");
  // Equal-length digests: the comparison takes as long whatever was sent.
  return timingSafeEqual(digest(m?.[1] ?? ""), digest(token)) && m !== null;
}

/**
 * GET /metrics: false (not ours: the 404 of any unknown path) while METRICS_TOKEN is unset; 401
 * without the right bearer token; else the metrics. Never cached.
 */
export async function serveMetrics(req: http.IncomingMessage, res: http.ServerResponse): Promise<boolean> {
  const token = env().METRICS_TOKEN;
  if (!token) return false;
  if (!hasMetricsToken(req.headers.authorization, token)) {
    res.writeHead(401, {
      "Content-Type": "text/plain; charset=utf-8",
      "WWW-Authenticate": 'Bearer realm="metrics"',
      "Cache-Control": "no-store",
    });
    res.end("Send Authorization: Bearer <METRICS_TOKEN>.\n");
    return true;
  }
  const { registry } = metrics();
  const text = await registry.metrics();
  res.writeHead(200, { "Content-Type": registry.contentType, "Cache-Control": "no-store" });
  res.end(text);
  return true;
}
