// The patient page's languages, and how one is chosen: the switcher's cookie first, then the
// browser's Accept-Language, then English.
export const LOCALES = ["en", "hi", "es"] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = "en";
/** Set by the language switcher; read on the server for the first paint. */
export const LOCALE_COOKIE = "pq_locale";

/** Each language named in itself, as a speaker looks for it. */
export const LOCALE_NAMES: Record<Locale, string> = { en: "English", hi: "हिन्दी", es: "Español" };

export const isLocale = (value: string | undefined | null): value is Locale =>
  (LOCALES as readonly string[]).includes(value ?? "");

/**
 * The languages a hospital's patient page offers, in the page's order: its chosen ones
 * (Hospital.languages), or every language there is when it chose none.
 */
export function offeredLocales(chosen: readonly string[] | null | undefined): Locale[] {
  const offered = LOCALES.filter((l) => chosen?.includes(l));
  return offered.length > 0 ? offered : [...LOCALES];
}

/** At most this many of a header's entries are read (a header is whatever a client sent). */
const MAX_ACCEPTED_TAGS = 20;

/**
 * An Accept-Language header's tags, lower-cased, most wanted first ("hi-IN,hi;q=0.9,en;q=0.8": hi-in,
 * hi, en); equal weights keep the header's order, and a weight of 0 or one that is not a number
 * drops the tag.
 */
export function acceptedLanguageTags(header: string | null | undefined): string[] {
  if (!header) return [];
  return header
    .split(",", MAX_ACCEPTED_TAGS)
    .map((part, index) => {
      const [tag = "", ...params] = part.trim().split(";");
      const q = params.map((p) => p.trim()).find((p) => p.startsWith("q="));
      return { tag: tag.trim().toLowerCase(), q: q ? Number(q.slice(2)) || 0 : 1, index };
    })
    .filter((r) => r.tag && r.q > 0)
    .sort((a, b) => b.q - a.q || a.index - b.index)
    .map((r) => r.tag);
}

/** The best of `offered` for an Accept-Language header ("hi-IN,hi;q=0.9,en;q=0.8"). */
export function localeFromAcceptLanguage(
  header: string | null | undefined,
  offered: readonly Locale[] = LOCALES,
): Locale | null {
  for (const tag of acceptedLanguageTags(header)) {
    const primary = tag.split("-")[0];
    if (isLocale(primary) && offered.includes(primary)) return primary;
  }
  return null;
}

/** The switcher's choice, else the browser's, else English, among the `offered` languages (else the first). */
export function chooseLocale(
  cookie: string | undefined,
  acceptLanguage: string | null | undefined,
  offered: readonly Locale[] = LOCALES,
): Locale {
  if (isLocale(cookie) && offered.includes(cookie)) return cookie;
  const fallback = offered.includes(DEFAULT_LOCALE) ? DEFAULT_LOCALE : (offered[0] ?? DEFAULT_LOCALE);
  return localeFromAcceptLanguage(acceptLanguage, offered) ?? fallback;
}

/**
 * The tag a page formats times and numbers with: the browser's own regional form of `language`
 * ("en-NZ,en;q=0.9" with English: "en-NZ", so "2:07 pm", not America's "2:07 PM"), else the
 * language itself. Only a tag Intl accepts is used (a header is whatever a client sent).
 */
export function formatLocale(language: Locale, acceptLanguage: string | null | undefined): string {
  for (const tag of acceptedLanguageTags(acceptLanguage)) {
    const [primary, region] = tag.split("-");
    if (primary !== language || !region || !/^([a-z]{2}|\d{3})$/.test(region)) continue;
    try {
      const [canonical] = Intl.getCanonicalLocales(`${language}-${region}`);
      if (canonical && Intl.DateTimeFormat.supportedLocalesOf(canonical).length > 0) return canonical;
    } catch {
      // not a locale: try the next one
    }
  }
  return language;
}
