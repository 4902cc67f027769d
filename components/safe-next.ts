// Where to go after signing in (`/login?next=...`): only somewhere on this site. Used by the login
// page (server) and its form (browser), so both send the person to the same, checked place.

/** Where a missing or refused `next` leads: the home page, which sends staff to their role's home. */
export const DEFAULT_NEXT = "/";

/**
 * `next` resolved the way a browser would resolve it against `base` (PUBLIC_URL on the server, the
 * page's origin in the browser): the path, query and fragment when it stays on base's origin, else
 * DEFAULT_NEXT. Resolving with the URL parser rather than looking at the text refuses every spelling
 * of another site: backslashes (`/\evil`), tabs and newlines the parser drops (`/\t/evil`), `//evil`,
 * `https:evil`, `javascript:` and so on. The answer is the parser's own serialization (no backslash
 * or control character left in it) and never starts with `//` (`/.//evil` would resolve to
 * `//evil`, which a browser reads as another host).
 */
export function safeNextPath(next: unknown, base: string): string {
  if (typeof next !== "string" || next.trim() === "") return DEFAULT_NEXT;
  let origin: string;
  let url: URL;
  try {
    origin = new URL(base).origin;
    url = new URL(next, base);
  } catch {
    return DEFAULT_NEXT;
  }
  if (url.origin !== origin || origin === "null") return DEFAULT_NEXT;
  const path = `${url.pathname}${url.search}${url.hash}`;
  if (!path.startsWith("/") || path.startsWith("//") || path.startsWith("/\\")) return DEFAULT_NEXT;
  return path;
}
