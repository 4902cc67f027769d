// The patient page's only script (bundled by scripts/build-track.mjs, no framework): keeps the
// server-rendered page current. It holds the page's state and redraws its regions; the jobs around
// that are modules it wires: the live feed (transport.ts: the tRPC subscription over the WebSocket,
// HTTP polling while the socket is down), nudges (nudges.ts), "Notify me" (push-client.ts), the
// page's forms and sharing (actions.ts) and switching language in place (language.ts).
import { createActions } from "./actions";
import { type Translate, translator } from "./format";
import { createLanguageSwitch } from "./language";
import type { LinkProblem } from "./link-problem";
import { keepPlaceChange, type LiveData, noticeId, nudgesFor, replacesShown, sameBooking } from "./live";
import { createNudges } from "./nudges";
import { createPush } from "./push-client";
import { createTransport } from "./transport";
import {
  type ActionNote,
  announcementOf,
  type Boot,
  cardClass,
  checkInOpensAt,
  indicatorHtml,
  type Mode,
  type NotifyPermission,
  pickTrackData,
  problemMainHtml,
  type Region,
  trackMainHtml,
  trackRegions,
  type ViewState,
} from "./view";

const bootEl = document.getElementById("track-boot");
if (bootEl) start(JSON.parse(bootEl.textContent ?? "{}") as Boot);

