// A real HTTP + WebSocket server for integration tests: everything main.ts serves except Next.
import type { AddressInfo } from "node:net";
import { createTRPCClient, createWSClient, httpBatchLink, splitLink, wsLink } from "@trpc/client";
import superjson from "superjson";
import WebSocket from "ws";
import { createAppServer } from "../http/router.ts";
import { getHub } from "../realtime/hub.ts";
import type { AppRouter } from "../trpc/root.ts";
import { attachWebSocket, type WebSocketOptions, WS_PATH } from "../ws/ws-server.ts";

export async function startTestServer(wsOptions: WebSocketOptions = {}) {
  const server = createAppServer((_req, res) => res.writeHead(404).end());
  const ws = attachWebSocket(server, null, wsOptions);
  getHub().start();
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    url: `http://127.0.0.1:${port}`,
    ws,
    async close() {
      await ws.close();
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}

/**
 * A tRPC client like the browser's: HTTP for calls, a WebSocket for subscriptions. `from` picks the
 * socket's loopback address (127.x.y.z), i.e. the client IP its rate limits count against.
 */
export function testClient(baseUrl: string, cookie?: string, from?: string) {
  const wsClient = createWSClient({
    url: `${baseUrl.replace("http", "ws")}${WS_PATH}`,
    WebSocket: class extends WebSocket {
      constructor(url: string | URL, protocols?: string | string[]) {
        super(url, protocols, { ...(cookie ? { headers: { cookie } } : {}), localAddress: from });
      }
    } as unknown as typeof globalThis.WebSocket,
  });
  const client = createTRPCClient<AppRouter>({
    links: [
      splitLink({
        condition: (op) => op.type === "subscription",
        true: wsLink({ client: wsClient, transformer: superjson }),
        false: httpBatchLink({
          url: `${baseUrl}/api/trpc`,
          transformer: superjson,
          headers: () => (cookie ? { cookie } : {}),
        }),
      }),
    ],
  });
  return { client, close: () => wsClient.close() };
}
