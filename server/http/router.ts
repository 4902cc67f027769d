// Plain HTTP routes served by the custom server before Next: /health, tRPC over HTTP and the
// seed's REST aliases (backed by the same tRPC procedures through a caller).
import { subscribe } from "node:diagnostics_channel";
import http from "node:http";
import { getErrorShape, TRPCError } from "@trpc/server";
import { createHTTPHandler } from "@trpc/server/adapters/standalone";
import superjson from "superjson";
import { chooseLocale, formatLocale, isLocale, LOCALE_COOKIE } from "../../components/i18n/config.ts";
import { translator } from "../../components/track/format.ts";
import { problemMainHtml } from "../../components/track/view.ts";
import { bearerOf } from "../auth/api-token.ts";
import { readCookie } from "../auth/cookies.ts";
import { DomainError } from "../domain/errors.ts";
import { errorField, log, requestIdOf, withRequestId } from "../log.ts";
import { CLIENT_IP_HEADER, clientIp, createContext } from "../trpc/context.ts";
import { reasonOf, retryAfterOf, subscriptionRefusal } from "../trpc/errors.ts";
import { MAX_BATCH_SIZE } from "../trpc/limits.ts";
import { appRouter } from "../trpc/root.ts";
import { EXPORT_CSV_PATH, serveExportCsv } from "./export-csv.ts";
import { healthReport } from "./health.ts";
import { metrics, routeOf, serveMetrics } from "./metrics.ts";
import { crossSiteRefusal } from "./origin.ts";
import { handleRest } from "./rest.ts";
import { setSecurityHeaders } from "./security-headers.ts";
import { sendJson } from "./send.ts";
import { serveTrackingRead } from "./track-fast.ts";
import { TRACK_MESSAGES, trackDocument } from "./track-page.ts";

const trpcHandler = createHTTPHandler({
  router: appRouter,
  createContext,
  basePath: "/api/trpc/",
  maxBodySize: 256 * 1024,
  maxBatchSize: MAX_BATCH_SIZE,
  responseMeta({ ctx, errors }) {
    // A subscription over SSE is answered 200 whatever happens: one refused by a limit is a 429.
    const refused = subscriptionRefusal(ctx);
    if (refused) return { status: 429, headers: { "Retry-After": String(refused.retryAfterSeconds) } };
    const retry = errors.map(retryAfterOf).find((s) => s !== null);
    return retry ? { headers: { "Retry-After": String(retry) } } : {};
  },
  onError({ error, path }) {
    if (error.code === "INTERNAL_SERVER_ERROR")
      log.error({ ...errorField(error.cause ?? error), procedure: path ?? "?" }, "trpc procedure failed");
  },
});

/** What timeRequest keeps on a response until it has gone out. */
const timing = Symbol("pq.requestTiming");
type Timed = http.ServerResponse & {
  [timing]?: { method: string; route: string; started: number; reqId: string };
};

/**
 * Times every request by route (for /metrics) and writes its access line: changes (non-GET) and
 * failures at info or above, reads at debug (the hot tracking reads would flood the log). The end
 * is heard once for all responses, on Node's `http.server.response.finish` diagnostics channel: a
 * `finish` listener per response cost about 10 µs a request here, most of it garbage collection
 * (measured with bench:track).
 */
export function timeRequest(req: http.IncomingMessage, res: http.ServerResponse, reqId: string) {
  listenForFinishedResponses();
  (res as Timed)[timing] = {
    method: req.method ?? "GET",
    route: routeOf(req.url ?? "/"),
    started: performance.now(),
    reqId,
  };
}

let listening = false;
function listenForFinishedResponses() {
  if (listening) return;
  listening = true;
  subscribe("http.server.response.finish", (message) => {
    const res = (message as { response?: Timed }).response;
    const t = res?.[timing];
    if (!res || !t) return;
    const status = res.statusCode;
    const ms = performance.now() - t.started;
    metrics().httpDuration.observe({ method: t.method, route: t.route, status: String(status) }, ms / 1000);
    const level = status >= 500 ? "error" : t.method === "GET" || t.method === "HEAD" ? "debug" : "info";
    if (!log.isLevelEnabled(level)) return;
    log[level](
      { reqId: t.reqId, method: t.method, route: t.route, status, ms: Math.round(ms * 10) / 10 },
      "request",
    );
  });
}

