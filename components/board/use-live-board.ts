"use client";
// The board's live state for a date: every doctor's queue from queue.board, kept current by the one
// board subscription (snapshots merged by version), with this screen's own changes laid on top
// until the server confirms them, and colleagues' changes highlighted for a moment.
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useSubscription } from "@trpc/tanstack-react-query";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { useTRPC } from "../trpc";
import { describeChanges } from "./changes";
import type { BoardData, BoardQueue, Snapshot } from "./types";

const HIGHLIGHT_MS = 3_000;
/** An own change the server has not confirmed by then is dropped and the board refetched. */
const OP_TIMEOUT_MS = 15_000;
/** How long after its own change this screen does not highlight the same entry. */
const OWN_MS = 5_000;
/** Undo is possible for a few minutes after a no-show, completion or cancellation (rule 1). */
export const UNDO_WINDOW_MS = 5 * 60_000;

/** An optimistic change to one queue, kept until the snapshot reaches `version`. */
export type PendingOp = {
  doctorId: string;
  apply: (snapshot: Snapshot) => Snapshot;
  /** Entries it changes (not highlighted when the server's version arrives). */
  touches: string[];
  /** True for changes to the whole queue: call next, notices, pauses. */
  queueWide?: boolean;
};
type StoredOp = PendingOp & { key: number; at: number; date: string; version?: number };

export type LiveMode = "connecting" | "live" | "offline";

const newer = (a: Snapshot | null, b: Snapshot | null) => !!a && (!b || a.version > b.version);

