// The tRPC WebSocket endpoint on the HTTP server's upgrade event. The path must not match a Next
// route (Next would end the socket), hence /api/trpc-ws rather than /api/trpc/ws.
// At the upgrade: Origin allowlist, per-IP connection rate and cap, refusal while draining. Then:
// keep-alive pings, idle disconnect and link expiry from one sweep over all connections (no timer
// per socket), and a reconnect notice followed by a drain on shutdown.
import type http from "node:http";
import type { Duplex } from "node:stream";
import { getWSConnectionHandler } from "@trpc/server/adapters/ws";
import { WebSocketServer } from "ws";
import { allowedOrigins, cookieAllowed, webSocketOriginAllowed } from "../http/origin.ts";
import { consume } from "../http/rate-limit.ts";
import { identitySockets } from "../realtime/identity-sockets.ts";
import { wsStats } from "../realtime/ws-stats.ts";
import { clientIp, createContext } from "../trpc/context.ts";
import { MAX_BATCH_SIZE } from "../trpc/limits.ts";
import { appRouter } from "../trpc/root.ts";
import { reconnectNotice } from "../trpc/wire.ts";
import { getTrackingFeed } from "./tracking-feed.ts";
import { Connection } from "./ws-connection.ts";

export const WS_PATH = "/api/trpc-ws";

export const WS_DEFAULTS = {
  /** Largest message a client may send. */
  maxPayload: 64 * 1024,
  /** Open connections one IP address may hold (a clinic's waiting room often shares one address). */
  maxConnectionsPerIp: 200,
  /** A ping this often; a connection that has not answered the previous one is dropped. */
  pingMs: 30_000,
  /** A connection that holds no subscription for this long is closed. */
  idleMs: 120_000,
  /** How often idle connections and expired links are looked for. */
  sweepMs: 10_000,
  /** Active subscriptions one socket may hold without a staff identity (a patient needs one or two). */
  maxSubscriptions: 4,
  /** ... and with one (a board, a doctor's day, a display or two). */
  maxStaffSubscriptions: 16,
};

export type WebSocketOptions = Partial<typeof WS_DEFAULTS> & {
  /** Comma-separated allowed Origins, or "*" (default: CORS_ORIGIN, else PUBLIC_URL's origin). */
  allowedOrigins?: string;
  /**
   * Consume the per-IP connection rate limit, and count tracking subscriptions against the tracking
   * read limits (default true; false for benchmarks whose clients all share one address).
   */
  rateLimit?: boolean;
  /** Serve tracking.onUpdate from the fan-out fast path (default true); false: tRPC's adapter alone. */
  fastPath?: boolean;
};

type UpgradeHandler = (req: http.IncomingMessage, socket: Duplex, head: Buffer) => unknown;

function refuse(socket: Duplex, status: string, headers: Record<string, string> = {}) {
  const extra = Object.entries(headers)
    .map(([k, v]) => `${k}: ${v}\r\n`)
    .join("");
  socket.end(`HTTP/1.1 ${status}\r\n${extra}Connection: close\r\nContent-Length: 0\r\n\r\n`);
}