function start(boot: Boot) {
  const token = boot.token;
  // The language (for notifications) and the tag the page writes in ("en-NZ": "2:07 pm").
  let language = boot.locale;
  let locale = boot.formatLocale ?? boot.locale;
  let title = boot.title;
  let t: Translate = translator(boot.messages, locale);
  let problem: LinkProblem | null = boot.problem;
  let data = boot.data;
  // The server's time, as the page counts it: a phone's clock may be off (or, in a test, elsewhere).
  const skew = boot.now === undefined ? 0 : boot.now - Date.now();
  const serverNow = () => Date.now() + skew;
  let arrived = false;
  // What the page's last action said (from the form's redirect without JavaScript, or its answer).
  const rendered = document.querySelector('[data-testid="action-note"]');
  let actionNote: ActionNote | null = rendered?.textContent
    ? { text: rendered.textContent, refused: rendered.hasAttribute("data-refused") }
    : null;
  const push = createPush({
    token,
    locale: () => language,
    onPermission: (next) => {
      permission = next;
      render();
    },
  });
  let permission: NotifyPermission = push.initial;
  let updatedAt = Date.now();
  const transport = createTransport({
    token,
    onData: accept,
    onFatal: fail,
    onMode: renderIndicator,
    data: () => data,
  });
  const nudges = createNudges();
  const actions = createActions({
    token,
    t: () => t,
    title: () => title,
    onNote: (note) => {
      actionNote = note;
      shown.actions = "";
      render();
    },
  });
  const switchLanguage = createLanguageSwitch(applyLanguage);
  const seen = {
    status: data?.queue.queueStatus ?? "waiting",
    alerted: noticeId(data?.notice ?? null),
    alertedVersion: data?.version ?? -1,
  };

  // --- rendering: each region is replaced only when its HTML changed -------------------------
  const state = (over: Partial<ViewState> = {}): ViewState | null =>
    data && {
      data,
      locale,
      t,
      mode: transport.mode(),
      seconds: Math.max(0, Math.round((Date.now() - updatedAt) / 1000)),
      arrived,
      permission,
      token,
      actionNote,
      now: serverNow(),
      ...over,
    };
  // What the server rendered (mode "reconnecting", no notification control yet).
  const first = problem ? null : state({ mode: "connecting", seconds: 0, permission: "unsupported" });
  let shown: Partial<Record<Region | "cardClass" | "indicator", string>> = first
    ? { ...trackRegions(first), cardClass: cardClass(first.data.queue.queueStatus) }
    : { indicator: "problem" };
  if (first) shown.indicator = indicatorHtml("connecting", 0, t);

  function replaceMain(html: string) {
    const main = document.getElementById("track");
    if (main) main.outerHTML = html;
    else document.body.insertAdjacentHTML("afterbegin", html);
  }

  function render() {
    if (problem) {
      if (shown.indicator !== "problem") replaceMain(problemMainHtml(problem, locale, t, location.pathname));
      shown = { indicator: "problem" };
      return;
    }
    const s = state();
    if (!s) return;
    if (shown.indicator === "problem" || !document.getElementById("track-card")) {
      replaceMain(trackMainHtml(s));
      shown = {
        ...trackRegions(s),
        cardClass: cardClass(s.data.queue.queueStatus),
        indicator: indicatorHtml(s.mode, s.seconds, t),
      };
      return;
    }
    const regions = trackRegions(s);
    for (const region of Object.keys(regions) as Region[]) {
      const html = regions[region];
      if (shown[region] === html) continue;
      const el = document.querySelector<HTMLElement>(`[data-region="${region}"]`);
      if (!el) continue;
      const focused = el.contains(document.activeElement) ? (document.activeElement as HTMLElement) : null;
      el.innerHTML = html;
      shown[region] = html;
      // The language select keeps the focus when the footer is redrawn around it.
      if (focused?.getAttribute("name"))
        el.querySelector<HTMLElement>(`[name="${focused.getAttribute("name")}"]`)?.focus();
    }
    const card = document.getElementById("track-card");
    const cls = cardClass(s.data.queue.queueStatus);
    if (card && shown.cardClass !== cls) card.className = shown.cardClass = cls;
    renderIndicator(s.mode);
    redrawWhenCheckInOpens(s.data);
  }

  /** "Check-in opens at 10:05" goes at 10:05 even if nothing else changes by then. */
  let opensTimer: ReturnType<typeof setTimeout> | undefined;
  function redrawWhenCheckInOpens(d: ViewState["data"]) {
    clearTimeout(opensTimer);
    const at = checkInOpensAt(d);
    const wait = at === null ? -1 : at - serverNow();
    // A day away or more: a later update or a reload redraws it (timers overflow past 24.8 days).
    if (wait >= 0 && wait < 86_400_000) opensTimer = setTimeout(render, wait + 250);
  }

  /** `mode` as shown (connecting until the feed was live once). */
  function renderIndicator(mode: Mode) {
    const html = indicatorHtml(mode, Math.max(0, Math.round((Date.now() - updatedAt) / 1000)), t);
    const el = document.getElementById("track-live");
    if (el && shown.indicator !== html) {
      el.outerHTML = html;
      shown.indicator = html;
    }
  }

  // --- a new state from the server -----------------------------------------------------------
  function nudge(next: LiveData) {
    const n = nudgesFor(seen, next);
    seen.status = next.queue.queueStatus;
    if (n.turn) nudges.turn();
    if (n.notice && next.notice) {
      seen.alerted = noticeId(next.notice);
      seen.alertedVersion = next.version;
      arrived = true;
      delete shown.notice; // drawn anew: the banner flashes and is announced again
      nudges.notice(t("noticeTitle"));
    }
  }

  function accept(next: LiveData) {
    updatedAt = Date.now();
    if (replacesShown(data, next)) {
      nudge(next);
      const before = data;
      // A rescheduled appointment's new day has places of its own.
      data = keepPlaceChange(data && sameBooking(data, next) ? data : null, pickTrackData(next));
      render();
      announce(before ? announcementOf(before, data, t, locale) : null);
      return;
    }
    render();
  }

  /** One short line for a screen reader (the card itself is not live): polite, or an alert when called. */
  function announce(said: { text: string; urgent: boolean } | null) {
    if (!said) return;
    const el = document.getElementById(said.urgent ? "track-alert" : "track-announce");
    if (!el) return;
    el.textContent = "";
    // Set after a tick, so the same words said again are announced again.
    setTimeout(() => {
      el.textContent = said.text;
    }, 50);
  }

  function fail(next: LinkProblem) {
    problem = next;
    transport.stop();
    render();
  }

  // --- the page's controls --------------------------------------------------------------------
  document.addEventListener("click", (event) => {
    const target = event.target as Element;
    if (target.closest?.('[data-action="share"]')) return void actions.share();
    if (target.closest?.('[data-action="notify-off"]')) return void push.turnOff();
    if (target.closest?.('[data-action="notify"]')) void push.turnOn();
  });
  document.addEventListener("submit", (event) => {
    if ((event.target as Element).closest?.("[data-switcher]")) event.preventDefault();
    const form = (event.target as Element).closest?.<HTMLFormElement>("form[data-act]");
    if (form) {
      event.preventDefault();
      void actions.act(form, (event as SubmitEvent).submitter as HTMLButtonElement | null);
    }
  });
  document.addEventListener("change", (event) => {
    const select = event.target as HTMLSelectElement;
    if (select.name === "lang") void switchLanguage(select.value);
  });

  /** Redraws the page in place in another language. */
  function applyLanguage(next: Boot) {
    language = next.locale;
    locale = next.formatLocale ?? next.locale;
    t = translator(next.messages, locale);
    document.documentElement.lang = locale;
    // The page's main carries its own lang (the first paint's): a screen reader follows the nearest.
    document.getElementById("track")?.setAttribute("lang", locale);
    title = next.title;
    nudges.retitle(title);
    if (permission === "granted") push.relocale();
    if (next.problem && !problem) return fail(next.problem);
    // A page that could not be shown can be now: start it afresh.
    if (problem && next.data && !next.problem) return location.reload();
    shown = problem ? {} : { indicator: shown.indicator ?? "" };
    if (next.data) accept(next.data);
    else render();
  }

  // --- lifecycle ------------------------------------------------------------------------------
  const wake = () => {
    if (document.visibilityState !== "visible" || problem) return;
    nudges.unflag(title);
    transport.wake();
  };
  document.addEventListener("visibilitychange", wake);
  addEventListener("online", wake);

  void push.check().catch(() => undefined);
  render();
  if (!problem) transport.start();
}
