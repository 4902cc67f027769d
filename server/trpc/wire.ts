// tRPC's wire format, for the fast paths that answer without going through tRPC (the WebSocket
// fan-out in server/ws/, the tracking read in server/http/track-fast.ts): every byte they write or
// read that tRPC defines is here, and nowhere else on the server. Error shapes and the transformer
// come from the router's own config (its errorFormatter, superjson), so they cannot drift from what
// the procedures send. wire.test.ts drives tRPC's own clients against both paths and compares: it is
// the test that fails when a tRPC upgrade changes the format.
// (The patient page's side of the same format is components/track/trpc-wire.ts.)
import { getErrorShape, getTRPCErrorFromUnknown, TRPCError, transformTRPCResponse } from "@trpc/server";
import { parseTRPCMessage } from "@trpc/server/rpc";
import type { Context } from "./context.ts";
import { toTRPCError } from "./errors.ts";
import { appRouter } from "./root.ts";

/** The router's config: its transformer and errorFormatter, read here only. */
const config = appRouter._def._config;
const transformer = config.transformer;

export type RequestId = number | string;

const str = JSON.stringify;

// --- WebSocket: what a client sends -------------------------------------------------------------

/** Keep-alive texts (not JSON), both ways. */
export const PING = "PING";
export const PONG = "PONG";

export const isRequestId = (id: unknown): id is RequestId => typeof id === "number" || typeof id === "string";

/** A request's routing fields, read without validating the rest (null: not a request with an id). */
export type RequestHead = { id: RequestId; method: unknown; path: unknown };

export function requestHead(raw: unknown): RequestHead | null {
  if (typeof raw !== "object" || raw === null) return null;
  const m = raw as { id?: unknown; method?: unknown; params?: { path?: unknown } };
  if (!isRequestId(m.id)) return null;
  return { id: m.id, method: m.method, path: m.params?.path };
}

export const isSubscription = (head: RequestHead) => head.method === "subscription";
export const isSubscriptionStop = (head: RequestHead) => head.method === "subscription.stop";

/**
 * A `subscription` request's input as the procedure would get it: decoded by the transformer, with
 * the reconnecting client's `lastEventId` merged in as the adapter merges it. Null when the message
 * is malformed (tRPC's own handler then answers it).
 */
export function subscriptionInput(raw: unknown): { input: unknown } | null {
  let message: ReturnType<typeof parseTRPCMessage>;
  try {
    message = parseTRPCMessage(raw, transformer);
  } catch {
    return null;
  }
  if (message.method !== "subscription") return null;
  const { input, lastEventId } = message.params;
  if (lastEventId === undefined) return { input };
  if (typeof input === "object" && input !== null) return { input: { ...input, lastEventId } };
  return { input: input ?? { lastEventId } };
}

// --- WebSocket: what the server sends -----------------------------------------------------------

export const startedMessage = (id: RequestId) => `{"id":${str(id)},"result":{"type":"started"}}`;
export const stoppedMessage = (id: RequestId) => `{"id":${str(id)},"result":{"type":"stopped"}}`;

/** Tells a client to reconnect (before a deploy); wsLink reconnects at once. */
export const reconnectNotice = '{"id":null,"method":"reconnect"}';

/**
 * A data message of a subscription that yields `tracked(eventId, data)` is
 * dataPrefix(id) + trackedBody(eventId, data) + dataSuffix(eventId):
 * `{"id":<id>,"result":{"type":"data","data":<the transformer's output for {id, data}>,"id":"<eventId>"}}`.
 * The prefix is the same for every message of one subscription, the suffix for every subscriber of
 * one event: each is written once.
 */
export const dataPrefix = (id: RequestId) => `{"id":${str(id)},"result":{"type":"data","data":`;
export const dataSuffix = (eventId: string) => `,"id":${str(eventId)}}}`;

/** The id of the subscription a reply from tRPC's handler ends (an error or "stopped"), else null. */
export function endedSubscription(reply: unknown): RequestId | null {
  if (typeof reply !== "string" || (!reply.includes('"stopped"') && !reply.includes('"error"'))) return null;
  try {
    const m = JSON.parse(reply) as { id?: unknown; error?: unknown; result?: { type?: string } };
    return isRequestId(m.id) && (m.error !== undefined || m.result?.type === "stopped") ? m.id : null;
  } catch {
    return null;
  }
}

// --- Errors: the router's errorFormatter, as the adapters call it -------------------------------

export type ErrorCall = {
  type: "query" | "subscription" | "unknown";
  path: string | undefined;
  input: unknown;
  ctx: Context | undefined;
};

/** The error shape the procedure would give: a domain error mapped once (trpc/errors.ts), then formatted. */
export function errorShape(cause: unknown, call: ErrorCall) {
  const error = cause instanceof TRPCError ? cause : (toTRPCError(cause) ?? getTRPCErrorFromUnknown(cause));
  return getErrorShape({ config, error, ...call });
}