export function attachWebSocket(
  server: http.Server,
  nextUpgrade: UpgradeHandler | null,
  opts: WebSocketOptions = {},
) {
  const o = { ...WS_DEFAULTS, ...opts };
  // The app's own origin is always allowed; a browser's other origins only when listed (server/http/origin.ts).
  const allowed = allowedOrigins(opts.allowedOrigins);
  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: o.maxPayload,
    perMessageDeflate: false,
    clientTracking: false,
  });
  const trpc = getWSConnectionHandler({
    wss,
    router: appRouter,
    createContext,
    maxBatchSize: MAX_BATCH_SIZE,
  });
  const feed = opts.fastPath === false ? null : getTrackingFeed();
  identitySockets(); // hears revocations from the start, so a staff socket never outlives its identity
  const stats = wsStats();
  const connections = new Set<Connection>();
  const perIp = new Map<string, number>();
  let draining = false;
  let drained: (() => void) | null = null;

  const release = (ip: string) => {
    const n = (perIp.get(ip) ?? 1) - 1;
    if (n <= 0) perIp.delete(ip);
    else perIp.set(ip, n);
  };

  const deps = {
    feed,
    trpc,
    maxSubscriptions: o.maxSubscriptions,
    maxStaffSubscriptions: o.maxStaffSubscriptions,
    rateLimit: opts.rateLimit !== false,
    onClose: (conn: Connection) => {
      stats.open--;
      stats.closed++;
      connections.delete(conn);
      release(conn.ip);
      if (connections.size === 0) drained?.();
    },
    onError: () => stats.errors++,
  };
  wss.on("connection", (socket, req: http.IncomingMessage) => {
    stats.open++;
    stats.opened++;
    connections.add(new Connection(socket, req, deps));
  });

  server.on("upgrade", (req, socket, head) => {
    const path = (req.url ?? "").split("?")[0];
    if (path === WS_PATH) {
      if (draining) {
        stats.refused++;
        refuse(socket, "503 Service Unavailable", { "Retry-After": "1" });
        return;
      }
      if (!webSocketOriginAllowed(req.headers, allowed)) {
        stats.refused++;
        refuse(socket, "403 Forbidden");
        return;
      }
      // A page on another origin (one CORS_ORIGIN lets in) gets a socket, never the staff member's
      // cookie: dropped here, before the connection keeps what it needs of the upgrade's headers.
      if (req.headers.cookie && !cookieAllowed(req.headers)) delete req.headers.cookie;
      const ip = clientIp(req);
      const held = perIp.get(ip) ?? 0;
      if (held >= o.maxConnectionsPerIp) {
        stats.refused++;
        refuse(socket, "429 Too Many Requests", { "Retry-After": "30" });
        return;
      }
      // Counted from here: until the TCP connection ends if the upgrade fails, else until the
      // WebSocket closes (the Connection releases it).
      perIp.set(ip, held + 1);
      const releaseEarly = () => release(ip);
      socket.once("close", releaseEarly);
      const limited = opts.rateLimit === false ? Promise.resolve({ ok: true as const }) : consume("wsIp", ip);
      void limited.then((limit) => {
        if (!limit.ok) {
          stats.refused++;
          refuse(socket, "429 Too Many Requests", { "Retry-After": String(limit.retryAfterSeconds) });
          return;
        }
        if (socket.destroyed) return;
        wss.handleUpgrade(req, socket, head, (client) => {
          socket.removeListener("close", releaseEarly);
          wss.emit("connection", client, req);
        });
      });
      return;
    }
    // Next's own upgrade (hot reload in development); anything else is refused.
    if (nextUpgrade && path?.startsWith("/_next/")) {
      nextUpgrade(req, socket, head);
      return;
    }
    socket.destroy();
  });

  let lastPing = Date.now();
  const sweep = () => {
    const now = Date.now();
    const ping = now - lastPing >= o.pingMs;
    if (ping) lastPing = now;
    for (const conn of connections) {
      if (ping) {
        if (!conn.alive) {
          conn.socket.terminate();
          continue;
        }
        conn.alive = false;
        conn.socket.ping();
      }
      if (conn.idleSince && now - conn.idleSince >= o.idleMs) conn.socket.close(1000, "idle");
    }
    feed?.expire(); // link expiry is business time (server/clock.ts)
  };
  const sweeper = setInterval(sweep, Math.min(o.sweepMs, o.pingMs, o.idleMs));
  sweeper.unref();

  const broadcastReconnect = () => {
    draining = true;
    for (const conn of connections) if (conn.socket.readyState === 1) conn.socket.send(reconnectNotice);
  };

  const close = () =>
    new Promise<void>((resolve) => {
      draining = true;
      clearInterval(sweeper);
      for (const conn of connections) conn.socket.close(1012, "server restarting");
      const done = () => wss.close(() => resolve());
      if (connections.size === 0) done();
      else {
        // Sockets that do not finish the closing handshake in time are cut.
        const cut = setTimeout(() => {
          for (const conn of connections) conn.socket.terminate();
        }, 1_000);
        cut.unref();
        drained = () => {
          clearTimeout(cut);
          done();
        };
      }
    });

  return {
    wss,
    connections: () => connections.size,
    /** Tells every client to reconnect (elsewhere) and refuses new connections from now on. */
    broadcastReconnect,
    /** Reconnect notice, then waits up to `timeoutMs` for clients to move before closing the rest. */
    async drain(timeoutMs = 3_000) {
      broadcastReconnect();
      if (connections.size > 0) {
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, timeoutMs);
          drained = () => {
            clearTimeout(timer);
            resolve();
          };
        });
      }
      drained = null;
      await close();
    },
    close,
  };
}
