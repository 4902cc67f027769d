"use client";
// The browser's tRPC client: HTTP for queries and mutations, one WebSocket per page for
// subscriptions (created once per page: StrictMode would otherwise open two).
import type { QueryClient } from "@tanstack/react-query";
import { QueryClientProvider } from "@tanstack/react-query";
import { createTRPCClient, createWSClient, httpBatchLink, splitLink, wsLink } from "@trpc/client";
import { createTRPCContext } from "@trpc/tanstack-react-query";
import { useState } from "react";
import superjson from "superjson";
import type { AppRouter } from "@/server/trpc/root";
import { makeQueryClient } from "./query-client";

export const { TRPCProvider, useTRPC, useTRPCClient } = createTRPCContext<AppRouter>();

type WsState = "connecting" | "open" | "closed";
const wsListeners = new Set<(s: WsState) => void>();
let wsClient: ReturnType<typeof createWSClient> | null = null;

function getWsClient() {
  if (typeof window === "undefined") return null;
  wsClient ??= createWSClient({
    url: `${window.location.protocol === "https:" ? "wss" : "ws"}://${window.location.host}/api/trpc-ws`,
    keepAlive: { enabled: true, intervalMs: 20_000, pongTimeoutMs: 10_000 },
    // Open the socket only when a page subscribes (and with the session cookie of that moment).
    lazy: { enabled: true, closeMs: 5_000 },
    onOpen: () => {
      for (const l of wsListeners) l("open");
    },
    onClose: () => {
      for (const l of wsListeners) l("closed");
    },
  });
  return wsClient;
}

/** Subscribe to the page's socket state (for the live indicator). */
export function onSocketState(listener: (s: WsState) => void): () => void {
  wsListeners.add(listener);
  return () => wsListeners.delete(listener);
}

let browserQueryClient: QueryClient | undefined;
function getQueryClient() {
  if (typeof window === "undefined") return makeQueryClient();
  browserQueryClient ??= makeQueryClient();
  return browserQueryClient;
}

export function TRPCReactProvider({ children }: { children: React.ReactNode }) {
  const queryClient = getQueryClient();
  const [trpcClient] = useState(() => {
    const ws = getWsClient();
    const http = httpBatchLink({ url: "/api/trpc", transformer: superjson });
    return createTRPCClient<AppRouter>({
      links: ws
        ? [
            splitLink({
              condition: (op) => op.type === "subscription",
              true: wsLink({ client: ws, transformer: superjson }),
              false: http,
            }),
          ]
        : [http],
    });
  });
  return (
    <QueryClientProvider client={queryClient}>
      <TRPCProvider trpcClient={trpcClient} queryClient={queryClient}>
        {children}
      </TRPCProvider>
    </QueryClientProvider>
  );
}