/** What the adapter refuses a request with that reuses the id of a subscription the socket holds. */
export const duplicateId = (id: RequestId) =>
  new TRPCError({ code: "BAD_REQUEST", message: `Duplicate id ${id}` });

/** What a procedure refuses an input its schema rejects with (the errorFormatter flattens the cause). */
export const badInput = (cause: Error) => new TRPCError({ code: "BAD_REQUEST", cause });

/** An error reply on the WebSocket for request `id`, as the adapter would send it. */
export function errorMessage(id: RequestId | null, cause: unknown, call: Omit<ErrorCall, "type">): string {
  return str(
    transformTRPCResponse(config, { id, error: errorShape(cause, { ...call, type: "subscription" }) }),
  );
}

// --- Bodies: the transformer's output, written once and reused ---------------------------------

/** The transformer's output for `value`, as text (what the adapters put on the wire). */
export const serialized = (value: unknown): string => str(transformer.output.serialize(value));

/** A tracked event's body, as the adapter writes it: the transformer's output for { id, data }. */
export const trackedBody = (eventId: string, data: unknown): string => serialized({ id: eventId, data });

/**
 * The transformer's output for part of an object, for a body assembled from pieces: `fields` is the
 * JSON text of its members without the braces, `meta` the type notes of the values JSON cannot carry
 * (dates), by path within `value`.
 */
export function serializedFields(value: object): { fields: string; meta: [path: string, note: string][] } {
  const out = transformer.output.serialize(value) as { json: unknown; meta?: { values?: object } };
  return {
    fields: str(out.json).slice(1, -1),
    meta: Object.entries(out.meta?.values ?? {}).map(([path, note]) => [path, str(note)]),
  };
}

/**
 * A tracked event's body written from text, the same bytes as trackedBody(eventId, data):
 * trackedHead(eventId) + <JSON text of data, dates as ISO strings> + trackedTail(meta), where `meta`
 * lists the dates in data (path within data, and the note serializedFields gives for them).
 */
export const trackedHead = (eventId: string) => `{"json":{"id":${str(eventId)},"data":`;
export function trackedTail(meta: [path: string, note: string][]): string {
  if (meta.length === 0) return "}}";
  const values = meta.map(([path, note]) => `${str(`data.${path}`)}:${note}`).join(",");
  return `},"meta":{"values":{${values}},"v":1}}`;
}

/** A date's note, as serializedFields gives it. */
export const DATE_NOTE = '["Date"]';

// --- HTTP: a query over GET ---------------------------------------------------------------------

/** The start of a GET query's URL, up to its search string, for the endpoint mounted at `endpoint`. */
export const queryUrlPrefix = (endpoint: string, path: string) => `${endpoint}/${path}?`;

/**
 * A one-call GET query's search string (`input=…`, or `batch=1&input=…` with `{"0": …}`) whose input
 * the transformer passes through untouched (`{"json": value}`, no meta): the value, or undefined for
 * anything else (more calls, other parameters, meta) — those are tRPC's to answer.
 */
export function plainQueryInput(search: string): { batch: boolean; input: unknown } | undefined {
  let batch = false;
  let input: string | null = null;
  for (const [key, value] of new URLSearchParams(search)) {
    if (key === "batch" && value === "1" && !batch) batch = true;
    else if (key === "input" && input === null) input = value;
    else return undefined;
  }
  if (input === null) return undefined;
  let call: unknown;
  try {
    call = JSON.parse(input);
  } catch {
    return undefined;
  }
  if (batch) call = only(call, "0");
  const value = only(call, "json");
  return value === undefined ? undefined : { batch, input: value };
}

/** Whether tRPC answers a GET with these headers as plain JSON (not streaming, no body type). */
export function plainQueryHeaders(h: {
  "content-type"?: string;
  "trpc-accept"?: string | string[];
  accept?: string;
}) {
  return (
    h["content-type"] === undefined &&
    h["trpc-accept"] === undefined &&
    !h.accept?.includes("application/jsonl")
  );
}

/** A successful query's answer, body and headers as tRPC's HTTP adapter writes them. */
export function queryAnswer(data: unknown, batch: boolean) {
  const call = str(transformTRPCResponse(config, { result: { data } }));
  const body = batch ? `[${call}]` : call;
  return {
    body,
    headers: {
      "content-type": "application/json",
      vary: "trpc-accept, accept",
      "content-length": Buffer.byteLength(body),
    },
  };
}

/** `value[key]` when value is an object with that key and no other. */
function only(value: unknown, key: string): unknown {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return undefined;
  const keys = Object.keys(value);
  return keys.length === 1 && keys[0] === key ? (value as Record<string, unknown>)[key] : undefined;
}
