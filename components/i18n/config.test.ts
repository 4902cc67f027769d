import { describe, expect, it } from "vitest";
import { clockTime } from "../track/format";
import {
  acceptedLanguageTags,
  chooseLocale,
  formatLocale,
  localeFromAcceptLanguage,
  offeredLocales,
} from "./config";

describe("choosing the patient page's language", () => {
  it("takes the browser's most preferred language we have", () => {
    expect(localeFromAcceptLanguage("hi-IN,hi;q=0.9,en-US;q=0.8,en;q=0.7")).toBe("hi");
    expect(localeFromAcceptLanguage("fr-FR,fr;q=0.9,es;q=0.8,en;q=0.5")).toBe("es");
    expect(localeFromAcceptLanguage("en;q=0.2,es-MX")).toBe("es");
  });

  it("falls back to English for languages we do not have or a missing header", () => {
    expect(chooseLocale(undefined, "de-DE,fr;q=0.9")).toBe("en");
    expect(chooseLocale(undefined, null)).toBe("en");
    expect(localeFromAcceptLanguage("es;q=0")).toBeNull();
  });

  it("lets the switcher's cookie win over the browser", () => {
    expect(chooseLocale("es", "hi-IN")).toBe("es");
    expect(chooseLocale("xx", "hi-IN")).toBe("hi");
  });

  it("offers only the hospital's languages (all of them when it chose none)", () => {
    expect(offeredLocales([])).toEqual(["en", "hi", "es"]);
    expect(offeredLocales(undefined)).toEqual(["en", "hi", "es"]);
    expect(offeredLocales(["es", "en", "xx"])).toEqual(["en", "es"]);
    const spanishOnly = offeredLocales(["es"]);
    expect(chooseLocale("hi", "hi-IN,en;q=0.5", spanishOnly)).toBe("es");
    expect(chooseLocale(undefined, null, spanishOnly)).toBe("es");
    expect(chooseLocale("hi", "en", offeredLocales(["hi", "en"]))).toBe("hi");
    expect(chooseLocale("es", "hi-IN,en;q=0.5", offeredLocales(["hi", "en"]))).toBe("hi");
  });
});

describe("reading Accept-Language", () => {
  it("lists the tags most wanted first, keeping the header's order between equal weights", () => {
    expect(acceptedLanguageTags("hi-IN,hi;q=0.9,en;q=0.8")).toEqual(["hi-in", "hi", "en"]);
    expect(acceptedLanguageTags("en;q=0.2, es-MX ,fr;q=0.2")).toEqual(["es-mx", "en", "fr"]);
  });

  it("drops what a client may send but means nothing: weight 0, a weight that is no number, empty entries", () => {
    expect(acceptedLanguageTags("es;q=0,en;q=x,,;q=1,hi")).toEqual(["hi"]);
    expect(acceptedLanguageTags(null)).toEqual([]);
    expect(acceptedLanguageTags("")).toEqual([]);
  });

  it("reads at most 20 entries of a long header", () => {
    expect(acceptedLanguageTags(`${"xx,".repeat(10_000)}es`)).toHaveLength(20);
    expect(localeFromAcceptLanguage(`${"xx,".repeat(10_000)}es`)).toBeNull();
  });
});

describe("the tag times are written in", () => {
  it("is the browser's regional form of the page's language", () => {
    expect(formatLocale("en", "en-NZ,en;q=0.9")).toBe("en-NZ");
    expect(formatLocale("en", "hi-IN,en-gb;q=0.8")).toBe("en-GB");
    expect(formatLocale("es", "es-419,es;q=0.9")).toBe("es-419");
    // By weight, as the language is chosen: the British form is wanted more than the American one.
    expect(formatLocale("en", "en-US;q=0.5,en-GB;q=0.9")).toBe("en-GB");
    // A New Zealander reads "2:07 pm", an American "2:07 PM".
    const at = "2026-03-11T01:07:00Z";
    expect(clockTime(at, formatLocale("en", "en-NZ"), "Pacific/Auckland")).toBe("2:07\u00a0pm");
    expect(clockTime(at, formatLocale("en", "en-US"), "Pacific/Auckland")).toBe("2:07\u00a0PM");
  });

  it("is the language itself without a regional form of it, or with nonsense", () => {
    expect(formatLocale("en", null)).toBe("en");
    expect(formatLocale("en", "hi-IN,es-MX")).toBe("en");
    expect(formatLocale("hi", "en-NZ,hi")).toBe("hi");
    expect(formatLocale("en", "en-NZ;q=0,en")).toBe("en");
    expect(formatLocale("en", "en-<script>,en-x-y")).toBe("en");
    expect(formatLocale("en", "en-NZ-u-hc-h23")).toBe("en-NZ");
    expect(formatLocale("en", ",".repeat(10_000))).toBe("en");
  });
});
