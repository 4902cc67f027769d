// The patient page as HTML, from the structured tracking data: one big number, people ahead, the
// wait in minutes and clock time, one plain sentence, the doctor's notice and an honest live
// indicator. Nothing about other patients. The server renders the first paint with these functions
// and the phone's script re-renders the same parts on every update, so both always agree.

import { noticeStatesDelay } from "../../server/domain/notice-text";
import type { PlaceCause } from "../../server/domain/place-change";
import { type MinuteRange, shownRange } from "../../server/domain/shown-range";
import type { QueueStatus } from "../../server/domain/snapshot";
import { LOCALE_NAMES, offeredLocales } from "../i18n/config";
import { clockTime, durationText, type Messages, type Translate } from "./format";
import type { LinkProblem } from "./link-problem";

export type { QueueStatus };

type When = Date | string;

/** The part of the tracking answer the page shows (dates are strings once they crossed the wire). */
export type TrackData = {
  appointment: {
    ticket: number;
    scheduledAt: When;
    doctor: { name: string; room: string };
    /** `languages`: the ones the hospital offers on this page (missing: all of them). */
    hospital: {
      name: string;
      timeZone: string;
      languages?: readonly string[];
      /** Check-in opens this many minutes before the appointment's hour starts (the hospital's window). */
      checkInWindowMinutes?: number;
    };
  };
  queue: {
    position: number | null;
    peopleAhead: number | null;
    estimatedWaitTime: number | null;
    estimatedStartAt: When | null;
    /** The wait likely lies between these minutes (about 4 in 5 patients start inside); none without one. */
    likelyWaitTime?: { from: number; to: number } | null;
    queueStatus: QueueStatus;
    /** Why the last update gave a higher place number (further back); none when it did not. */
    placeChange?: PlaceCause | null;
  };
  notice: { message: string; delayMinutes: number; since: When | null } | null;
  paused: boolean;
  version: number;
};

/** Only what the page needs travels in the first paint (the live answer may carry more). */
export function pickTrackData(d: TrackData): TrackData {
  const { appointment: a, queue: q, notice: n } = d;
  return {
    appointment: {
      ticket: a.ticket,
      scheduledAt: a.scheduledAt,
      doctor: { name: a.doctor.name, room: a.doctor.room },
      hospital: {
        name: a.hospital.name,
        timeZone: a.hospital.timeZone,
        languages: a.hospital.languages,
        checkInWindowMinutes: a.hospital.checkInWindowMinutes,
      },
    },
    queue: {
      position: q.position,
      peopleAhead: q.peopleAhead,
      estimatedWaitTime: q.estimatedWaitTime,
      estimatedStartAt: q.estimatedStartAt,
      ...(q.likelyWaitTime ? { likelyWaitTime: q.likelyWaitTime } : {}),
      queueStatus: q.queueStatus,
      ...(q.placeChange ? { placeChange: q.placeChange } : {}),
    },
    notice: n && { message: n.message, delayMinutes: n.delayMinutes, since: n.since },
    paused: d.paused,
    version: d.version,
  };
}

/** What the server puts in the page (script#track-boot), and answers to Accept: application/json. */
export type Boot = {
  token: string;
  /** The page's language ("en"). */
  locale: string;
  /** The tag times are written in: the browser's regional form of the language ("en-NZ"), else it. */
  formatLocale?: string;
  title: string;
  messages: Messages;
  data: TrackData | null;
  problem: LinkProblem | null;
  /** The server's clock when it answered (ms): the page counts time from it, not from the phone's clock. */
  now?: number;
};

/** "connecting": the first paint, before the live feed was ever up (neutral, not a warning). */
export type Mode = "live" | "connecting" | "reconnecting" | "polling";
/**
 * "Notify me" by Web Push: "unsupported" (no service worker or push: nothing shown), "default" (not
 * asked yet), "granted" (this browser is subscribed for this appointment), "denied" (blocked),
 * "failed" (the browser could not subscribe).
 */
export type NotifyPermission = "unsupported" | "default" | "granted" | "denied" | "failed";

