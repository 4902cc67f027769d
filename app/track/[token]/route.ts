// The patient's page, served without the Next/React client runtime (a phone on a slow network gets
// about 10 KB of JavaScript instead of about 175 KB): complete HTML rendered here with the current
// position in the patient's language (components/track/view.ts, the same functions the page's
// script redraws with), the page's own CSS inlined and one small script
// (components/track/client.ts, built into public/patient/ by scripts/build-track.mjs) that keeps it
// live. `?lang=xx` sets the language cookie (the switcher without JavaScript); `Accept:
// application/json` answers the page's boot data (the switcher with JavaScript, in place).
import { TRPCError } from "@trpc/server";
import { getHTTPStatusCodeFromError } from "@trpc/server/http";
import type { NextRequest } from "next/server";
import {
  chooseLocale,
  formatLocale,
  isLocale,
  LOCALE_COOKIE,
  offeredLocales,
} from "@/components/i18n/config";
import { translator } from "@/components/track/format";
import { linkProblemOf } from "@/components/track/link-problem";
import {
  type ActionNote,
  type Boot,
  pickTrackData,
  problemMainHtml,
  trackMainHtml,
} from "@/components/track/view";
import { now as clockNow } from "@/server/clock";
import { crossSiteRefusal } from "@/server/http/origin";
import { pathParam } from "@/server/http/path-param";
import { TRACK_MESSAGES, trackDocument } from "@/server/http/track-page";
import { clinicContactOf } from "@/server/services/self-service";
import { callerFor } from "@/server/trpc/caller";
import { CLIENT_IP_HEADER } from "@/server/trpc/context";
import { reasonOf } from "@/server/trpc/errors";

export const dynamic = "force-dynamic";

const HEADERS = {
  "Cache-Control": "private, no-cache, no-store, max-age=0, must-revalidate",
  "Referrer-Policy": "no-referrer",
  "X-Robots-Tag": "noindex, nofollow",
  Vary: "Accept, Accept-Language, Cookie",
};

export async function GET(req: NextRequest, { params }: { params: Promise<{ token: string }> }) {
  const token = pathParam((await params).token);
  const lang = req.nextUrl.searchParams.get("lang");
  if (isLocale(lang)) {
    return new Response(null, {
      status: 303,
      headers: {
        ...HEADERS,
        Location: req.nextUrl.pathname,
        "Set-Cookie": `${LOCALE_COOKIE}=${lang}; Path=/; Max-Age=31536000; SameSite=Lax`,
      },
    });
  }
  // A bad link is answered with its HTTP status (400 bad or expired, 404 unknown, 429, 503), the page
  // still explaining it in the patient's language.
  let status = 200;
  let data: Boot["data"] = null;
  let problem: Boot["problem"] = null;
  try {
    data = pickTrackData(
      await (await callerFor(null, req.headers.get(CLIENT_IP_HEADER) ?? undefined)).tracking.get({ token }),
    );
  } catch (err) {
    if (!(err instanceof TRPCError)) console.error("[track] first paint failed:", err);
    status = err instanceof TRPCError ? getHTTPStatusCodeFromError(err) : 503;
    if (status >= 500) status = 503;
    problem =
      err instanceof TRPCError && err.code !== "INTERNAL_SERVER_ERROR"
        ? linkProblemOf(reasonOf(err))
        : "unavailable";
  }
  // Only the hospital's languages (all of them when the link tells no hospital).
  const language = chooseLocale(
    req.cookies.get(LOCALE_COOKIE)?.value,
    req.headers.get("accept-language"),
    offeredLocales(data?.appointment.hospital.languages),
  );
  // Times in the browser's regional form of the language ("en-NZ": "2:07 pm").
  const locale = formatLocale(language, req.headers.get("accept-language"));
  const messages = TRACK_MESSAGES[language];
  const t = translator(messages, locale);
  const now = clockNow().getTime();
  const boot: Boot = {
    token,
    locale: language,
    formatLocale: locale,
    title: t("pageTitle"),
    messages,
    data,
    problem,
    now,
  };
  if (req.headers.get("accept")?.startsWith("application/json"))
    return Response.json(boot, { status, headers: HEADERS });

  const main = boot.data
    ? trackMainHtml({
        data: boot.data,
        locale,
        t,
        mode: "connecting",
        seconds: 0,
        arrived: false,
        permission: "unsupported",
        token,
        actionNote: actionNoteOf(req.nextUrl.searchParams, t),
        now,
        contact: await clinicContactOf(token).catch(() => null),
      })
    : problemMainHtml(boot.problem ?? "unavailable", locale, t, req.nextUrl.pathname);
  const html = trackDocument({
    locale,
    title: boot.title,
    main,
    bootJson: JSON.stringify(boot),
    noscript: t("actions.noscript"),
  });
  return new Response(html, { status, headers: { ...HEADERS, "Content-Type": "text/html; charset=utf-8" } });
}

