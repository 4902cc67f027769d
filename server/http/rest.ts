// The seed's REST paths, answered by the same tRPC procedures through a server-side caller.
// Responses: { success: true, data } or { success: false, error: { code, message } }.
import type http from "node:http";
import { TRPCError } from "@trpc/server";
import { databaseKind } from "../db/client.ts";
import { demoTrackingLinks } from "../services/demo.ts";
import { createContext } from "../trpc/context.ts";
import { HTTP_STATUS, retryAfterOf } from "../trpc/errors.ts";
import { appRouter } from "../trpc/root.ts";
import { sendJson } from "./router.ts";

const TRACK = /^\/api\/appointments\/(track|refresh-queue)\/([^/?#]+)\/?(?:\?.*)?$/;

function sendError(res: http.ServerResponse, err: unknown) {
  if (err instanceof TRPCError) {
    const status = HTTP_STATUS[err.code] ?? 500;
    const message = status === 500 ? "Something went wrong on our side." : err.message;
    if (status === 500) console.error("[rest]", err.cause ?? err);
    const retry = retryAfterOf(err);
    sendJson(
      res,
      status,
      { success: false, error: { code: err.code, message } },
      retry ? { "Retry-After": String(retry) } : {},
    );
    return;
  }
  console.error("[rest]", err);
  sendJson(res, 500, {
    success: false,
    error: { code: "INTERNAL_SERVER_ERROR", message: "Something went wrong on our side." },
  });
}

/** On the embedded demo (or when the e2e server turns it on), never on a real deployment. */
function demoLinksEnabled() {
  return databaseKind() === "embedded" || process.env.PQ_DEMO_LINKS === "1";
}

function isLoopback(req: http.IncomingMessage) {
  const ip = req.socket.remoteAddress ?? "";
  return ip === "127.0.0.1" || ip === "::1" || ip === "::ffff:127.0.0.1";
}

export async function handleRest(req: http.IncomingMessage, res: http.ServerResponse): Promise<boolean> {
  const url = req.url ?? "";
  const track = TRACK.exec(url);
  if (track) {
    if (req.method !== "GET") {
      sendJson(res, 405, { success: false, error: { code: "METHOD_NOT_SUPPORTED", message: "Use GET." } });
      return true;
    }
    try {
      const caller = appRouter.createCaller(await createContext({ req, res }));
      const token = decodeURIComponent(track[2] ?? "");
      const data = await caller.tracking.get({ token, fresh: track[1] === "refresh-queue" });
      sendJson(res, 200, { success: true, data });
    } catch (err) {
      sendError(res, err);
    }
    return true;
  }
  if (url.split("?")[0] === "/api/appointments/websocket/stats" && req.method === "GET") {
    try {
      const caller = appRouter.createCaller(await createContext({ req, res }));
      sendJson(res, 200, { success: true, data: await caller.system.wsStats() });
    } catch (err) {
      sendError(res, err);
    }
    return true;
  }
  // The demo's links, for `npm run demo:links` while the embedded server holds the database.
  if (url === "/api/demo/links" && req.method === "GET" && demoLinksEnabled() && isLoopback(req)) {
    sendJson(res, 200, { links: await demoTrackingLinks() });
    return true;
  }
  return false;
}
