// The security headers of every response the custom server sends (our routes and Next's pages
// alike), set in one place before the request is dispatched (createAppServer, server/http/router.ts).
//
// Pages get a Content-Security-Policy with a fresh nonce: it is also put on the request as a
// `content-security-policy` header, from which Next reads it and marks its own inline scripts (the
// RSC payload) and script tags with it, so no inline script runs without it. The patient page
// (/track/<token>) runs one script from a 'self' URL (/patient/track.<hash>.js) and needs no nonce.
// Styles may be inline (React's style attributes, the patient page's inlined stylesheet).
import { randomBytes } from "node:crypto";
import type http from "node:http";
import { env } from "../env.ts";
import { publicOrigin, requestOrigin } from "./origin.ts";

/** Paths whose URL carries a bearer token (a tracking link, a display link): they send no Referer. */
const TOKEN_IN_URL = /^\/(?:track|display)(?:[/?]|$)/;
/** Static files, named by content or public: the only answers that may be cached. */
const STATIC_FILE = /^\/(?:_next\/static\/|patient\/|sw\.js$|icon\.svg$|favicon\.ico$)/;

const wsOf = (origin: string) => origin.replace(/^http/, "ws");

type Built = { fixed: [string, string][]; evalSrc: string; cspRest: string; publicWs: string };
let built: { key: string; value: Built } | null = null;

/** The parts that depend only on the configuration, built once (every request reads them). */
function parts(): Built {
  const config = env();
  const key = `${config.PUBLIC_URL}|${config.NODE_ENV}`;
  if (built?.key === key) return built.value;
  const origin = publicOrigin(config.PUBLIC_URL);
  const https = origin.startsWith("https:");
  const fixed: [string, string][] = [
    ["X-Content-Type-Options", "nosniff"],
    ["X-Frame-Options", "DENY"],
    [
      "Permissions-Policy",
      "camera=(), microphone=(), geolocation=(), payment=(), usb=(), serial=(), hid=(), " +
        "midi=(), accelerometer=(), gyroscope=(), magnetometer=(), display-capture=(), browsing-topics=()",
    ],
    ["Cross-Origin-Opener-Policy", "same-origin"],
    ["Cross-Origin-Resource-Policy", "same-origin"],
  ];
  if (https) fixed.push(["Strict-Transport-Security", "max-age=31536000; includeSubDomains"]);
  // Next's development server evaluates modules with eval (React Refresh); production never does.
  const evalSrc = config.NODE_ENV === "production" ? "" : " 'unsafe-eval'";
  const value: Built = {
    fixed,
    evalSrc,
    cspRest:
      "style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self' data:; " +
      "worker-src 'self'; manifest-src 'self'; frame-ancestors 'none'; base-uri 'self'; " +
      `form-action 'self'; object-src 'none'${https ? "; upgrade-insecure-requests" : ""}`,
    publicWs: wsOf(origin),
  };
  built = { key, value };
  return value;
}

/**
 * The Content-Security-Policy for a response: `nonce` allows the page's inline scripts that carry
 * it; connect-src allows the app's own origin and its WebSocket (PUBLIC_URL's, and the one the
 * request was addressed to).
 */
export function contentSecurityPolicy(headers: http.IncomingHttpHeaders, nonce: string | null): string {
  const p = parts();
  const own = requestOrigin(headers);
  const ws = own && wsOf(own) !== p.publicWs ? `${p.publicWs} ${wsOf(own)}` : p.publicWs;
  const script = `script-src 'self'${nonce ? ` 'nonce-${nonce}'` : ""}${p.evalSrc}`;
  return `default-src 'self'; ${script}; connect-src 'self' ${ws}; ${p.cspRest}`;
}

/** JSON answers (/api/...) render nothing: they may load and be framed by nothing. */
const API_CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

/**
 * Every security header of an answer to an /api/ path that carries no token in its path (what
 * setSecurityHeaders sets there), as name/value pairs: the tracking read's fast path
 * (server/http/track-fast.ts) writes them with its answer in one writeHead instead of one
 * setHeader each (measured with bench:track).
 */
export function apiSecurityHeaders(): ReadonlyArray<readonly [string, string]> {
  return [
    ...parts().fixed,
    ["Referrer-Policy", "strict-origin-when-cross-origin"],
    ["Cache-Control", "no-store"],
    ["Content-Security-Policy", API_CSP],
  ];
}

/**
 * Sets the security headers on `res` before anything else writes to it. Answers that are not
 * static files are `Cache-Control: no-store` (they may carry personal data; a handler may still set
 * a stricter one). A page request gets a nonce that Next applies to its scripts.
 */
export function setSecurityHeaders(req: http.IncomingMessage, res: http.ServerResponse): void {
  const path = (req.url ?? "/").split("?")[0] ?? "/";
  for (const [name, value] of parts().fixed) res.setHeader(name, value);
  res.setHeader(
    "Referrer-Policy",
    TOKEN_IN_URL.test(path) ? "no-referrer" : "strict-origin-when-cross-origin",
  );
  // What Next reads a nonce from: only ever the one set here, never one the client sent.
  delete req.headers["content-security-policy"];
  delete req.headers["content-security-policy-report-only"];
  if (path.startsWith("/api/")) {
    res.setHeader("Cache-Control", "no-store");
    res.setHeader("Content-Security-Policy", API_CSP);
    return;
  }
  if (STATIC_FILE.test(path)) {
    res.setHeader("Content-Security-Policy", contentSecurityPolicy(req.headers, null));
    return;
  }
  res.setHeader("Cache-Control", "no-store");
  const csp = contentSecurityPolicy(req.headers, randomBytes(16).toString("base64"));
  res.setHeader("Content-Security-Policy", csp);
  req.headers["content-security-policy"] = csp;
}
