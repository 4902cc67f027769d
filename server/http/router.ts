// Plain HTTP routes served by the custom server before Next: /health, tRPC over HTTP and the
// seed's REST aliases (backed by the same tRPC procedures through a caller).
import http from "node:http";
import { createHTTPHandler } from "@trpc/server/adapters/standalone";
import { errorField, log, requestIdOf, withRequestId } from "../log.ts";
import { createContext } from "../trpc/context.ts";
import { retryAfterOf } from "../trpc/errors.ts";
import { appRouter } from "../trpc/root.ts";
import { healthReport } from "./health.ts";
import { metrics, routeOf } from "./metrics.ts";
import { handleRest } from "./rest.ts";
import { sendJson } from "./send.ts";

const trpcHandler = createHTTPHandler({
  router: appRouter,
  createContext,
  basePath: "/api/trpc/",
  maxBodySize: 256 * 1024,
  responseMeta({ errors }) {
    const retry = errors.map(retryAfterOf).find((s) => s !== null);
    return retry ? { headers: { "Retry-After": String(retry) } } : {};
  },
  onError({ error, path }) {
    if (error.code === "INTERNAL_SERVER_ERROR")
      log.error({ ...errorField(error.cause ?? error), procedure: path ?? "?" }, "trpc procedure failed");
  },
});

/**
 * Times every request by route (for /metrics) and writes its access line: changes (non-GET) and
 * failures at info or above, reads at debug (the hot tracking reads would flood the log).
 */
export function timeRequest(req: http.IncomingMessage, res: http.ServerResponse, reqId: string) {
  const method = req.method ?? "GET";
  const route = routeOf(req.url ?? "/");
  const started = performance.now();
  const end = metrics().httpDuration.startTimer({ method, route });
  res.once("finish", () => {
    const status = res.statusCode;
    end({ status: String(status) });
    const level = status >= 500 ? "error" : method === "GET" || method === "HEAD" ? "debug" : "info";
    if (!log.isLevelEnabled(level)) return;
    const ms = Math.round((performance.now() - started) * 10) / 10;
    log[level]({ reqId, method, route, status, ms }, "request");
  });
}

/** Handles the request if it is ours; false lets Next serve it. */
export async function handleHttp(req: http.IncomingMessage, res: http.ServerResponse): Promise<boolean> {
  const url = req.url ?? "/";
  try {
    if (url === "/health" || url.startsWith("/health?")) {
      const report = await healthReport();
      sendJson(res, report.status === "down" ? 503 : 200, report);
      return true;
    }
    if (url === "/metrics") {
      const { registry } = metrics();
      const text = await registry.metrics();
      res.writeHead(200, { "Content-Type": registry.contentType });
      res.end(text);
      return true;
    }
    if (url.startsWith("/api/trpc/")) {
      trpcHandler(req, res);
      return true;
    }
    if (
      url.startsWith("/api/appointments") ||
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

/** The instance's HTTP server: our routes first, then `fallback` (Next in production, 404 in tests). */
export function createAppServer(fallback: (req: http.IncomingMessage, res: http.ServerResponse) => void) {
  return http.createServer((req, res) => {
    const reqId = requestIdOf(req);
    res.setHeader("X-Request-Id", reqId);
    timeRequest(req, res, reqId);
    withRequestId(reqId, () => {
      void handleHttp(req, res).then((handled) => {
        if (!handled) fallback(req, res);
      });
    });
  });
}
