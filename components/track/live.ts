// The patient page's live connection, the pure parts: tRPC's WebSocket wire format (what wsLink
// sends and reads, server/realtime/wire.ts; superjson as the transformer, whose `json` half is all
// this page needs: dates arrive as ISO strings), the HTTP answer of tracking.get, which mode the
// indicator shows, how often to poll, and which changes deserve a nudge.
import type { Mode, QueueStatus, TrackData } from "./view";

export const TRACKING_PATH = "tracking.onUpdate";
/** How long the socket may be down before polling takes over. */
export const SOCKET_GRACE_MS = 4_000;
/**
 * Reconnect backoff: 1, 2, 4, 8, then every 15 s (the page polls meanwhile, so the socket is retried
 * about as often as it polls), each shortened by up to a quarter at random so that a restarted
 * server is not met by every phone in the same instant.
 */
export const reconnectDelay = (attempt: number, random = Math.random()) =>
  Math.round(Math.min(1_000 * 2 ** attempt, 15_000) * (1 - random / 4));
/** Poll every 15 s, every 5 s near the front. */
export const pollInterval = (data: TrackData) =>
  data.queue.position !== null && data.queue.position <= 2 ? 5_000 : 15_000;

export type LiveData = TrackData & { event?: "update" | "emergency" };

export type Frame =
  | { kind: "started"; id: unknown }
  | { kind: "stopped"; id: unknown }
  | { kind: "data"; id: unknown; eventId: string | null; data: LiveData }
  | { kind: "error"; id: unknown; code: string; message: string }
  | { kind: "reconnect" }
  | { kind: "pong" }
  | { kind: "other" };

type Json = Record<string, unknown> | undefined;
const obj = (v: unknown): Json =>
  typeof v === "object" && v !== null ? (v as Record<string, unknown>) : undefined;

/** A tRPC error shape ({ message, data: { code } }), possibly inside superjson's `json`. */
export function errorOf(raw: unknown): { code: string; message: string } {
  const shape = obj(obj(raw)?.json) ?? obj(raw);
  const code = obj(shape?.data)?.code;
  return {
    code: typeof code === "string" ? code : "INTERNAL_SERVER_ERROR",
    message: typeof shape?.message === "string" ? shape.message : "",
  };
}

export function parseFrame(text: string): Frame {
  if (text === "PONG") return { kind: "pong" };
  let m: Json;
  try {
    m = obj(JSON.parse(text));
  } catch {
    return { kind: "other" };
  }
  if (!m) return { kind: "other" };
  if (m.method === "reconnect") return { kind: "reconnect" };
  if (m.error !== undefined) return { kind: "error", id: m.id, ...errorOf(m.error) };
  const result = obj(m.result);
  if (result?.type === "started") return { kind: "started", id: m.id };
  if (result?.type === "stopped") return { kind: "stopped", id: m.id };
  if (result?.type === "data") {
    // tracked(id, data): superjson of { id, data } (the event id is also beside it).
    const body = obj(obj(result.data)?.json);
    const data = obj(body?.data);
    if (!data) return { kind: "other" };
    const eventId = typeof result.id === "string" ? result.id : typeof body?.id === "string" ? body.id : null;
    return { kind: "data", id: m.id, eventId, data: data as unknown as LiveData };
  }
  return { kind: "other" };
}

export function subscribeMessage(id: number, token: string, lastEventId: string | null): string {
  return JSON.stringify({
    id,
    method: "subscription",
    params: { path: TRACKING_PATH, input: { json: { token, lastEventId } } },
  });
}
export const stopMessage = (id: number) => JSON.stringify({ id, method: "subscription.stop" });

export function pollUrl(token: string): string {
  return `/api/trpc/tracking.get?input=${encodeURIComponent(JSON.stringify({ json: { token } }))}`;
}

/** tracking.get's HTTP answer: the data, or the error's code and message. */
export function parseAnswer(body: unknown): { data: TrackData } | { code: string; message: string } {
  const data = obj(obj(obj(obj(body)?.result)?.data)?.json);
  if (data) return { data: data as unknown as TrackData };
  return errorOf(obj(body)?.error);
}

/** Errors that end the page's tracking (the link is bad, expired, replaced or gone). */
export const isFatal = (code: string) => code === "BAD_REQUEST" || code === "NOT_FOUND";

export type Connection = {
  /** The subscription is started on an open socket. */
  live: boolean;
  /** Since when the page has not been live (null while live). */
  downSince: number | null;
};

export function modeOf(c: Connection, now: number): Mode {
  if (c.live) return "live";
  return c.downSince !== null && now - c.downSince > SOCKET_GRACE_MS ? "polling" : "reconnecting";
}

export const noticeId = (notice: TrackData["notice"]) =>
  notice ? `${notice.message}|${notice.delayMinutes}|${notice.since ? String(notice.since) : ""}` : null;

export type Nudges = {
  /** Became next or was called: vibrate, and notify if the page is hidden. */
  turn: "next" | "called" | null;
  /** A notice to alert for: it is new, or the server says an emergency was broadcast. */
  notice: boolean;
};

/**
 * Which changes deserve a nudge, from the last state to the new one. `alerted` is the notice the
 * patient was last alerted to (or that the first paint already showed) and `alertedVersion` the
 * queue version of that moment: a notice alerts once, and an emergency broadcast (the server marks
 * its event "emergency") alerts even when its text matches the notice already shown.
 */
export function nudgesFor(
  prev: { status: QueueStatus; alerted: string | null; alertedVersion: number },
  next: LiveData,
): Nudges {
  const status = next.queue.queueStatus;
  const id = noticeId(next.notice);
  const turn = status !== prev.status && (status === "next" || status === "called") ? status : null;
  const emergency = next.event === "emergency" && next.version > prev.alertedVersion;
  return { turn, notice: id !== null && (id !== prev.alerted || emergency) };
}