/**
 * A phone's tracking read, answered in front of tRPC and trpc-to-openapi when it can be,
 * synchronously when all it needs is in memory (same bytes, every header written at once;
 * anything else is handed on, nothing written, with its rate limits marked as taken):
 * server/http/track-fast.ts. True when answered.
 */
function trackingRead(req: http.IncomingMessage, res: http.ServerResponse, reqId: string) {
  const failed = (err: unknown) => {
    log.error({ ...errorField(err), reqId }, "tracking read fast path failed");
    return false;
  };
  try {
    const fast = serveTrackingRead(req, res, reqId);
    return fast instanceof Promise ? fast.catch(failed) : fast;
  } catch (err) {
    return failed(err);
  }
}

async function handleRoutes(req: http.IncomingMessage, res: http.ServerResponse): Promise<boolean> {
  const url = req.url ?? "/";
  try {
    if (url === "/health" || url.startsWith("/health?")) {
      const report = await healthReport();
      sendJson(res, report.status === "down" ? 503 : 200, report);
      return true;
    }
    if (url === "/metrics") return await serveMetrics(req, res); // METRICS_TOKEN: server/http/metrics.ts
    if (url === EXPORT_CSV_PATH || url.startsWith(`${EXPORT_CSV_PATH}?`)) {
      await serveExportCsv(req, res);
      return true;
    }
    if (url.startsWith("/api/trpc/")) {
      trpcHandler(req, res);
      return true;
    }
    if (
      url.startsWith("/api/appointments") ||
      url.startsWith("/api/admin") ||
      url.startsWith("/api/setup") ||
      url.startsWith("/api/demo/") ||
      url.startsWith("/api/openapi.json")
    ) {
      return await handleRest(req, res);
    }
    return false;
  } catch (err) {
    log.error(errorField(err), "request failed");
    if (!res.headersSent)
      sendJson(res, 500, {
        success: false,
        error: { code: "INTERNAL_SERVER_ERROR", message: "Something went wrong on our side." },
      });
    return true;
  }
}

const CHANGES = new Set(["POST", "PUT", "PATCH", "DELETE"]);
/** The REST paths (server/http/rest.ts): a change there is checked like one over tRPC. */
const REST_PREFIXES = ["/api/appointments", "/api/admin", "/api/setup"];

/**
 * In front of tRPC and the REST paths, for every change (POST, PUT, PATCH, DELETE): one sent by
 * another site's page (Origin or Sec-Fetch-Site, server/http/origin.ts) is a 403, unless it carries
 * an API token (`Authorization: Bearer`, which no page gets sent by the browser on its own); and a
 * body must be JSON (415 otherwise): a form post or a `text/plain` fetch, the requests a page may
 * send to another site without asking first, never reach a procedure. True when it answered.
 */
export function refuseChange(req: http.IncomingMessage, res: http.ServerResponse): boolean {
  if (!CHANGES.has(req.method ?? "GET")) return false;
  const path = (req.url ?? "/").split("?")[0] ?? "/";
  const surface = path.startsWith("/api/trpc/")
    ? "trpc"
    : REST_PREFIXES.some((prefix) => path === prefix || path.startsWith(`${prefix}/`))
      ? "rest"
      : null;
  if (!surface) return false;
  const why = bearerOf(req.headers.authorization) ? null : crossSiteRefusal(req.headers);
  if (why) {
    const error = new DomainError("CROSS_SITE_REQUEST", why);
    refuse(res, surface, new TRPCError({ code: error.code, message: why, cause: error }));
    return true;
  }
  const type = req.headers["content-type"]?.split(";")[0]?.trim().toLowerCase();
  if (req.method !== "DELETE" && type !== "application/json") {
    const message = type
      ? `Content-Type ${type.slice(0, 100)} is not accepted: send JSON (Content-Type: application/json).`
      : "Content-Type is missing: send JSON (Content-Type: application/json).";
    refuse(res, surface, new TRPCError({ code: "UNSUPPORTED_MEDIA_TYPE", message }));
    return true;
  }
  return false;
}

