// GET /api/appointments/track/{token}/calendar.ics: the tracking link's appointment as an
// iCalendar file, for the patient page's "Add to calendar". A plain route (a file, not JSON), in
// front of the REST paths; described in /api/openapi.json by hand (server/http/openapi.ts).
import type http from "node:http";
import { DomainError, statusOf } from "../domain/errors.ts";
import { errorField, log } from "../log.ts";
import { appointmentCalendar } from "../services/self-service.ts";
import { clientIp } from "../trpc/context.ts";
import { RateLimited } from "./rate-limit.ts";
import { sendJson } from "./send.ts";

const PATH = /^\/api\/appointments\/track\/([^/?#]{1,2048})\/calendar\.ics$/;
const HTTP_STATUS = { BAD_REQUEST: 400, UNAUTHORIZED: 401, FORBIDDEN: 403, NOT_FOUND: 404, CONFLICT: 409 };

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
    if (err instanceof RateLimited) {
      sendJson(
        res,
        429,
        { success: false, error: { code: "TOO_MANY_REQUESTS", message: err.message } },
        { "Retry-After": String(err.retryAfterSeconds) },
      );
    } else if (err instanceof DomainError) {
      sendJson(res, HTTP_STATUS[statusOf(err.reason)], {
        success: false,
        error: { code: err.reason, message: err.message },
      });
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
