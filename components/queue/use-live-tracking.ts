"use client";
// Keeps a patient's tracking data current: the WebSocket subscription when it holds, HTTP polling
// when it cannot (every 15 s, every 5 s near the front), and always says which one is in use.
import { useQuery } from "@tanstack/react-query";
import type { inferRouterOutputs } from "@trpc/server";
import { useSubscription } from "@trpc/tanstack-react-query";
import { useCallback, useEffect, useState } from "react";
import type { AppRouter } from "@/server/trpc/root";
import { onSocketState, useTRPC } from "../trpc";

export type Tracking = inferRouterOutputs<AppRouter>["tracking"]["get"];
export type Freshness = {
  mode: "live" | "reconnecting" | "polling";
  updatedAt: number;
  error: string | null;
};

/** How long the socket may be down before polling takes over. */
const SOCKET_GRACE_MS = 4_000;

export function useLiveTracking(token: string, initial: Tracking) {
  const trpc = useTRPC();
  const [data, setData] = useState<Tracking>(initial);
  const [updatedAt, setUpdatedAt] = useState(() => Date.now());
  const [socketDownSince, setSocketDownSince] = useState<number | null>(null);
  const [now, setNow] = useState(() => Date.now());
  const [fatal, setFatal] = useState<string | null>(null);

  useEffect(
    () =>
      onSocketState((state) => {
        if (state === "open") setSocketDownSince(null);
        else setSocketDownSince((since) => since ?? Date.now());
      }),
    [],
  );
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1_000);
    return () => clearInterval(timer);
  }, []);

  const accept = useCallback((next: Tracking) => {
    setData((prev) => (next.version >= prev.version ? next : prev));
    setUpdatedAt(Date.now());
  }, []);

  const sub = useSubscription(
    trpc.tracking.onUpdate.subscriptionOptions(
      { token, lastEventId: null },
      {
        enabled: fatal === null,
        onStarted: () => setSocketDownSince(null),
        onData: (event) => accept(event.data),
        onError: (err) => {
          const code = (err as { data?: { code?: string } }).data?.code;
          if (code === "BAD_REQUEST" || code === "NOT_FOUND") setFatal(err.message);
          else setSocketDownSince((since) => since ?? Date.now());
        },
      },
    ),
  );

  const socketFailing = socketDownSince !== null && now - socketDownSince > SOCKET_GRACE_MS;
  const polling = fatal === null && (socketFailing || sub.status === "error");
  const nearFront = data.queue.position !== null && data.queue.position <= 2;
  const poll = useQuery({
    ...trpc.tracking.get.queryOptions({ token }),
    enabled: polling,
    refetchInterval: polling ? (nearFront ? 5_000 : 15_000) : false,
    refetchIntervalInBackground: true,
    retry: 0,
  });
  useEffect(() => {
    if (poll.data && poll.dataUpdatedAt) accept(poll.data);
  }, [poll.data, poll.dataUpdatedAt, accept]);

  const mode: Freshness["mode"] = polling
    ? "polling"
    : socketDownSince !== null || sub.status !== "pending"
      ? "reconnecting"
      : "live";
  return { data, freshness: { mode, updatedAt, error: fatal } satisfies Freshness, now };
}
