// Where a request comes from, in one place: the WebSocket upgrade's Origin allowlist, the check in
// front of cookie-authenticated changes over HTTP (server/http/router.ts), and whether a session
// cookie is honoured at all (server/trpc/context.ts).
//
// "Own origin" is PUBLIC_URL's origin, or the origin the request itself was addressed to (its Host,
// with the scheme a trusted proxy reports): a page of this app opened under another name of the same
// server (http://127.0.0.1:8000 beside http://localhost:8000) is still the app's own page.
import type { IncomingHttpHeaders } from "node:http";
import { env } from "../env.ts";

const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

/** PUBLIC_URL's origin (`https://clinic.example`, no path or trailing slash). */
export function publicOrigin(publicUrl = env().PUBLIC_URL): string {
  return new URL(publicUrl).origin;
}

/**
 * The origins allowed to open the WebSocket: `"*"` only when CORS_ORIGIN (or `list`) is exactly
 * `*`; a comma-separated list when one is given; otherwise PUBLIC_URL's origin alone.
 */
export function allowedOrigins(list: string | undefined = env().CORS_ORIGIN): "*" | string[] {
  if (list === undefined || list.trim() === "") return [publicOrigin()];
  if (list.trim() === "*") return "*";
  return list
    .split(",")
    .map((o) => o.trim().replace(/\/$/, ""))
    .filter(Boolean);
}

/** The origin the request was addressed to (Host, and X-Forwarded-Proto behind a trusted proxy). */
export function requestOrigin(headers: IncomingHttpHeaders): string | null {
  const host = headers.host;
  if (!host) return null;
  const forwarded = env().TRUST_PROXY_HOPS > 0 ? first(headers["x-forwarded-proto"]) : undefined;
  const proto = forwarded?.split(",")[0]?.trim().toLowerCase() === "https" ? "https" : "http";
  // Only a plain host[:port] (a name, IPv4 or [IPv6]); anything else addresses no origin of ours.
  if (!/^(?:[a-z0-9.-]+|\[[0-9a-f:.]+\])(?::\d{1,5})?$/i.test(host)) return null;
  try {
    return new URL(`${proto}://${host}`).origin;
  } catch {
    return null;
  }
}

/** True when `origin` is this app's own origin: PUBLIC_URL's, or the one the request addressed. */
export function isOwnOrigin(origin: string, headers: IncomingHttpHeaders): boolean {
  return origin === publicOrigin() || origin === requestOrigin(headers);
}

/**
 * Whether the session cookie of this request may identify anyone: yes when the browser says the
 * request came from this app's own origin, or says nothing (no Origin and no cross-site or
 * same-site Sec-Fetch-Site: non-browser clients, top-level navigations). A page on another origin,
 * even one CORS_ORIGIN lets open the WebSocket, never acts with the staff member's cookie.
 */
export function cookieAllowed(headers: IncomingHttpHeaders): boolean {
  const origin = first(headers.origin);
  if (origin !== undefined) return isOwnOrigin(origin, headers);
  const site = first(headers["sec-fetch-site"]);
  return site !== "cross-site" && site !== "same-site";
}

/**
 * Why a change (POST, PUT, PATCH, DELETE) must be refused as coming from another site, or null
 * when it may go on. Sec-Fetch-Site `cross-site` or `same-site` (a sibling subdomain is another
 * site's page too), or an Origin that is not this app's own (`null` included), is refused; a
 * request without either header (curl, integrations, tests) is not a browser's cross-site request.
 */
export function crossSiteRefusal(headers: IncomingHttpHeaders): string | null {
  const site = first(headers["sec-fetch-site"]);
  if (site === "cross-site" || site === "same-site")
    return "This change was sent from another site's page and was refused. Use this app's own pages.";
  const origin = first(headers.origin);
  if (origin !== undefined && !isOwnOrigin(origin, headers))
    return "This change was sent from another origin and was refused. Use this app's own pages.";
  return null;
}

/** The WebSocket upgrade's verdict: no Origin (not a browser), an allowed one, or the app's own. */
export function webSocketOriginAllowed(
  headers: IncomingHttpHeaders,
  allowed: "*" | string[] = allowedOrigins(),
): boolean {
  const origin = first(headers.origin);
  if (origin === undefined) return true;
  if (allowed === "*" || allowed.includes(origin)) return true;
  return isOwnOrigin(origin, headers);
}
