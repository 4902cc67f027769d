// GET /api/appointments/track/{token}/calendar.ics: the tracking link's appointment as an
// iCalendar file, for the patient page's "Add to calendar". A plain route (a file, not JSON), in
// front of the REST paths; described in /api/openapi.json by hand (server/http/openapi.ts).
import type http from "node:http";
import { getHTTPStatusCodeFromError } from "@trpc/server/http";
import { errorField, log } from "../log.ts";
import { appointmentCalendar } from "../services/self-service.ts";
import { clientIp } from "../trpc/context.ts";
import { reasonOf, toTRPCError } from "../trpc/errors.ts";
import { RateLimited } from "./rate-limit.ts";
import { sendJson } from "./send.ts";

const PATH = /^\/api\/appointments\/track\/([^/?#]{1,2048})\/calendar\.ics$/;

/** The token a calendar request names, or null when the request is not one. */
export function calendarTokenOf(req: http.IncomingMessage): string | null {
  const path = (req.url ?? "").split("?")[0] ?? "";
  const match = PATH.exec(path);
  if (!match?.[1]) return null;
  try {
    return decodeURIComponent(match[1]);
  } catch {
    return "";
  }
}

/** Answers a calendar request; false when the request is not one. */
export async function serveTrackCalendar(
  req: http.IncomingMessage,
  res: http.ServerResponse,
): Promise<boolean> {
  const token = calendarTokenOf(req);
  if (token === null) return false;
  if (req.method !== "GET" && req.method !== "HEAD") {
    sendJson(
      res,
      405,
      { success: false, error: { code: "METHOD_NOT_ALLOWED", message: "Use GET." } },
      { Allow: "GET, HEAD" },
    );
    return true;
  }
  try {
    const ics = await appointmentCalendar(token, clientIp(req));
    res.writeHead(200, {
      "Content-Type": "text/calendar; charset=utf-8",
      "Content-Disposition": 'attachment; filename="appointment.ics"',
      "Content-Length": Buffer.byteLength(ics),
      "Cache-Control": "no-store",
    });
    res.end(req.method === "HEAD" ? undefined : ics);
  } catch (err) {
    // The one error map (server/trpc/errors.ts): the same status and reason as the REST paths.
    const error = toTRPCError(err);
    if (error) {
      sendJson(
        res,
        getHTTPStatusCodeFromError(error),
        { success: false, error: { code: reasonOf(error), message: error.message } },
        err instanceof RateLimited ? { "Retry-After": String(err.retryAfterSeconds) } : {},
      );
    } else {
      log.error(errorField(err), "[track] calendar failed");
      sendJson(res, 500, {
        success: false,
        error: { code: "INTERNAL_SERVER_ERROR", message: "Something went wrong." },
      });
    }
  }
  return true;
}
