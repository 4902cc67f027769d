"use client";
// The browser's tRPC client: HTTP for queries and mutations, one WebSocket per page for
// subscriptions (created once per page: StrictMode would otherwise open two).
import type { QueryClient } from "@tanstack/react-query";
import { QueryClientProvider } from "@tanstack/react-query";
import { createTRPCClient, createWSClient, httpBatchLink, splitLink, wsLink } from "@trpc/client";
import { createTRPCContext } from "@trpc/tanstack-react-query";
import { useEffect, useState } from "react";
import superjson from "superjson";
import type { AppRouter } from "@/server/trpc/root";
import { makeQueryClient } from "./query-client";

export const { TRPCProvider, useTRPC, useTRPCClient } = createTRPCContext<AppRouter>();

type WsState = "connecting" | "open" | "closed";
const wsListeners = new Set<(s: WsState) => void>();
let wsClient: ReturnType<typeof createWSClient> | null = null;

/** The server closes a staff socket with this code when the session ends (server/realtime/identity-sockets.ts). */
const SIGNED_OUT_CODE = 4001;
let signedOutReason: string | null = null;
const signedOutListeners = new Set<(reason: string) => void>();

function signedOut(reason: string) {
  signedOutReason = reason || "You were signed out";
  void wsClient?.close(); // no point reconnecting with a cookie that no longer works
  for (const l of signedOutListeners) l(signedOutReason);
}

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
    onClose: (event) => {
      for (const l of wsListeners) l("closed");
      const e = event as { code?: number; reason?: string } | undefined;
      if (e?.code === SIGNED_OUT_CODE) signedOut(e.reason ?? "");
    },
  });
  return wsClient;
}

/** Subscribe to the page's socket state (for the live indicator). */
export function onSocketState(listener: (s: WsState) => void): () => void {
  wsListeners.add(listener);
  return () => wsListeners.delete(listener);
}

/** "You were signed out" once the server has ended this page's session, with a way back in. */
function SignedOutNotice() {
  const [reason, setReason] = useState<string | null>(signedOutReason);
  useEffect(() => {
    signedOutListeners.add(setReason);
    return () => {
      signedOutListeners.delete(setReason);
    };
  }, []);
  if (!reason) return null;
  const next = `${window.location.pathname}${window.location.search}`;
  return (
    <div
      role="alertdialog"
      aria-modal="true"
      aria-labelledby="signed-out-title"
      className="fixed inset-0 z-50 grid place-items-center bg-[#0b1a24]/60 p-4"
    >
      <div className="w-full max-w-sm rounded-[var(--radius)] bg-white p-6 text-center shadow-xl">
        <h2 id="signed-out-title" className="text-xl font-bold">
          {reason}
        </h2>
        <p className="mt-2 text-[var(--color-muted)]">
          This page stopped showing live changes. Sign in again to go on.
        </p>
        <a
          className="mt-5 inline-block rounded-[10px] bg-[var(--color-brand)] px-5 py-3 font-semibold text-white"
          href={`/login?next=${encodeURIComponent(next)}`}
        >
          Sign in again
        </a>
      </div>
    </div>
  );
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
    const http = httpBatchLink({
      url: "/api/trpc",
      transformer: superjson,
      maxItems: 20, // the server takes at most 50 calls in one batch (server/trpc/limits.ts)
    });
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
        <SignedOutNotice />
      </TRPCProvider>
    </QueryClientProvider>
  );
}