export function useLiveBoard(date: string) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const boardOptions = trpc.queue.board.queryOptions({ date });
  const queryKey = boardOptions.queryKey;
  const [started, setStarted] = useState(0);
  const [ops, setOps] = useState<StoredOp[]>([]);
  const nextKey = useRef(1);
  const own = useRef(new Map<string, number>());
  const [highlights, setHighlights] = useState<ReadonlyMap<string, number>>(new Map());
  const [finishedAt, setFinishedAt] = useState<ReadonlyMap<string, number>>(new Map());
  const [announcement, setAnnouncement] = useState("");

  const isOwn = useCallback((key: string) => (own.current.get(key) ?? 0) > Date.now(), []);
  const markOwn = useCallback((keys: string[], ms = OWN_MS) => {
    for (const k of keys) own.current.set(k, Date.now() + ms);
  }, []);

  const subscription = useSubscription(
    trpc.queue.onBoard.subscriptionOptions(
      { date },
      {
        onStarted: () => setStarted((n) => n + 1),
        onData: ({ data: snapshot }) => {
          const old = queryClient.getQueryData(queryKey);
          const before = old?.queues.find((q) => q.doctor.id === snapshot.doctorId)?.snapshot ?? null;
          if (old && !newer(snapshot, before)) return;
          queryClient.setQueryData(queryKey, (current) =>
            current
              ? {
                  ...current,
                  queues: current.queues.map((q) =>
                    q.doctor.id === snapshot.doctorId && newer(snapshot, q.snapshot) ? { ...q, snapshot } : q,
                  ),
                }
              : current,
          );
          const ownIds = new Set(snapshot.entries.map((e) => e.appointmentId).filter((id) => isOwn(id)));
          const changes = describeChanges(before, snapshot, {
            ids: ownIds,
            queue: isOwn(`queue:${snapshot.doctorId}`),
          });
          const now = Date.now();
          if (changes.finishedIds.length) {
            setFinishedAt((m) => new Map([...m, ...changes.finishedIds.map((id) => [id, now] as const)]));
          }
          if (changes.entryIds.length || changes.lines.length) {
            setHighlights((m) => {
              const next = new Map(m);
              for (const id of changes.entryIds) next.set(id, now + HIGHLIGHT_MS);
              if (changes.lines.length) next.set(`doctor:${snapshot.doctorId}`, now + HIGHLIGHT_MS);
              return next;
            });
          }
          if (changes.lines.length && before) {
            setAnnouncement(`${snapshot.doctor.name}: ${changes.lines.join(", ")}.`);
          }
        },
      },
    ),
  );
  const mode: LiveMode =
    subscription.status === "pending" ? "live" : subscription.status === "error" ? "offline" : "connecting";

  // Polling stands in while the socket is down; a (re)started subscription refetches once, since
  // the board subscription sends only what happens from now on.
  const board = useQuery({ ...boardOptions, refetchInterval: mode === "live" ? false : 15_000 });
  const { refetch } = board;
  useEffect(() => {
    if (started > 1) void refetch();
  }, [started, refetch]);

  // Forget highlights once they have shown.
  useEffect(() => {
    if (highlights.size === 0) return;
    const soonest = Math.min(...highlights.values());
    const timer = setTimeout(
      () => setHighlights((m) => new Map([...m].filter(([, until]) => until > Date.now()))),
      Math.max(50, soonest - Date.now()),
    );
    return () => clearTimeout(timer);
  }, [highlights]);

  // An own change is done once the snapshot has its version; one the server never confirmed goes.
  const data = board.data;
  useEffect(() => {
    if (!data || data.date !== date || ops.length === 0) return;
    const versionOf = (doctorId: string) =>
      data.queues.find((q) => q.doctor.id === doctorId)?.snapshot?.version ?? -1;
    const confirmed = (op: StoredOp) =>
      op.date === date && op.version !== undefined && versionOf(op.doctorId) >= op.version;
    const keep = ops.filter((op) => !confirmed(op) && Date.now() - op.at < OP_TIMEOUT_MS);
    if (keep.length !== ops.length) setOps(keep);
  }, [data, ops, date]);
  useEffect(() => {
    if (ops.length === 0) return;
    const timer = setTimeout(() => {
      setOps((list) => list.filter((op) => Date.now() - op.at < OP_TIMEOUT_MS));
      void refetch();
    }, OP_TIMEOUT_MS);
    return () => clearTimeout(timer);
  }, [ops, refetch]);

  const begin = useCallback(
    (op: PendingOp) => {
      const key = nextKey.current++;
      markOwn(op.touches, OP_TIMEOUT_MS);
      if (op.queueWide) markOwn([`queue:${op.doctorId}`], OP_TIMEOUT_MS);
      setOps((list) => [...list, { ...op, key, at: Date.now(), date }]);
      return key;
    },
    [markOwn, date],
  );
  /** The server accepted: keep the change shown until the snapshot reaches `version`. */
  const settle = useCallback(
    (key: number | undefined, version: number | null | undefined, touched: string[] = []) => {
      markOwn(touched);
      if (key === undefined) return;
      setOps((list) => {
        const op = list.find((o) => o.key === key);
        if (op) markOwn([...op.touches, ...(op.queueWide ? [`queue:${op.doctorId}`] : [])]);
        return version == null
          ? list.filter((o) => o.key !== key)
          : list.map((o) => (o.key === key ? { ...o, version } : o));
      });
      // Without a live socket the change comes back by refetching.
      if (mode !== "live") void refetch();
    },
    [markOwn, mode, refetch],
  );
  /** The server refused: the change is rolled back. */
  const fail = useCallback((key: number | undefined) => {
    if (key !== undefined) setOps((list) => list.filter((o) => o.key !== key));
  }, []);
  const noteFinished = useCallback((appointmentId: string) => {
    setFinishedAt((m) => new Map(m).set(appointmentId, Date.now()));
  }, []);

  const queues: BoardQueue[] = useMemo(() => {
    if (!data) return [];
    if (ops.length === 0) return data.queues;
    return data.queues.map((q) => {
      // A change made while another day was shown stays with that day.
      const mine = ops.filter((op) => op.doctorId === q.doctor.id && op.date === date);
      if (!q.snapshot || mine.length === 0) return q;
      return { ...q, snapshot: mine.reduce((s, op) => op.apply(s), q.snapshot) };
    });
  }, [data, ops, date]);

  return {
    date,
    board,
    data: data as BoardData | undefined,
    queues,
    mode,
    highlights,
    finishedAt,
    announcement,
    ops: { begin, settle, fail, noteFinished },
    refetch,
  };
}

export type LiveBoard = ReturnType<typeof useLiveBoard>;
