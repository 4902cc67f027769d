// Request context for tRPC over HTTP and WebSocket: who is asking (staff session or nobody),
// from where, and how to set a cookie on the HTTP response.
import type { IncomingMessage, ServerResponse } from "node:http";
import type { WebSocket } from "ws";
import { type Identity, identityFromHeaders } from "../auth/identity.ts";
import type { SessionStaff } from "../auth/session.ts";
import { type Clock, currentClock } from "../clock.ts";
import { localDateOf } from "../domain/time.ts";
import { env } from "../env.ts";
import type { LiveResponse } from "../http/live-streams.ts";
import { cookieAllowed } from "../http/origin.ts";
import { type TakenLimits, trackingLimitsTaken } from "../http/rate-limit.ts";
import { identitySockets } from "../realtime/identity-sockets.ts";

export type Context = {
  staff: SessionStaff | null;
  /** How the staff member proved who they are: a session or an API token (null: nobody). */
  auth: Identity | null;
  /** "ws": the context lives as long as the socket, so every call re-checks `auth` (init.ts). */
  transport: "http" | "ws" | "internal";
  ip: string;
  /** Only over HTTP: appends a Set-Cookie header to the response. */
  setCookie: ((cookie: string) => void) | null;
  /** Tracking limits the read's fast path already took for this request (it handed it over). */
  trackingLimits?: TakenLimits | null;
  /**
   * Only over HTTP: the response, so that a subscription served on it (SSE) can be counted and ended
   * when the right to it ends (http/live-streams.ts, init.ts).
   */
  response?: LiveResponse | null;
  /** Business time for this call (server/clock.ts): procedures never read the wall clock themselves. */
  clock: Clock;
};

/** Today's date in the signed-in staff member's hospital, by the context's clock. */
export function hospitalToday(ctx: { clock: Clock; staff: { hospital: { timeZone: string } } }): string {
  return localDateOf(ctx.clock.now(), ctx.staff.hospital.timeZone);
}

/**
 * The client's address as the custom server determined it (clientIp), handed to Next's route
 * handlers and pages; always overwritten by the server, so a client cannot set it.
 */
export const CLIENT_IP_HEADER = "x-pq-client-ip";

/**
 * The client's IP for rate limits and connection caps. Behind `TRUST_PROXY_HOPS` proxies, the entry
 * that many hops back in X-Forwarded-For (each proxy appends the address it saw), so a client
 * cannot pick its own IP by sending the header; with no proxies configured the header is ignored.
 */
export function clientIp(req: IncomingMessage, hops = env().TRUST_PROXY_HOPS): string {
  const peer = req.socket.remoteAddress ?? "unknown";
  const forwarded = req.headers["x-forwarded-for"];
  if (hops === 0 || !forwarded) return peer;
  const chain = (Array.isArray(forwarded) ? forwarded.join(",") : forwarded)
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  chain.push(peer);
  return chain[Math.max(0, chain.length - 1 - hops)] ?? peer;
}

export async function createContext(opts: {
  req: IncomingMessage;
  res: ServerResponse | WebSocket;
}): Promise<Context> {
  const { req, res } = opts;
  // A bearer token (integrations) wins over a session cookie (the app).
  const auth = await identityFromHeaders(req.headers, { cookieAllowed: cookieAllowed(req.headers) });
  const ws = !("setHeader" in res);
  if (auth && !("setHeader" in res)) {
    // The socket lives on after this: it is closed when the identity ends (signed out, revoked, expired).
    const socket = res;
    const forget = identitySockets().register(auth, (code, reason) => socket.close(code, reason));
    socket.once("close", forget);
  }
  const setCookie =
    "setHeader" in res
      ? (cookie: string) => {
          const prev = res.getHeader("Set-Cookie");
          const list = Array.isArray(prev) ? prev : prev ? [String(prev)] : [];
          res.setHeader("Set-Cookie", [...list, cookie]);
        }
      : null;
  return {
    staff: auth?.staff ?? null,
    auth,
    transport: ws ? "ws" : "http",
    ip: clientIp(req),
    setCookie,
    trackingLimits: trackingLimitsTaken(req),
    response:
      "setHeader" in res
        ? { end: () => res.destroy(), onClose: (fn: () => void) => void res.once("close", fn) }
        : null,
    clock: currentClock,
  };
}

/** A context for server-side callers (server components, tests): no request, optional staff. */
export function callerContext(staff: SessionStaff | null = null, auth: Identity | null = null): Context {
  return { staff, auth, transport: "internal", ip: "internal", setCookie: null, clock: currentClock };
}