export type ViewState = {
  data: TrackData;
  locale: string;
  t: Translate;
  mode: Mode;
  /** Seconds since the last update (shown while polling). */
  seconds: number;
  /** The notice arrived while the page was open: the banner flashes. */
  arrived: boolean;
  permission: NotifyPermission;
  /** The link's token, for the patient's own actions (check in, late, cancel, calendar); none: no actions. */
  token?: string;
  /** What the last action said (done, or why not), shown above the actions. */
  actionNote?: ActionNote | null;
  /** Now (ms): the server's clock on the first paint, the phone's after ("Check-in opens at" goes once open). */
  now?: number;
  /** The clinic's address, phone and map (the server's first paint only). */
  contact?: ClinicContact | null;
};

export type ClinicContact = {
  address: string | null;
  phone: string | null;
  mapUrl: string | null;
  /** The appointment is on another day than today: its date and time lead the block. */
  otherDay: boolean;
};

// Text and double-quoted attribute values (every attribute here is double-quoted).
const ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" };
export const esc = (s: unknown) => String(s).replace(/[&<>"]/g, (c) => ESCAPES[c] ?? c);
const cx = (...classes: (string | false | null | undefined)[]) => classes.filter(Boolean).join(" ");

const icon = (paths: string) =>
  `<svg aria-hidden="true" viewBox="0 0 24 24" width="1.15em" height="1.15em" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round">${paths}</svg>`;
const BELL = icon(
  '<path d="M6 8a6 6 0 1 1 12 0c0 7 3 9 3 9H3s3-2 3-9"/><path d="M10.3 21a1.94 1.94 0 0 0 3.4 0"/>',
);
const GLOBE = icon(
  '<circle cx="12" cy="12" r="10"/><path d="M2 12h20M12 2a15 15 0 0 1 0 20M12 2a15 15 0 0 0 0 20"/>',
);
const WARNING = icon(
  '<path d="M10.3 3.9 1.8 18a2 2 0 0 0 1.7 3h17a2 2 0 0 0 1.7-3L13.7 3.9a2 2 0 0 0-3.4 0z"/><path d="M12 9v4M12 17h.01"/>',
);

const BANNER_TONES = {
  warn: "bg-warn-soft text-warn border-[#f0d58c]",
  bad: "bg-bad-soft text-bad border-[#f2b8bd]",
};
function banner(
  tone: keyof typeof BANNER_TONES,
  className: string,
  attrs: string,
  title: string,
  body: string,
) {
  return (
    `<div ${attrs} class="${cx("flex gap-3 rounded-[14px] border px-4 py-3", BANNER_TONES[tone], className)}">` +
    `<span aria-hidden="true" class="mt-0.5 shrink-0 text-xl leading-none [&>svg]:size-6">${WARNING}</span>` +
    `<div class="min-w-0">${title ? `<p class="m-0 font-bold">${title}</p>` : ""}` +
    `<div class="${cx("m-0", title ? "mt-0.5" : "font-semibold")}">${body}</div></div></div>`
  );
}

const BUTTON =
  "inline-flex items-center justify-center gap-2 rounded-[10px] border font-semibold no-underline cursor-pointer transition-colors disabled:cursor-default disabled:opacity-55 min-h-13 px-5 text-lg";
const BUTTON_SECONDARY = `${BUTTON} bg-white text-ink border-[#9fb1bd] hover:bg-canvas`;
const SMALL_BUTTON =
  "inline-flex min-h-11 items-center rounded-[10px] border border-[#9fb1bd] bg-white px-3 text-base font-semibold text-ink";
const BUTTON_PRIMARY = `${BUTTON} bg-brand text-white border-brand hover:bg-brand-strong`;

const WAITING: readonly QueueStatus[] = ["waiting", "checked_in", "next"];
export const isWaiting = (status: QueueStatus) => WAITING.includes(status);

const OVER: readonly QueueStatus[] = ["completed", "no_show", "cancelled"];
/** The visit is over (seen, marked not arrived, or cancelled): nothing more to wait for. */
export const visitOver = (status: QueueStatus) => OVER.includes(status);

/** The doctor's or clinic's notice is shown (and alerted) only while the visit is not over. */
export const noticeShown = (data: TrackData) => data.notice !== null && !visitOver(data.queue.queueStatus);

const CARD_TONE: Record<QueueStatus, string> = {
  waiting: "border-line bg-white",
  checked_in: "border-line bg-white",
  next: "border-brand bg-white ring-4 ring-brand-soft",
  called: "border-ok bg-ok-soft ring-4 ring-[#b5dcc2]",
  in_consultation: "border-ok bg-ok-soft",
  completed: "border-[#b5dcc2] bg-ok-soft",
  no_show: "border-[#f2b8bd] bg-bad-soft",
  cancelled: "border-line bg-white",
};

/** Still in line with a place to show (not yet called, not over). */
export function inLine(data: TrackData): boolean {
  const { queueStatus, position } = data.queue;
  return isWaiting(queueStatus) && position !== null && position > 0;
}

/**
 * The one plain sentence for the state (plus a paused queue). The doctor's delay is not repeated
 * here: the notice banner above the card already gives it.
 */
export function sentenceOf(data: TrackData, t: Translate): string {
  const { queueStatus: status } = data.queue;
  const room = data.appointment.doctor.room;
  return [t(`states.${status}`, { room }), inLine(data) && data.paused ? t("paused") : null]
    .filter(Boolean)
    .join(" ");
}

/**
 * What a screen reader is told when the card changes in a way that matters: the status or the place
 * (not every minute of the estimate, which moves with each visit). Being called is urgent (an
 * alert); the rest is polite. Null on the first paint (the page is read as it is) and when nothing
 * that matters changed. A user's review (2026-12-07): the whole card was a live region, so every
 * start and finish in the doctor's queue re-read it, and "It's your turn" queued behind it.
 */
export function announcementOf(
  before: TrackData | null,
  after: TrackData,
  t: Translate,
  locale: string,
): { text: string; urgent: boolean } | null {
  if (!before) return null;
  const was = before.queue;
  const now = after.queue;
  if (was.queueStatus === now.queueStatus && was.position === now.position) return null;
  if (now.queueStatus === "called") return { text: sentenceOf(after, t), urgent: true };
  if (!inLine(after) || farAway(after)) return { text: sentenceOf(after, t), urgent: false };
  const wait = waitText(after, t, locale);
  const place =
    now.queueStatus === "next"
      ? t("youAreNext")
      : `${t("yourPlace")}: ${now.position}. ${t("peopleAhead", { count: now.peopleAhead ?? 0 })}`;
  return { text: [place, wait].filter(Boolean).join(". "), urgent: false };
}

/** Half a day or more away (a booking for another day): the card gives the day and time. */
const farAway = (data: TrackData) => (data.queue.estimatedWaitTime ?? 0) >= 12 * 60;

/** The likely range as shown (shownRange), or none without an estimate. */
export function likelyRangeOf(data: TrackData): MinuteRange | null {
  return data.queue.estimatedWaitTime === null ? null : shownRange(data.queue.likelyWaitTime);
}

/** "about 40 min, likely 30 to 55 · around 2:30 pm", "any minute now", or null without an estimate. */
export function waitText(data: TrackData, t: Translate, locale: string): string | null {
  const minutes = data.queue.estimatedWaitTime;
  if (minutes === null) return null;
  if (minutes <= 0) return t("waitNow");
  // Half a day or more away (a booking for another day): the day and time, not "about 1360 min".
  if (farAway(data)) {
    const when = new Intl.DateTimeFormat(locale, {
      weekday: "long",
      day: "numeric",
      month: "long",
      hour: "numeric",
      minute: "2-digit",
      timeZone: data.appointment.hospital.timeZone,
    }).format(new Date(data.appointment.scheduledAt));
    return t("contact.on", { when });
  }
  const at = clockTime(data.queue.estimatedStartAt, locale, data.appointment.hospital.timeZone);
  // An hour or more reads in hours, to 5 minutes ("about 4 h 35 min", not "about 277 min").
  const wait = durationText(minutes < 60 ? minutes : Math.round(minutes / 5) * 5, t);
  const likely = likelyRangeOf(data);
  // "likely 0 to 40" reads oddly: a range from now is "likely within 40".
  const key = likely?.from === 0 ? "waitLikelyWithin" : "waitLikely";
  if (likely) {
    const range = rangeText(likely, t);
    return at ? t(`${key}WithTime`, { wait, ...range, time: at }) : t(key, { wait, ...range });
  }
  return at ? t("waitWithTime", { wait, time: at }) : t("wait", { wait });
}

/** A range's ends: "30" to "55 min" under an hour (the unit once), "50 min" to "1 h 15 min" beyond. */
function rangeText(range: MinuteRange, t: Translate): { from: string; to: string } {
  const to = durationText(range.to, t);
  return range.to < 60 ? { from: String(range.from), to } : { from: durationText(range.from, t), to };
}

/**
 * When a booked patient may check in (ms), or null: the hospital's window before the start of the
 * appointment's 1-hour slot (rule 5), as the server counts it. A 20:36 appointment with a 30-minute
 * window opens at 19:30, not 20:06.
 */
export function checkInOpensAt(data: TrackData): number | null {
  const minutes = data.appointment.hospital.checkInWindowMinutes;
  if (data.queue.queueStatus !== "waiting" || minutes === undefined) return null;
  const at = new Date(data.appointment.scheduledAt).getTime();
  return hourStart(at, data.appointment.hospital.timeZone) - minutes * 60_000;
}

/** The start of the local hour holding `at` in `timeZone` (the slot's start; `at` if the zone is unknown). */
function hourStart(at: number, timeZone: string): number {
  try {
    const parts = new Intl.DateTimeFormat("en-US", {
      timeZone,
      minute: "numeric",
      second: "numeric",
    }).formatToParts(at);
    const part = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
    return at - (part("minute") * 60 + part("second")) * 1000 - (((at % 1000) + 1000) % 1000);
  } catch {
    return at;
  }
}

/**
 * "Check-in opens at 1:30 pm", until it has opened (`now`, ms: the server's clock on the first
 * paint, the phone's after; not given: always said).
 */
export function checkInOpensText(data: TrackData, t: Translate, locale: string, now?: number): string | null {
  const opensAt = checkInOpensAt(data);
  if (opensAt === null || (now !== undefined && now >= opensAt)) return null;
  const time = clockTime(new Date(opensAt), locale, data.appointment.hospital.timeZone);
  return time ? t("checkInOpens", { time }) : null;
}

export function indicatorHtml(mode: Mode, seconds: number, t: Translate): string {
  const live = mode === "live";
  const text = live
    ? t("live")
    : mode === "polling"
      ? t("updatedAgo", { seconds })
      : mode === "connecting"
        ? t("connecting")
        : t("reconnecting");
  return `<span id="track-live" data-testid="live-indicator" data-mode="${mode}" class="${cx(
    // Without JavaScript the page does not update: no indicator to claim otherwise.
    "inline-flex shrink-0 items-center gap-1.5 rounded-full border px-2.5 py-1 text-sm font-semibold noscript:hidden",
    live
      ? "border-[#b5dcc2] bg-ok-soft text-ok"
      : mode === "connecting"
        ? "border-line bg-white text-muted"
        : "border-[#f0d58c] bg-warn-soft text-warn",
  )}"><span aria-hidden="true" class="${cx(
    "size-2.5 rounded-full",
    live ? "animate-pulse bg-ok" : mode === "connecting" ? "bg-[#8299a8]" : "bg-[#c98a00]",
  )}"></span>${esc(text)}</span>`;
}

export function whoHtml({ data, t }: ViewState): string {
  const { hospital, doctor } = data.appointment;
  return (
    `<h1 class="m-0 text-base font-bold text-ink break-words">${esc(hospital.name)}</h1>` +
    `<p class="m-0 text-muted">${esc(t("doctorRoom", { doctor: doctor.name, room: doctor.room }))}</p>`
  );
}

export function noticeHtml({ data, t, arrived }: ViewState): string {
  const { notice } = data;
  if (!notice || !noticeShown(data)) return "";
  // The delay once: not again when the doctor's own message already gives it.
  const body =
    `<p class="m-0 font-semibold">${esc(notice.message || t("noticeDefault"))}</p>` +
    (notice.delayMinutes > 0 && !noticeStatesDelay(notice.message, notice.delayMinutes)
      ? `<p class="m-0 mt-0.5">${esc(t("noticeDelay", { delay: durationText(notice.delayMinutes, t) }))}</p>`
      : "");
  return banner(
    "warn",
    cx("text-lg", arrived && "animate-arrive"),
    'role="alert" data-testid="notice"',
    esc(t("noticeTitle")),
    body,
  );
}

export const cardClass = (status: QueueStatus) =>
  cx("rounded-[20px] border px-4 pt-5 pb-5 text-center shadow-sm", CARD_TONE[status]);

export function cardHtml({ data, t, locale, now }: ViewState): string {
  const { queue, appointment } = data;
  const status = queue.queueStatus;
  const room = appointment.doctor.room;
  let html = `<span data-testid="ticket" class="${cx(
    "inline-flex items-center gap-1 whitespace-nowrap rounded-full border px-2.5 py-0.5 text-sm font-semibold",
    status === "called"
      ? "bg-ok-soft text-ok border-[#b5dcc2]"
      : "bg-[#eef2f5] text-[#33454f] border-[#cfd9e0]",
    "mb-3 px-3 text-base",
  )}">${esc(t("ticket", { ticket: appointment.ticket }))}</span>`;
  // The appointment's time belongs to the card (a day that is not today says its date below).
  if (!farAway(data))
    html += `<p data-testid="appointment-time" class="m-0 mb-2 text-base text-muted">${esc(
      t("appointmentAt", {
        time: clockTime(appointment.scheduledAt, locale, appointment.hospital.timeZone) ?? "",
      }),
    )}</p>`;
  if (inLine(data) && farAway(data)) {
    // Another day: its day and time lead. A place in that day's line says nothing yet, and "1 ·
    // Nobody ahead of you" read as "you are next" a day early.
    const wait = waitText(data, t, locale);
    if (wait !== null)
      html += `<p data-testid="wait" class="m-0 mt-2 text-2xl font-bold text-ink">${esc(wait)}</p>`;
  } else if (inLine(data)) {
    html +=
      status === "next"
        ? `<p class="m-0 text-lg font-bold text-brand-strong" data-testid="state-title">${esc(t("youAreNext"))}</p>`
        : `<p class="m-0 text-lg text-muted">${esc(t("yourPlace"))}</p>`;
    html +=
      `<p data-testid="position" class="m-0 text-[6rem] leading-none font-extrabold tracking-tight text-brand tabular-nums">` +
      // "You're next" above it says no place: the number is named for a screen reader.
      (status === "next" ? `<span class="sr-only">${esc(t("yourPlace"))}: </span>` : "") +
      `${esc(queue.position)}</p>`;
    html += `<p data-testid="people-ahead" class="m-0 mt-2 text-xl text-ink">${esc(
      t("peopleAhead", { count: queue.peopleAhead ?? 0 }),
    )}</p>`;
    if (queue.placeChange)
      html += `<p data-testid="place-change" class="m-0 mt-2 text-base leading-snug text-muted">${esc(t(`placeChange.${queue.placeChange}`))}</p>`;
    const wait = waitText(data, t, locale);
    if (wait !== null)
      html += `<p data-testid="wait" class="m-0 mt-2 text-2xl font-bold text-ink">${esc(wait)}</p>`;
  } else {
    const withDoctor = status === "called" || status === "in_consultation";
    if (status === "called")
      html += `<p class="m-0 text-xl font-bold text-ok">${esc(t("notifyCalledTitle"))}</p>`;
    const title = withDoctor
      ? t("room", { room })
      : visitOver(status)
        ? t(`titles.${status}`)
        : t("yourPlace");
    html += `<p data-testid="state-title" class="${cx(
      "m-0 font-extrabold",
      status === "called" ? "text-6xl" : "text-4xl",
      withDoctor ? "text-ok" : status === "no_show" ? "text-bad" : "text-ink",
    )}">${esc(title)}</p>`;
  }
  html += `<p data-testid="status-message" class="m-0 mt-4 text-lg leading-snug text-ink">${esc(sentenceOf(data, t))}</p>`;
  // On the day, not a day ahead ("opens at 6:30 PM" read as today's).
  const opens = farAway(data) ? null : checkInOpensText(data, t, locale, now);
  if (opens !== null)
    html += `<p data-testid="check-in-opens" class="m-0 mt-2 text-lg font-semibold text-ink">${esc(opens)}</p>`;
  return html;
}

/** "Notify me", or what the browser allows; nothing once the visit no longer waits. */
export function notifyHtml({ data, t, permission }: ViewState): string {
  if (!isWaiting(data.queue.queueStatus) || permission === "unsupported") return "";
  if (permission === "granted")
    return (
      `<div class="grid justify-items-center gap-1" data-testid="notify-on"><p class="m-0 flex items-center justify-center gap-2 text-center text-muted" role="status">${BELL} ${esc(t("notifyOn"))}</p>` +
      `<button type="button" data-action="notify-off" class="min-h-11 cursor-pointer border-0 bg-transparent px-3 text-base text-muted underline">${esc(t("notifyStop"))}</button></div>`
    );
  if (permission === "denied" || permission === "failed")
    return `<p class="m-0 text-center text-sm text-muted" role="status">${esc(t(permission === "denied" ? "notifyBlocked" : "notifyFailed"))}</p>`;
  return `<button type="button" data-action="notify" class="${BUTTON_SECONDARY} w-full">${BELL} ${esc(t("notifyMe"))}</button>`;
}

/**
 * The language switcher, among the hospital's languages (none when it offers one): a GET form, so it
 * also works without JavaScript (`?lang=` sets the cookie).
 */
export function switcherHtml(
  locale: string,
  t: Translate,
  languages?: readonly string[],
  /** A page without the live script: the apply button shows even with JavaScript on. */
  staticPage = false,
): string {
  const offered = offeredLocales(languages);
  if (offered.length < 2) return "";
  const options = offered
    .map(
      (l) =>
        `<option value="${l}" lang="${l}"${l === locale.split("-")[0] ? " selected" : ""}>${esc(LOCALE_NAMES[l])}</option>`,
    )
    .join("");
  return (
    `<form method="get" class="m-0 flex flex-wrap items-center justify-center gap-2" data-switcher>` +
    `<label class="flex flex-wrap items-center justify-center gap-2 text-muted">${GLOBE}${esc(t("language"))}` +
    `<select name="lang" class="min-h-11 rounded-[10px] border border-[#8299a8] bg-white px-2 text-base text-ink">${options}</select></label>` +
    (staticPage
      ? `<button type="submit" class="${SMALL_BUTTON}">${esc(t("languageApply"))}</button>`
      : `<noscript><button type="submit" class="${SMALL_BUTTON}">${esc(t("languageApply"))}</button></noscript>`) +
    `</form>`
  );
}

export function footerHtml({ data, t, locale }: ViewState): string {
  const { hospital } = data.appointment;
  return (
    // "Keep it open" only while waiting, and only where the page does update by itself (JavaScript on).
    (inLine(data) && !farAway(data) ? `<p class="m-0 noscript:hidden">${esc(t("keepOpen"))}</p>` : "") +
    switcherHtml(locale, t, hospital.languages)
  );
}

/** The page's regions: the script replaces each one only when its HTML changed. */
export function trackRegions(state: ViewState) {
  return {
    who: whoHtml(state),
    notice: noticeHtml(state),
    card: cardHtml(state),
    notify: notifyHtml(state),
    actions: actionsHtml(state),
    footer: footerHtml(state),
  };
}
export type Region = keyof ReturnType<typeof trackRegions>;

export function trackMainHtml(state: ViewState): string {
  const r = trackRegions(state);
  const status = state.data.queue.queueStatus;
  return (
    `<main id="track" lang="${esc(state.locale)}" class="mx-auto flex min-h-dvh max-w-md flex-col gap-3 px-4 pt-3 pb-5">` +
    `<header class="flex flex-wrap items-start justify-between gap-x-3 gap-y-1"><div class="min-w-0" data-region="who">${r.who}</div>` +
    `${indicatorHtml(state.mode, state.seconds, state.t)}</header>` +
    `<div class="contents" data-region="notice">${r.notice}</div>` +
    // Not a live region (it is redrawn on every change): announcementOf says what changed, below.
    `<section aria-label="${esc(state.t("yourPlace"))}" id="track-card" data-region="card" class="${cardClass(status)}">${r.card}</section>` +
    `<p id="track-announce" class="sr-only" role="status" aria-live="polite"></p>` +
    `<p id="track-alert" class="sr-only" role="alert"></p>` +
    `<div class="contents" data-region="notify">${r.notify}</div>` +
    `<div class="grid gap-3" data-region="actions">${r.actions}</div>` +
    contactHtml(state) +
    `<footer class="mt-auto grid gap-3 pt-2 text-center text-muted" data-region="footer">${r.footer}</footer>` +
    `</main>`
  );
}

/** A link that cannot show a place in line: what happened and what to do. */
export function problemMainHtml(
  problem: LinkProblem,
  locale: string,
  t: Translate,
  retryHref: string,
  /** Served without the live script (a path the server could not even read). */
  staticPage = false,
): string {
  const body =
    `<h1 class="m-0 text-xl font-bold">${esc(t(`problems.${problem}Title`))}</h1>` +
    `<p class="mt-1 mb-0 text-lg font-normal">${esc(t(`problems.${problem}`))}</p>`;
  return (
    `<main id="track" lang="${esc(locale)}" class="mx-auto flex min-h-dvh max-w-md flex-col gap-4 px-4 py-6">` +
    banner(problem === "unavailable" ? "warn" : "bad", "py-4", 'role="alert"', "", body) +
    (problem === "unavailable"
      ? `<a href="${esc(retryHref)}" class="${BUTTON_PRIMARY}">${esc(t("problems.retry"))}</a>`
      : "") +
    switcherHtml(locale, t, undefined, staticPage) +
    `</main>`
  );
}

/** The REST path of one of the patient's actions (or the calendar file) for a link. */
export const actionPath = (token: string, action: string) =>
  `/api/appointments/track/${encodeURIComponent(token)}/${action}`;

const INPUT = "min-h-11 w-full rounded-[10px] border border-[#8299a8] bg-white px-3 text-lg text-ink";

/**
 * The patient's own actions while they wait: "I'm here" with the screen's code, "I'm running late",
 * cancel (a checkbox confirms it) and "Add to calendar". Plain forms posting to the page itself
 * (app/track/[token]/route.ts answers and redirects back), so they work without JavaScript; the
 * script posts them to the REST paths instead and the live feed redraws the card.
 */
/** What the last action said: done, or refused and why. */
export type ActionNote = { text: string; refused?: boolean };

export function actionsHtml({ data, t, token, actionNote, now }: ViewState): string {
  if (!token) return "";
  // A refusal looks like one (and is announced at once); a confirmation is a plain note. Either
  // takes the focus (tabindex -1) when it appears: the button pressed is redrawn away.
  const note = actionNote
    ? actionNote.refused
      ? `<p role="alert" tabindex="-1" data-testid="action-note" data-refused class="m-0 rounded-[12px] border border-[#f2b8bd] bg-bad-soft px-3 py-2 text-center text-lg text-bad">${esc(actionNote.text)}</p>`
      : `<p role="status" tabindex="-1" data-testid="action-note" class="m-0 rounded-[12px] border border-line bg-white px-3 py-2 text-center text-lg">${esc(actionNote.text)}</p>`
    : "";
  if (!inLine(data)) return note;
  const form = (action: string, body: string, attrs = "") =>
    `<form method="post" class="m-0 grid gap-2" data-act="${action}"${attrs}><input type="hidden" name="action" value="${action}">${body}</form>`;
  const here = form(
    "check-in",
    `<label class="grid gap-1 text-left text-ink"><span class="font-semibold">${esc(t("actions.hereTitle"))}</span>` +
      `<span class="text-muted">${esc(t("actions.codeLabel"))}</span>` +
      `<input name="code" required maxlength="8" autocomplete="off" autocapitalize="characters" spellcheck="false" class="${INPUT} font-mono tracking-[0.2em] uppercase" data-testid="check-in-code"></label>` +
      `<button type="submit" class="${BUTTON_PRIMARY}">${esc(t("actions.hereSubmit"))}</button>`,
  );
  const late = form(
    "late",
    `<p class="m-0 text-left font-semibold text-ink">${esc(t("actions.lateTitle"))}</p><div class="grid grid-cols-3 gap-2">${[
      10, 20, 30,
    ]
      .map(
        (m) =>
          `<button type="submit" name="minutes" value="${m}" class="${SMALL_BUTTON}">${esc(t("actions.lateBy", { minutes: m }))}</button>`,
      )
      .join("")}</div>`,
  );
  const cancel =
    `<details class="rounded-[12px] border border-line bg-white px-3 py-2 text-left"><summary class="cursor-pointer font-semibold text-ink">${esc(t("actions.cancelTitle"))}</summary>` +
    form(
      "cancel",
      `<label class="mt-2 flex items-start gap-2 text-ink"><input type="checkbox" name="confirm" value="yes" required class="mt-1 size-5">${esc(t("actions.cancelConfirm"))}</label>` +
        `<button type="submit" class="${BUTTON_SECONDARY} text-bad">${esc(t("actions.cancelSubmit"))}</button>`,
    ) +
    `</details>`;
  // A calendar entry only for an appointment still to come (not for one whose time has passed).
  const ahead = now === undefined || new Date(data.appointment.scheduledAt).getTime() > now;
  const calendar = ahead
    ? `<a href="${esc(actionPath(token, "calendar.ics"))}" download class="${BUTTON_SECONDARY}" data-testid="add-to-calendar">${esc(t("actions.calendar"))}</a>`
    : "";
  // Share needs the script (Web Share, else the clipboard): hidden without it.
  const share = `<button type="button" data-action="share" class="${BUTTON_SECONDARY} noscript:hidden">${esc(t("actions.share"))}</button>`;
  // Once checked in, or for another day, "I'm here" and "running late" have nothing to say.
  const booked = data.queue.queueStatus === "waiting" && !farAway(data);
  return note + (booked ? here + late : "") + calendar + share + cancel;
}

/** The clinic: the appointment's date and time when it is another day, the address, a map link and the phone. */
export function contactHtml({ data, t, locale, contact }: ViewState): string {
  if (!contact) return "";
  const { scheduledAt, hospital } = data.appointment;
  let html = "";
  // The card already leads with the day when it is half a day or more away.
  if (contact.otherDay && !farAway(data)) {
    const when = new Intl.DateTimeFormat(locale, {
      weekday: "long",
      day: "numeric",
      month: "long",
      hour: "numeric",
      minute: "2-digit",
      timeZone: hospital.timeZone,
    }).format(new Date(scheduledAt));
    html += `<p data-testid="appointment-day" class="m-0 text-lg font-bold text-ink">${esc(t("contact.on", { when }))}</p>`;
  }
  if (contact.address) html += `<p class="m-0" data-testid="clinic-address">${esc(contact.address)}</p>`;
  const links = [
    contact.mapUrl
      ? `<a class="underline" data-testid="clinic-map" href="${esc(contact.mapUrl)}" rel="noopener noreferrer" target="_blank">${esc(t("contact.map"))}</a>`
      : "",
    contact.phone
      ? `<a class="underline" data-testid="clinic-phone" href="tel:${esc(contact.phone.replace(/[^\d+]/g, ""))}">${esc(t("contact.call", { phone: contact.phone }))}</a>`
      : "",
  ].filter(Boolean);
  if (links.length) html += `<p class="m-0 flex flex-wrap gap-x-4 gap-y-1">${links.join("")}</p>`;
  return html
    ? `<section data-testid="clinic-contact" class="grid gap-1 rounded-[12px] border border-line bg-white px-3 py-2 text-left text-ink">${html}</section>`
    : "";
}
