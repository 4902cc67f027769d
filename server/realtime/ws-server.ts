// The tRPC WebSocket endpoint on the HTTP server's upgrade event. The path must not match a Next
// route (Next would end the socket), hence /api/trpc-ws rather than /api/trpc/ws.
import type http from "node:http";
import type { Duplex } from "node:stream";
import { applyWSSHandler } from "@trpc/server/adapters/ws";
import { WebSocketServer } from "ws";
import { env } from "../env.ts";
import { consume } from "../http/rate-limit.ts";
import { clientIp, createContext } from "../trpc/context.ts";
import { appRouter } from "../trpc/root.ts";
import { wsStats } from "./ws-stats.ts";

export const WS_PATH = "/api/trpc-ws";

type UpgradeHandler = (req: http.IncomingMessage, socket: Duplex, head: Buffer) => unknown;

export function originAllowed(origin: string | undefined, allowList: string): boolean {
  if (allowList.trim() === "*" || !origin) return true;
  return allowList
    .split(",")
    .map((o) => o.trim())
    .includes(origin);
}

export function attachWebSocket(server: http.Server, nextUpgrade: UpgradeHandler | null) {
  const wss = new WebSocketServer({ noServer: true, maxPayload: 64 * 1024, perMessageDeflate: false });
  const handler = applyWSSHandler({
    wss,
    router: appRouter,
    createContext,
    keepAlive: { enabled: true, pingMs: 30_000, pongWaitMs: 10_000 },
  });

  const stats = wsStats();
  wss.on("connection", (client) => {
    stats.open++;
    stats.opened++;
    client.on("error", () => stats.errors++);
    client.on("close", () => {
      stats.open--;
      stats.closed++;
    });
  });

  server.on("upgrade", (req, socket, head) => {
    const path = (req.url ?? "").split("?")[0];
    if (path === WS_PATH) {
      if (!originAllowed(req.headers.origin, env().CORS_ORIGIN)) {
        stats.refused++;
        socket.end("HTTP/1.1 403 Forbidden\r\nConnection: close\r\n\r\n");
        return;
      }
      void consume("wsIp", clientIp(req)).then((limit) => {
        if (!limit.ok) {
          stats.refused++;
          socket.end(`HTTP/1.1 429 Too Many Requests\r\nRetry-After: ${limit.retryAfterSeconds}\r\nConnection: close\r\n\r\n`);
          return;
        }
        wss.handleUpgrade(req, socket, head, (client) => wss.emit("connection", client, req));
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

  return {
    wss,
    connections: () => wss.clients.size,
    broadcastReconnect: () => handler.broadcastReconnectNotification(),
    close: () =>
      new Promise<void>((resolve) => {
        for (const client of wss.clients) client.close(1012, "server restarting");
        wss.close(() => resolve());
      }),
  };
}
