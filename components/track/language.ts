// Switching the patient page's language in place: the choice goes into a cookie (read by the server
// for the first paint), the page's boot data comes again in that language, and the page redraws.
import { LOCALE_COOKIE } from "../i18n/config";
import type { Boot } from "./view";

/** `apply` gets the page's data in the chosen language (only the latest choice's); a failure reloads. */
export function createLanguageSwitch(apply: (next: Boot) => void) {
  let switches = 0;
  return async (lang: string) => {
    // biome-ignore lint/suspicious/noDocumentCookie: a plain preference cookie, read by the server.
    document.cookie = `${LOCALE_COOKIE}=${lang}; path=/; max-age=31536000; samesite=lax`;
    const asked = ++switches;
    try {
      const res = await fetch(location.pathname, {
        cache: "no-store",
        headers: { accept: "application/json" },
      });
      const next = (await res.json()) as Boot;
      if (asked !== switches) return; // a later choice is on its way
      apply(next);
    } catch {
      location.reload();
    }
  };
}
