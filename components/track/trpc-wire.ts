// tRPC's wire format as the patient page speaks it, without tRPC's client (it would be most of the
// page's script): the WebSocket messages wsLink sends and reads for tracking.onUpdate, and the GET of
// tracking.get with its answer. The transformer is superjson, whose `json` half is all this page
// needs (dates arrive as ISO strings). The server's side is server/trpc/wire.ts; server/trpc/wire.test.ts
// checks these against tRPC's own server, with and without the fast paths.
import type { LiveData } from "./live";
import type { TrackData } from "./view";

export const TRACKING_PATH = "tracking.onUpdate";
/** Keep-alive: the page sends PING, the server answers PONG. */
export const PING = "PING";
const PONG = "PONG";

export type Frame =
  | { kind: "started"; id: unknown }
  | { kind: "stopped"; id: unknown }
  | { kind: "data"; id: unknown; eventId: string | null; data: LiveData }
  | { kind: "error"; id: unknown; code: string; reason: string; message: string }
  | { kind: "reconnect" }
  | { kind: "pong" }
  | { kind: "other" };

type Json = Record<string, unknown> | undefined;
const obj = (v: unknown): Json =>
  typeof v === "object" && v !== null ? (v as Record<string, unknown>) : undefined;

/**
 * A tRPC error shape ({ message, data: { code, reason } }), possibly inside superjson's `json`. The
 * reason is what the page switches on (server/trpc/errors.ts); without one, the code stands for it.
 */
export function errorOf(raw: unknown): { code: string; reason: string; message: string } {
  const shape = obj(obj(raw)?.json) ?? obj(raw);
  const data = obj(shape?.data);
  const code = typeof data?.code === "string" ? data.code : "INTERNAL_SERVER_ERROR";
  return {
    code,
    reason: typeof data?.reason === "string" ? data.reason : code,
    message: typeof shape?.message === "string" ? shape.message : "",
  };
}

export function parseFrame(text: string): Frame {
  if (text === PONG) return { kind: "pong" };
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

/** tracking.get's HTTP answer: the data, or the error's code, reason and message. */
export function parseAnswer(
  body: unknown,
): { data: TrackData } | { code: string; reason: string; message: string } {
  const data = obj(obj(obj(obj(body)?.result)?.data)?.json);
  if (data) return { data: data as unknown as TrackData };
  return errorOf(obj(body)?.error);
}