const ACTIONS = ["check-in", "late", "cancel"] as const;
type Action = (typeof ACTIONS)[number];
const REFUSALS = new Set([
  "CHECK_IN_CODE_WRONG",
  "CHECK_IN_NOT_OPEN",
  "LATE_REPORTS_USED",
  "PATIENT_ACTION_CLOSED",
  "TOO_MANY_REQUESTS",
]);

/** What the page says after a form's action (`?done=` or `?refused=`, set by POST below). */
function actionNoteOf(params: URLSearchParams, t: (key: string) => string): ActionNote | null {
  const done = params.get("done");
  if (done && (ACTIONS as readonly string[]).includes(done)) return { text: t(`actions.done.${done}`) };
  const refused = params.get("refused");
  if (refused)
    return { text: t(`actions.refused.${REFUSALS.has(refused) ? refused : "other"}`), refused: true };
  return null;
}

/**
 * The actions' forms without JavaScript: check in, running late, cancel (its checkbox confirms it),
 * each by the same procedure as the REST path, then back to the page saying what happened (303).
 */
export async function POST(req: NextRequest, { params }: { params: Promise<{ token: string }> }) {
  const token = pathParam((await params).token);
  const back = (query: string) =>
    new Response(null, {
      status: 303,
      headers: { ...HEADERS, Location: `${req.nextUrl.pathname}?${query}` },
    });
  // Only this app's own pages may post here (the tRPC and REST paths refuse the same way). The page
  // sends no Referer (its URL is the link), so browsers post its forms with `Origin: null`; the
  // browser's own Sec-Fetch-Site still tells this page from another site's.
  const headers = Object.fromEntries(req.headers.entries());
  if (headers.origin === "null" && headers["sec-fetch-site"] === "same-origin") delete headers.origin;
  if (crossSiteRefusal(headers)) return back("refused=CROSS_SITE_REQUEST");
  let form: FormData;
  try {
    form = await req.formData();
  } catch {
    return back("refused=BAD_REQUEST");
  }
  const action = String(form.get("action") ?? "") as Action;
  if (!(ACTIONS as readonly string[]).includes(action)) return back("refused=BAD_REQUEST");
  const caller = await callerFor(null, req.headers.get(CLIENT_IP_HEADER) ?? undefined);
  try {
    if (action === "check-in") await caller.tracking.checkIn({ token, code: String(form.get("code") ?? "") });
    else if (action === "late") await caller.tracking.late({ token, minutes: Number(form.get("minutes")) });
    else {
      if (form.get("confirm") !== "yes") return back("refused=BAD_REQUEST");
      await caller.tracking.cancel({ token });
    }
    return back(`done=${action}`);
  } catch (err) {
    if (!(err instanceof TRPCError)) console.error("[track] action failed:", err);
    return back(`refused=${err instanceof TRPCError ? encodeURIComponent(reasonOf(err)) : "other"}`);
  }
}
