// The fast path for a phone's tracking read, in front of the procedure that stays the reference
// (tracking.get in server/trpc/routers/tracking.ts, also served as the REST path by trpc-to-openapi
// and described in /api/openapi.json). It takes exactly two request shapes:
//   GET /api/appointments/track/:token                       (REST, { success: true, data })
//   GET /api/trpc/tracking.get?[batch=1&]input={..token..}   (tRPC, one call: the page's polling)
// and answers only a good read: same status, body and content-type / cache-control / vary headers
// as the procedure, from in-process copies (server/services/tracking-reads.ts) and a body written
// once per appointment and snapshot. The per-IP and per-link limits are taken here first, as the
// procedure does; every other case (a bad, expired, replaced or unknown link, a refusal, anything
// unusual in the request) is handed to the usual route with the limits marked as taken, so the
// procedure gives its own answer and nothing is counted twice. server/http/track-fast.test.ts
// compares the two paths for each case.
import type http from "node:http";
import { Lru } from "../cache/lru.ts";
import { trackingData } from "../services/tracking.ts";
import { getLocalTracking, type LocalTrackingRead } from "../services/tracking-reads.ts";
import { clientIp } from "../trpc/context.ts";
import { ZTrackingData } from "../trpc/schemas/tracking.ts";
import { plainQueryHeaders, plainQueryInput, queryAnswer, queryUrlPrefix } from "../trpc/wire.ts";
import { hashKey, markTrackingLimitsTaken, type RateLimited, takeTrackingLimits } from "./rate-limit.ts";
import { apiSecurityHeaders } from "./security-headers.ts";

type Format = "rest" | "trpc" | "trpcBatch";
type Read = { format: Format; token: string; tokenKey: string };
/**
 * A body is kept as a string: Node sends the head and a string body in one write. `head` is every
 * header of the answer as writeHead takes them (name, value, name, value...): the request id first
 * (filled in per request), then the security headers every /api/ answer gets, then the route's own.
 */
type Answer = { body: string; head: string[] };
type Answers = { ref: LocalTrackingRead["ref"]; data: unknown } & { [F in Format]?: Answer };

const REST_PREFIX = "/api/appointments/track/";
const TRPC_PREFIX = queryUrlPrefix("/api/trpc", "tracking.get");
/** The shape of a link (as verifyTrackingToken requires): nothing to decode or trim. */
const JWT = /^[\w-]+\.[\w-]+\.[\w-]+$/;
const MAX_TOKEN = 2048;

let enabled = true;

/** Turns the fast path off or on (tests compare it with the procedure on one server). */
export function setTrackingFastPath(on: boolean) {
  enabled = on;
}

const stats = { answered: 0, handedOver: 0 };

/** Reads answered here, and reads taken here then handed to the procedure (errors, refusals). */
export function trackingFastPathStats() {
  return { ...stats };
}

/** Request URL → what it asks, for URLs seen lately (a phone repeats the same one). */
const reads = new Lru<string, Read>(10_000);
/** Per snapshot, per appointment: the answer's data and its bodies, written once each. */
const answers = new WeakMap<object, Map<string, Answers>>();

/**
 * Answers a tracking read if it is one it can answer: true when answered (every header written
 * here, `reqId` as X-Request-Id), false to let the usual route serve the request (synchronously
 * when nothing needs waiting for; nothing has been written then).
 */
export function serveTrackingRead(
  req: http.IncomingMessage,
  res: http.ServerResponse,
  reqId: string,
): boolean | Promise<boolean> {
  if (!enabled || req.method !== "GET") return false;
  const read = readOf(req);
  if (!read) return false;
  const refused = takeTrackingLimits(clientIp(req), read.tokenKey);
  return refused instanceof Promise
    ? refused.then((r) => answer(req, res, read, r, reqId))
    : answer(req, res, read, refused, reqId);
}

function answer(
  req: http.IncomingMessage,
  res: http.ServerResponse,
  read: Read,
  refused: RateLimited | null,
  reqId: string,
): boolean | Promise<boolean> {
  if (refused) return handOver(req, read, refused);
  try {
    const local = getLocalTracking().read(read.token);
    if (local instanceof Promise)
      return local.then(
        (l) => write(res, read, l, reqId) || handOver(req, read, null),
        () => handOver(req, read, null),
      );
    return write(res, read, local, reqId) || handOver(req, read, null);
  } catch {
    return handOver(req, read, null);
  }
}