/** A refusal in the surface's own error shape: tRPC's (what its client reads) or the REST envelope. */
function refuse(res: http.ServerResponse, surface: "trpc" | "rest", error: TRPCError) {
  const status = error.code === "FORBIDDEN" ? 403 : 415;
  if (surface === "rest") {
    sendJson(res, status, { success: false, error: { code: reasonOf(error), message: error.message } });
    return;
  }
  const shape = getErrorShape({
    config: appRouter._def._config,
    error,
    type: "unknown",
    path: undefined,
    input: undefined,
    ctx: undefined,
  });
  sendJson(res, status, { error: superjson.serialize(shape) });
}

/** Whether a request path's %-escapes decode (Next answers a 500 for `/track/%E0` or `/reset/%`). */
export function pathDecodes(url: string): boolean {
  try {
    decodeURIComponent(url.split("?")[0] ?? "");
    return true;
  } catch {
    return false;
  }
}

/**
 * A page's path with a broken %-escape (a link cut or mistyped, or a probe): a 400 a person can
 * read, as the patient page says an invalid link (the same page, in the patient's language: the
 * switcher's `?lang=`, its cookie, else the browser's).
 */
function sendBrokenLink(req: http.IncomingMessage, res: http.ServerResponse) {
  const asked = /[?&]lang=([a-z]{2})(?:&|$)/.exec(req.url ?? "")?.[1];
  const language = isLocale(asked)
    ? asked
    : chooseLocale(readCookie(req.headers.cookie, LOCALE_COOKIE), req.headers["accept-language"]);
  const locale = formatLocale(language, req.headers["accept-language"]);
  const t = translator(TRACK_MESSAGES[language], locale);
  res.writeHead(400, {
    "Content-Type": "text/html; charset=utf-8",
    "Cache-Control": "no-store",
    "Content-Language": language,
    Vary: "Accept-Language, Cookie",
  });
  res.end(
    trackDocument({
      locale,
      title: t("problems.invalidTitle"),
      main: problemMainHtml("invalid", locale, t, "/", true),
    }),
  );
}

/**
 * The methods any path answers; others (TRACE, CONNECT, WebDAV's) are a 405 before any route: the
 * fetch adapters behind tRPC and REST cannot build a TRACE request and answered 500.
 */
const KNOWN_METHODS = new Set(["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]);
const ALLOW = [...KNOWN_METHODS].join(", ");
const METHOD_REFUSED = {
  success: false,
  error: { code: "METHOD_NOT_SUPPORTED", message: "This method is not supported." },
};

/** The instance's HTTP server: our routes first, then `fallback` (Next in production, 404 in tests). */
export function createAppServer(fallback: (req: http.IncomingMessage, res: http.ServerResponse) => void) {
  const serve = (req: http.IncomingMessage, res: http.ServerResponse, reqId: string) => {
    res.setHeader("X-Request-Id", reqId);
    setSecurityHeaders(req, res);
    withRequestId(reqId, () => {
      if (!KNOWN_METHODS.has(req.method ?? "")) return sendJson(res, 405, METHOD_REFUSED, { Allow: ALLOW });
      if (refuseChange(req, res)) return;
      void handleRoutes(req, res).then((ours) => {
        if (ours) return;
        if (!pathDecodes(req.url ?? "/")) return sendBrokenLink(req, res);
        req.headers[CLIENT_IP_HEADER] = clientIp(req);
        fallback(req, res);
      });
    });
  };
  return http.createServer((req, res) => {
    const reqId = requestIdOf(req);
    timeRequest(req, res, reqId);
    const fast = trackingRead(req, res, reqId);
    if (fast === true) return;
    if (fast === false) serve(req, res, reqId);
    else void fast.then((answered) => answered || serve(req, res, reqId));
  });
}
