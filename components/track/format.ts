// Words and times for the patient page, shared by the server's first paint and the phone's script:
// a small ICU message formatter (plain `{name}` arguments and `{n, plural, ...}`, all the patient
// messages use) and clock times in the hospital's time zone.
import type en from "../i18n/messages/en.json";

export type Messages = (typeof en)["track"];
export type Values = Record<string, string | number>;
export type Translate = (key: string, values?: Values) => string;

/** The matching `}` of the `{` at `open`, counting nested braces. */
function closing(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    if (text[i] === "{") depth++;
    else if (text[i] === "}" && --depth === 0) return i;
  }
  return text.length;
}

function plural(body: string, n: number, locale: string, values: Values): string {
  const forms: Record<string, string> = {};
  const re = /\s*(=?\w+)\s*\{/g;
  let at = 0;
  for (;;) {
    re.lastIndex = at;
    const m = re.exec(body);
    if (!m) break;
    const open = m.index + m[0].length - 1;
    const end = closing(body, open);
    forms[m[1] ?? "other"] = body.slice(open + 1, end);
    at = end + 1;
  }
  const form = forms[`=${n}`] ?? forms[new Intl.PluralRules(locale).select(n)] ?? forms.other ?? "";
  return formatMessage(form, values, locale, new Intl.NumberFormat(locale).format(n));
}

/** Formats one ICU message: `{name}` and `{name, plural, =0 {..} one {# ..} other {# ..}}`. */
export function formatMessage(text: string, values: Values = {}, locale = "en", hash?: string): string {
  let out = "";
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === "{") {
      const end = closing(text, i);
      const inner = text.slice(i + 1, end);
      const comma = inner.indexOf(",");
      const name = (comma < 0 ? inner : inner.slice(0, comma)).trim();
      const value = values[name];
      if (comma < 0) out += value === undefined ? "" : String(value);
      else {
        const rest = inner.slice(comma + 1);
        const kind = rest.indexOf(",");
        out += plural(rest.slice(kind + 1), Number(value ?? 0), locale, values);
      }
      i = end;
    } else if (c === "#" && hash !== undefined) out += hash;
    else if (c === "'" && text[i + 1] === "'") {
      out += "'";
      i++;
    } else out += c;
  }
  return out;
}

/** `t("states.waiting", { room })` over one language's messages; a missing key shows as itself. */
export function translator(messages: Messages, locale: string): Translate {
  return (key, values) => {
    let node: unknown = messages;
    for (const part of key.split(".")) node = (node as Record<string, unknown> | undefined)?.[part];
    return typeof node === "string" ? formatMessage(node, values, locale) : key;
  };
}

/** "2:07 pm" in the hospital's time zone, in the patient's language; null without a time. */
export function clockTime(when: Date | string | null | undefined, locale: string, timeZone: string) {
  if (!when) return null;
  const date = new Date(when);
  if (Number.isNaN(date.getTime())) return null;
  // "12:00 PM" never breaks before "PM" (some ICU versions put a plain space there).
  return new Intl.DateTimeFormat(locale, { hour: "numeric", minute: "2-digit", timeZone })
    .format(date)
    .replace(/ /g, "\u00a0");
}

/** "25 min", "1 h", "1 h 35 min" in the patient's language, never broken between a number and its unit. */
export function durationText(minutes: number, t: Translate): string {
  if (minutes < 60) return t("duration.minutes", { minutes });
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  return rest === 0 ? t("duration.hours", { hours }) : t("duration.hoursMinutes", { hours, minutes: rest });
}