/** Lets the usual route answer, with the limits this read took marked on the request. */
function handOver(req: http.IncomingMessage, read: Read, refused: RateLimited | null): false {
  markTrackingLimitsTaken(req, { token: read.token, refused });
  stats.handedOver++;
  return false;
}

/** Writes the answer; false when there is none to give here (the procedure then answers). */
function write(
  res: http.ServerResponse,
  read: Read,
  local: LocalTrackingRead | null,
  reqId: string,
): boolean {
  if (!local) return false;
  let answer: Answer;
  try {
    answer = answerOf(local, read.format);
  } catch {
    return false; // e.g. the appointment is not in its queue day's snapshot: the procedure says so
  }
  stats.answered++;
  // writeHead reads the array before it returns: filling in the id of this request is safe.
  answer.head[1] = reqId;
  res.writeHead(200, answer.head);
  res.end(answer.body);
  return true;
}

/** The answer's bytes: the procedure's output (parsed by its output schema) in the route's envelope. */
function answerOf({ ref, snapshot }: LocalTrackingRead, format: Format): Answer {
  let perSnapshot = answers.get(snapshot);
  if (!perSnapshot) {
    perSnapshot = new Map();
    answers.set(snapshot, perSnapshot);
  }
  let a = perSnapshot.get(ref.id);
  if (!a || a.ref !== ref) {
    a = { ref, data: ZTrackingData.parse(trackingData(ref, snapshot)) };
    perSnapshot.set(ref.id, a);
  }
  let answer = a[format];
  if (!answer) {
    const { body, headers } =
      format === "rest" ? restAnswer(a.data) : queryAnswer(a.data, format === "trpcBatch");
    answer = { body, head: headBlock(headers) };
    a[format] = answer;
  }
  return answer;
}

/** The request id's slot, the security headers, then the route's headers (each name once). */
function headBlock(own: http.OutgoingHttpHeaders): string[] {
  const byName = new Map<string, [string, string]>();
  for (const [name, value] of apiSecurityHeaders()) byName.set(name.toLowerCase(), [name, value]);
  for (const [name, value] of Object.entries(own))
    if (value !== undefined) byName.set(name.toLowerCase(), [name, String(value)]);
  return ["X-Request-Id", "", ...[...byName.values()].flat()];
}

/** As sendJson writes it (server/http/send.ts). */
function restAnswer(data: unknown): { body: string; headers: http.OutgoingHttpHeaders } {
  const body = JSON.stringify({ success: true, data });
  return {
    body,
    headers: {
      "Content-Type": "application/json; charset=utf-8",
      "Content-Length": Buffer.byteLength(body),
      "Cache-Control": "no-store",
    },
  };
}

function readOf(req: http.IncomingMessage): Read | null {
  const url = req.url ?? "";
  if (!url.startsWith(REST_PREFIX) && !url.startsWith(TRPC_PREFIX)) return null;
  // Streaming (jsonl) or a body type: tRPC answers differently; leave those to it.
  if (!plainQueryHeaders(req.headers)) return null;
  let read = reads.get(url);
  if (!read) {
    const parsed = parseRead(url);
    if (!parsed) return null;
    read = parsed;
    reads.set(url, read);
  }
  return read;
}

function parseRead(url: string): Read | null {
  if (url.startsWith(REST_PREFIX)) return readFor("rest", url.slice(REST_PREFIX.length));
  const query = plainQueryInput(url.slice(TRPC_PREFIX.length));
  if (!query) return null;
  return readFor(query.batch ? "trpcBatch" : "trpc", only(query.input, "token"));
}

function readFor(format: Format, token: unknown): Read | null {
  if (typeof token !== "string" || token.length > MAX_TOKEN || !JWT.test(token)) return null;
  return { format, token, tokenKey: hashKey(token) };
}

/** `value[key]` when value is an object with that key and no other. */
function only(value: unknown, key: string): unknown {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return undefined;
  const keys = Object.keys(value);
  return keys.length === 1 && keys[0] === key ? (value as Record<string, unknown>)[key] : undefined;
}
