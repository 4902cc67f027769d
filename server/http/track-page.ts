// The patient page's document: its own CSS inlined and its one small script (built into
// public/patient/ by scripts/build-track.mjs), around HTML from components/track/view.ts. The page
// (app/track/[token]/route.ts) and the answer to a link with a broken %-escape (router.ts) are the
// same document, so a patient whose link was cut sees the same page, in the same language.
import fs from "node:fs";
import path from "node:path";
import type { Locale } from "../../components/i18n/config.ts";
import en from "../../components/i18n/messages/en.json";
import es from "../../components/i18n/messages/es.json";
import hi from "../../components/i18n/messages/hi.json";
import { esc } from "../../components/track/view.ts";

/** The patient page's messages in each language. */
export const TRACK_MESSAGES: Record<Locale, (typeof en)["track"]> = {
  en: en.track,
  hi: hi.track,
  es: es.track,
};

type Assets = { script: string | null; css: string };
let assets: Assets | null = null;
let warned = false;

/** The page's script path and CSS (read once in production; every time in development). */
export function pageAssets(): Assets {
  if (assets) return assets;
  const dir = path.join(process.cwd(), "public", "patient");
  let found: Assets = { script: null, css: "" };
  try {
    const manifest = JSON.parse(fs.readFileSync(path.join(dir, "manifest.json"), "utf8"));
    found = {
      script: `/patient/${manifest.script}`,
      css: fs.readFileSync(path.join(dir, manifest.style), "utf8"),
    };
  } catch (err) {
    // Said once: the page still works, unstyled and without its live script.
    if (!warned) console.error("[track] page assets missing (run `node scripts/build-track.mjs`):", err);
    warned = true;
  }
  if (process.env.NODE_ENV === "production" && found.script) assets = found;
  return found;
}

/**
 * The whole document: `main` (trackMainHtml or problemMainHtml), the page's script only with
 * `bootJson` (the data it starts from), `noscript` a line shown without JavaScript.
 */
export function trackDocument(o: {
  locale: string;
  title: string;
  main: string;
  bootJson?: string;
  noscript?: string;
}): string {
  const { script, css } = pageAssets();
  const live = o.bootJson !== undefined;
  return (
    `<!DOCTYPE html><html lang="${esc(o.locale)}"><head><meta charset="utf-8">` +
    `<meta name="viewport" content="width=device-width, initial-scale=1">` +
    `<meta name="theme-color" content="#0f5f8c"><meta name="robots" content="noindex, nofollow">` +
    `<meta name="referrer" content="no-referrer"><title>${esc(o.title)}</title>` +
    `<link rel="icon" href="/icon.svg" type="image/svg+xml"><style>${css}</style>` +
    // Without JavaScript nothing keeps the page current: it reloads itself, and says so.
    (live ? `<noscript><meta http-equiv="refresh" content="30"></noscript>` : "") +
    (live && script ? `<script src="${script}" defer></script>` : "") +
    `</head><body>` +
    (o.noscript
      ? `<noscript><p class="m-0 bg-white px-4 py-2 text-center text-muted">${esc(o.noscript)}</p></noscript>`
      : "") +
    o.main +
    // JSON inside <script>: no "<" may close it early.
    (live
      ? `<script type="application/json" id="track-boot">${o.bootJson?.replace(/</g, "\\u003c")}</script>`
      : "") +
    `</body></html>`
  );
}
