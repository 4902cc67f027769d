"use client";
// Live figures of this server instance: open sockets, rooms (queues with live listeners) and
// messages pushed per second, polled every few seconds.
import { useQuery } from "@tanstack/react-query";
import { useEffect, useRef, useState } from "react";
import { Line, LineChart, ResponsiveContainer, YAxis } from "recharts";
import { useTRPC } from "../trpc";
import { Banner } from "../ui/banner";
import { Card } from "../ui/card";
import { Skeleton } from "../ui/skeleton";
import { CHART_COLORS } from "./format";

const POLL_MS = 3_000;
const SAMPLES = 20;

function uptime(seconds: number) {
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  return h > 0 ? `${h} h ${m} min` : `${m} min`;
}

export function SystemFigures() {
  const trpc = useTRPC();
  const stats = useQuery({
    ...trpc.system.wsStats.queryOptions(),
    refetchInterval: POLL_MS,
    refetchIntervalInBackground: false,
    staleTime: 0,
  });
  const last = useRef<{ at: number; sent: number } | null>(null);
  const [rates, setRates] = useState<{ i: number; perSecond: number }[]>([]);
  useEffect(() => {
    if (!stats.data) return;
    const at = stats.dataUpdatedAt;
    const sent = stats.data.messagesSent;
    const prev = last.current;
    last.current = { at, sent };
    if (!prev || at <= prev.at) return;
    const perSecond = Math.max(0, ((sent - prev.sent) * 1000) / (at - prev.at));
    setRates((r) => [...r.slice(-(SAMPLES - 1)), { i: (r.at(-1)?.i ?? 0) + 1, perSecond }]);
  }, [stats.data, stats.dataUpdatedAt]);

  const perSecond = rates.at(-1)?.perSecond ?? null;
  const d = stats.data;
  return (
    <Card aria-labelledby="system-title" className="grid gap-3" data-testid="system-figures">
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h2 id="system-title" className="m-0 text-lg font-bold">
          Live system
        </h2>
        <span className="text-sm text-muted">
          {d
            ? `Instance ${d.instanceId.slice(0, 8)} · up ${uptime(d.uptimeSeconds)} · every ${POLL_MS / 1000} s`
            : ""}
        </span>
      </div>
      {stats.error && !d ? (
        <Banner tone="bad" role="alert">
          Could not read the system figures: {stats.error.message}
        </Banner>
      ) : !d ? (
        <Skeleton className="h-20" />
      ) : (
        <div className="grid gap-4 md:grid-cols-[minmax(0,1fr)_260px]">
          <dl className="m-0 grid grid-cols-2 gap-3 sm:grid-cols-4">
            {[
              // Instance-wide: shown to admins only (null for others).
              ["Open sockets", d.connections ?? "—"],
              ["Rooms", d.rooms.length],
              ["Live listeners", d.rooms.reduce((n, r) => n + r.subscribers, 0) + d.boardSubscribers],
              ["Messages / s", perSecond === null ? "…" : perSecond.toFixed(1)],
            ].map(([label, value]) => (
              <div key={label} className="rounded-lg bg-canvas px-3 py-2">
                <dt className="text-sm text-muted">{label}</dt>
                <dd className="m-0 text-2xl font-extrabold tabular-nums" data-testid={`system-${label}`}>
                  {value}
                </dd>
              </div>
            ))}
          </dl>
          <div aria-hidden className="h-20">
            <ResponsiveContainer>
              <LineChart data={rates} accessibilityLayer={false}>
                <YAxis hide domain={[0, "auto"]} />
                <Line
                  dataKey="perSecond"
                  stroke={CHART_COLORS.primary}
                  strokeWidth={2}
                  dot={false}
                  isAnimationActive={false}
                />
              </LineChart>
            </ResponsiveContainer>
            <p className="m-0 text-center text-xs text-muted">messages per second, last minute</p>
          </div>
        </div>
      )}
      {stats.error && d && (
        <p className="m-0 text-sm text-bad">Figures may be out of date: {stats.error.message}</p>
      )}
    </Card>
  );
}
