"use client";
// Keeps the waiting-room screen current: the display subscription while the socket holds, HTTP
// polling every 10 s while it does not.
import { useQuery } from "@tanstack/react-query";
import type { inferRouterOutputs } from "@trpc/server";
import { useSubscription } from "@trpc/tanstack-react-query";
import { useEffect, useState } from "react";
import type { AppRouter } from "@/server/trpc/root";
import { onSocketState, useTRPC } from "../trpc";

export type Display = inferRouterOutputs<AppRouter>["display"]["get"];
export type DisplayMode = "live" | "reconnecting" | "polling" | "offline";

/** Without the socket and without a successful read for this long, the screen says it is out of date. */
export const STALE_AFTER_MS = 30_000;

const SOCKET_GRACE_MS = 5_000;
/** Why the screen stopped for good (its reason code, which the view switches on, and the message). */
export type DisplayStop = { reason: string | null; message: string };
/** Refusals no retry fixes: the link is bad, expired or withdrawn, or its doctor is gone. */
const FINAL_REASONS = new Set([
  "DISPLAY_LINK_WITHDRAWN",
  "DISPLAY_LINK_INVALID",
  "DISPLAY_LINK_EXPIRED",
  "DOCTOR_NOT_FOUND",
  "HOSPITAL_NOT_FOUND",
]);

function finalStop(err: unknown): DisplayStop | null {
  const data = (err as { data?: { code?: string; reason?: string } | null }).data;
  const reason = data?.reason ?? null;
  const final =
    (reason !== null && FINAL_REASONS.has(reason)) ||
    data?.code === "BAD_REQUEST" ||
    data?.code === "NOT_FOUND";
  return final ? { reason, message: (err as Error).message } : null;
}
const newer = (a: Display, b: Display) => a.date > b.date || (a.date === b.date && a.version >= b.version);

export function useLiveDisplay(doctorId: string, token: string, initial: Display) {
  const trpc = useTRPC();
  const [data, setData] = useState(initial);
  const [downSince, setDownSince] = useState<number | null>(null);
  const [now, setNow] = useState(() => Date.now());
  const [fatal, setFatal] = useState<DisplayStop | null>(null);

  useEffect(
    () =>
      onSocketState((state) => {
        if (state === "open") setDownSince(null);
        else setDownSince((since) => since ?? Date.now());
      }),
    [],
  );
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1_000);
    return () => clearInterval(timer);
  }, []);

  // The clinic's clock less this device's: a TV whose clock is off (or a demo's fixed morning)
  // still shows the clinic's time and renews the check-in code when the server does.
  const [skew, setSkew] = useState(() => new Date(initial.serverTime).getTime() - Date.now());
  const accept = (next: Display) => {
    setSkew(new Date(next.serverTime).getTime() - Date.now());
    setData((prev) => (newer(next, prev) ? next : prev));
  };

  const sub = useSubscription(
    trpc.display.onUpdate.subscriptionOptions(
      { doctorId, token, lastEventId: null },
      {
        enabled: fatal === null,
        onStarted: () => setDownSince(null),
        onData: (event) => accept(event.data),
        onError: (err) => {
          const stop = finalStop(err);
          if (stop) setFatal(stop);
          else setDownSince((since) => since ?? Date.now());
        },
      },
    ),
  );

  const polling =
    fatal === null && ((downSince !== null && now - downSince > SOCKET_GRACE_MS) || sub.status === "error");
  const poll = useQuery({
    ...trpc.display.get.queryOptions({ doctorId, token }),
    enabled: polling,
    refetchInterval: polling ? 10_000 : false,
    refetchIntervalInBackground: true,
    retry: 0,
  });
  // biome-ignore lint/correctness/useExhaustiveDependencies: accept only sets state.
  useEffect(() => {
    if (poll.data) accept(poll.data);
  }, [poll.data]);
  useEffect(() => {
    const stop = poll.error ? finalStop(poll.error) : null;
    if (stop) setFatal(stop);
  }, [poll.error]);

  // The check-in code changes every few minutes without a queue change: read it again once shown out.
  const clinicNow = now + skew;
  const codeDue = fatal === null && !polling && clinicNow >= new Date(data.checkInCode.validUntil).getTime();
  const codeRead = useQuery({
    ...trpc.display.get.queryOptions({ doctorId, token }),
    enabled: codeDue,
    refetchInterval: codeDue ? 15_000 : false,
    retry: 1,
  });
  // biome-ignore lint/correctness/useExhaustiveDependencies: accept only sets state.
  useEffect(() => {
    if (codeRead.data) accept(codeRead.data);
  }, [codeRead.data]);

  const connected = !polling && downSince === null && sub.status === "pending";
  // The last moment the screen is known to have been current: the socket's drop, or the last read.
  const currentAt = Math.max(downSince ?? 0, poll.dataUpdatedAt, codeRead.dataUpdatedAt);
  const mode: DisplayMode = connected
    ? "live"
    : staleDisplay(now, currentAt)
      ? "offline"
      : polling
        ? "polling"
        : "reconnecting";
  // `now` and `currentAt` on the clinic's clock (what the screen shows); staleness on this device's.
  return { data, mode, now: clinicNow, currentAt: currentAt + skew, error: fatal };
}

/**
 * Out of date: neither the socket nor a read has brought news for STALE_AFTER_MS. A review
 * (2026-12-07) cut the network: the screen kept "Now serving" and said "Updating every 10 s" for
 * as long as the drop lasted, while every read failed.
 */
export function staleDisplay(now: number, currentAt: number): boolean {
  return currentAt > 0 && now - currentAt > STALE_AFTER_MS;
}
