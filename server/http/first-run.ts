// While the installation has no hospital with an admin yet, every page leads to /setup. Only page
// requests (GET/HEAD of a path without a file extension) are sent there: the API, Next's own
// assets, static files and /health answer as usual. Once setup is done the check is a cached
// boolean (server/services/setup.ts): no database query per request.
import type http from "node:http";
import { isSetupNeeded } from "../services/setup.ts";

type Handler = (req: http.IncomingMessage, res: http.ServerResponse) => void;

/** Whether `path` (no query) is a page the setup redirect applies to. */
export function isPagePath(path: string): boolean {
  if (path === "/setup" || path.startsWith("/setup/")) return false;
  if (path.startsWith("/_") || path === "/api" || path.startsWith("/api/")) return false;
  if (path === "/health" || path === "/metrics") return false;
  const last = path.slice(path.lastIndexOf("/") + 1);
  return !last.includes(".");
}

/**
 * Answers a page request with a redirect to /setup while setup is needed: true when it did. A
 * failed check lets the request through (the page itself then says what is wrong).
 */
export function redirectToSetup(
  req: http.IncomingMessage,
  res: http.ServerResponse,
): boolean | Promise<boolean> {
  if (req.method !== "GET" && req.method !== "HEAD") return false;
  if (!isPagePath((req.url ?? "/").split("?")[0] ?? "/")) return false;
  const send = (needed: boolean) => {
    if (!needed) return false;
    res.writeHead(302, { Location: "/setup", "Cache-Control": "no-store" });
    res.end();
    return true;
  };
  const needed = isSetupNeeded();
  return needed instanceof Promise ? needed.then(send, () => false) : send(needed);
}

/** `handler` (Next) behind the setup redirect. */
export function withSetupRedirect(handler: Handler): Handler {
  return (req, res) => {
    const answered = redirectToSetup(req, res);
    if (answered === true) return;
    if (answered === false) return handler(req, res);
    void answered.then((done) => {
      if (!done) handler(req, res);
    });
  };
}
