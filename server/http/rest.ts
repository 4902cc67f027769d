// Routes under /api that are not tRPC: the REST paths (trpc-to-openapi), the OpenAPI document,
// and the demo's tracking links.
import type http from "node:http";
import { now as clockNow } from "../clock.ts";
import { databaseKind } from "../db/client.ts";
import { env } from "../env.ts";
import { demoTrackingLinks } from "../services/demo.ts";
import { handleOpenApi, openApiDocument } from "./openapi.ts";
import { sendJson } from "./send.ts";
import { serveTrackCalendar } from "./track-calendar.ts";

/** From this machine, and not through a proxy on it (which would make every visitor look local). */
function isLoopback(req: http.IncomingMessage) {
  const ip = req.socket.remoteAddress ?? "";
  const proxied = req.headers["x-forwarded-for"] !== undefined || req.headers.forwarded !== undefined;
  return !proxied && (ip === "127.0.0.1" || ip === "::1" || ip === "::ffff:127.0.0.1");
}

/**
 * On the embedded demo (or when the e2e server turns it on), never on a real deployment: a clinic
 * that started with PQ_DEMO=false (its own data, maybe a hospital it named "Demo") has no such path
 * (an attacker's probe, 2026-12-07: behind a proxy on the same machine it handed out every link).
 */
function demoLinksEnabled() {
  return (databaseKind() === "embedded" && env().PQ_DEMO) || process.env.PQ_DEMO_LINKS === "1";
}

/** Path prefixes served by the tRPC procedures that carry `meta.openapi`. */
const OPENAPI_PREFIXES = ["/api/appointments", "/api/admin", "/api/setup"];

export async function handleRest(req: http.IncomingMessage, res: http.ServerResponse): Promise<boolean> {
  const path = (req.url ?? "").split("?")[0] ?? "";
  // A file, not a procedure's JSON: the tracking link's appointment for a calendar app.
  if (path.endsWith("/calendar.ics") && (await serveTrackCalendar(req, res))) return true;
  if (OPENAPI_PREFIXES.some((prefix) => path === prefix || path.startsWith(`${prefix}/`))) {
    await handleOpenApi(req, res);
    return true;
  }
  if (path === "/api/openapi.json" && req.method === "GET") {
    sendJson(res, 200, openApiDocument());
    return true;
  }
  // The demo's links, for `npm run demo:links` while the embedded server holds the database.
  if (path === "/api/demo/links" && req.method === "GET" && demoLinksEnabled() && isLoopback(req)) {
    sendJson(res, 200, { now: clockNow().toISOString(), links: await demoTrackingLinks() });
    return true;
  }
  return false;
}
