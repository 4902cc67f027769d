// Where /login sends a person after signing in (issue 9, item 6): `next` is resolved against the
// base URL the way a browser resolves it, and only a place on the same origin is accepted. Every
// known redirect-bypass spelling is tried, as the login page receives it (already percent-decoded
// by the query parser) and as sent (still encoded); each must stay on the site.
import { describe, expect, it } from "vitest";
import { DEFAULT_NEXT, safeNextPath } from "../../components/safe-next.ts";

const BASE = "http://localhost:8000";

/** Spellings of "somewhere else": each one has sent a browser to another site somewhere. */
const BYPASSES = [
  // the two
  "/\\evil.example/",
  "/\t/evil.example/",
  // protocol-relative and extra slashes
  "//evil.example",
  "//evil.example/board",
  "///evil.example",
  "////evil.example",
  "/.//evil.example",
  "/./\\evil.example",
  // backslashes
  "\\\\evil.example",
  "\\/evil.example",
  "/\\/evil.example",
  "/\\\\evil.example",
  // tabs, newlines and other control characters the URL parser drops or trims
  "/\n/evil.example",
  "/\r/evil.example",
  "/\r\n/evil.example",
  "\t//evil.example",
  " //evil.example",
  "\u0000//evil.example",
  "\u001f//evil.example",
  "/\t\\evil.example",
  // schemes
  "https://evil.example",
  "http://evil.example",
  "https:evil.example",
  "https:/evil.example",
  "https:\\\\evil.example",
  "HTTPS://evil.example",
  "ftp://evil.example",
  "javascript:alert(1)",
  "JavaScript:alert(1)",
  "java\nscript:alert(1)",
  "java\tscript:alert(1)",
  " javascript:alert(1)",
  "data:text/html,<script>alert(1)</script>",
  "vbscript:msgbox(1)",
  // credentials and look-alikes
  "http://localhost:8000@evil.example",
  "//localhost:8000@evil.example",
  "http://evil.example#@localhost:8000",
  "http://localhost:8000.evil.example",
  "http://localhost:8001/board",
  "https://localhost:8000/board",
  // the same host by another name is another origin
  "http://127.0.0.1:8000/board",
];

/** The same, still percent-encoded as they arrive in a URL (the page sees them decoded once). */
const ENCODED = [
  "/%5Cevil.example/",
  "/%09/evil.example/",
  "/%2F%2Fevil.example",
  "%2F%2Fevil.example",
  "%2F/evil.example",
  "%5C%5Cevil.example",
  "/%5C%5Cevil.example",
  "https%3A%2F%2Fevil.example",
  "java%0ascript:alert(1)",
  "%0a//evil.example",
];

describe("safeNextPath", () => {
  it.each(BYPASSES)("keeps %j on the site", (next) => {
    expect(safeNextPath(next, BASE)).toBe(DEFAULT_NEXT);
  });

  it.each(ENCODED)("keeps %j on the site, decoded once as the page reads it, or not", (encoded) => {
    const decoded = new URLSearchParams(`next=${encoded}`).get("next");
    const once = safeNextPath(decoded, BASE);
    const raw = safeNextPath(encoded, BASE);
    for (const path of [once, raw]) {
      // Either refused, or a path that a browser resolves on this origin.
      expect(new URL(path, BASE).origin).toBe(BASE);
      expect(path).toMatch(/^\/(?![/\\])/);
    }
    // The issue's own two, as the page received them: refused.
    if (encoded === "/%5Cevil.example/" || encoded === "/%09/evil.example/") expect(once).toBe(DEFAULT_NEXT);
  });

  it("a path on the site is kept, with its query and fragment, in the parser's spelling", () => {
    expect(safeNextPath("/board", BASE)).toBe("/board");
    expect(safeNextPath("/doctor?doctor=abc#now", BASE)).toBe("/doctor?doctor=abc#now");
    expect(safeNextPath("/stats/../board", BASE)).toBe("/board");
    expect(safeNextPath("http://localhost:8000/display", BASE)).toBe("/display");
    expect(safeNextPath("board", BASE)).toBe("/board");
    expect(safeNextPath("/a b", BASE)).toBe("/a%20b");
    // What a browser would make of a backslash inside a path: a slash, still here.
    expect(safeNextPath("/stats\\x", BASE)).toBe("/stats/x");
    expect(safeNextPath("\\evil.example", BASE)).toBe("/evil.example");
  });

  it("anything that is not a string, or empty, is the default", () => {
    for (const next of [undefined, null, "", "   ", ["/board", "//evil.example"], 42])
      expect(safeNextPath(next, BASE)).toBe(DEFAULT_NEXT);
  });

  it("works against an https base with a path", () => {
    const base = "https://clinic.example/queue/";
    expect(safeNextPath("/board", base)).toBe("/board");
    expect(safeNextPath("https:evil.example", base)).toBe("/queue/evil.example");
    expect(safeNextPath("//evil.example", base)).toBe(DEFAULT_NEXT);
    expect(safeNextPath("http://clinic.example/board", base)).toBe(DEFAULT_NEXT);
  });
});
