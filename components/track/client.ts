// The patient page's only script (bundled by scripts/build-track.mjs, no framework): keeps the
// server-rendered page current. The tRPC subscription tracking.onUpdate over the WebSocket while it
// holds; HTTP polling of tracking.get when it cannot (after 4 s down; every 15 s, 5 s near the
// front) until the socket is back; the live indicator says which. Nudges the patient when they
// become next, are called, or the clinic posts a notice; switches language in place.
import { LOCALE_COOKIE } from "../i18n/config";
import { type Translate, translator } from "./format";
import { type LinkProblem, linkProblemOf } from "./link-problem";
import {
  type Connection,
  isFatal,
  type LiveData,
  modeOf,
  noticeId,
  nudgesFor,
  pollInterval,
  reconnectDelay,
} from "./live";
import { PING, parseAnswer, parseFrame, pollUrl, stopMessage, subscribeMessage } from "./trpc-wire";
import {
  actionPath,
  type Boot,
  cardClass,
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

const WORKER_SCOPE = "/track/";
const PING_MS = 20_000;
const PONG_TIMEOUT_MS = 10_000;

const bootEl = document.getElementById("track-boot");
if (bootEl) start(JSON.parse(bootEl.textContent ?? "{}") as Boot);

function start(boot: Boot) {
  const token = boot.token;
  let locale = boot.locale;
  let title = boot.title;
  let t: Translate = translator(boot.messages, locale);
  let problem: LinkProblem | null = boot.problem;
  let data = boot.data;
  let arrived = false;
  // What the page's last action said (from the form's redirect without JavaScript, or its answer).
  let actionNote: string | null = document.querySelector('[data-testid="action-note"]')?.textContent ?? null;
  let permission: NotifyPermission =
    typeof Notification === "undefined" ? "unsupported" : (Notification.permission as NotifyPermission);
  let conn: Connection = { live: false, downSince: Date.now() };
  let updatedAt = Date.now();
  let lastMode: Mode = "reconnecting";
  // Until the live feed was up once, the page is connecting (neutral), not reconnecting (a warning).
  let everLive = false;
  const shownMode = (mode: Mode): Mode => (mode === "reconnecting" && !everLive ? "connecting" : mode);
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
      mode: shownMode(modeOf(conn, Date.now())),
      seconds: Math.max(0, Math.round((Date.now() - updatedAt) / 1000)),
      arrived,
      permission,
      token,
      actionNote,
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
  }

  function renderIndicator(mode: Mode) {
    const html = indicatorHtml(shownMode(mode), Math.max(0, Math.round((Date.now() - updatedAt) / 1000)), t);
    const el = document.getElementById("track-live");
    if (el && shown.indicator !== html) {
      el.outerHTML = html;
      shown.indicator = html;
    }
  }

  // --- nudges ---------------------------------------------------------------------------------
  let audio: AudioContext | undefined;
  const unlockAudio = () => {
    try {
      audio ??= new AudioContext();
      void audio.resume();
    } catch {
      // no Web Audio: vibration and the banner remain
    }
  };
  // Browsers play sound only after a tap: be ready from the first one.
  document.addEventListener("pointerdown", unlockAudio, { once: true, capture: true });
  document.addEventListener("keydown", unlockAudio, { once: true, capture: true });

  function chime() {
    if (audio?.state !== "running") return;
    const at = audio.currentTime;
    for (const [offset, freq] of [
      [0, 880],
      [0.3, 660],
    ] as const) {
      const tone = audio.createOscillator();
      const gain = audio.createGain();
      tone.frequency.value = freq;
      gain.gain.setValueAtTime(0.0001, at + offset);
      gain.gain.exponentialRampToValueAtTime(0.4, at + offset + 0.02);
      gain.gain.exponentialRampToValueAtTime(0.0001, at + offset + 0.28);
      tone.connect(gain).connect(audio.destination);
      tone.start(at + offset);
      tone.stop(at + offset + 0.3);
    }
  }

  const registerWorker = () =>
    navigator.serviceWorker?.register("/sw.js", { scope: WORKER_SCOPE }).catch(() => undefined);

  async function notify(title: string, body: string) {
    if (permission !== "granted" || document.visibilityState === "visible") return;
    const options: NotificationOptions = { body, tag: "patient-queue", data: { url: location.href } };
    try {
      const registration = await navigator.serviceWorker?.getRegistration(WORKER_SCOPE);
      if (registration) return void (await registration.showNotification(title, options));
      new Notification(title, options);
    } catch {
      // A browser that refuses both ways: the page itself still shows the change.
    }
  }

  let titleFlash = false;
  function flagTitle() {
    if (document.visibilityState === "visible") return;
    titleFlash = true;
    document.title = `⚠ ${t("noticeTitle")}`;
  }

  function nudge(next: LiveData) {
    const n = nudgesFor(seen, next);
    seen.status = next.queue.queueStatus;
    const room = next.appointment.doctor.room;
    if (n.turn) {
      navigator.vibrate?.([200, 100, 200, 100, 400]);
      chime();
      const called = n.turn === "called";
      void notify(
        t(called ? "notifyCalledTitle" : "notifyNextTitle"),
        t(called ? "notifyCalledBody" : "notifyNextBody", { room }),
      );
    }
    if (n.notice && next.notice) {
      seen.alerted = noticeId(next.notice);
      seen.alertedVersion = next.version;
      arrived = true;
      delete shown.notice; // drawn anew: the banner flashes and is announced again
      navigator.vibrate?.([300, 100, 300]);
      chime();
      flagTitle();
      void notify(t("noticeTitle"), next.notice.message || t("noticeDefault"));
    }
  }

  // --- data -----------------------------------------------------------------------------------
  function accept(next: LiveData) {
    updatedAt = Date.now();
    if (!data || next.version >= data.version) {
      nudge(next);
      data = pickTrackData(next);
    }
    render();
  }

  function fail(next: LinkProblem) {
    problem = next;
    stopPolling();
    if (ws?.readyState === WebSocket.OPEN) ws.send(stopMessage(subId));
    if (ws) drop(ws);
    clearTimeout(retryTimer);
    render();
  }

  // --- the socket -----------------------------------------------------------------------------
  let ws: WebSocket | null = null;
  let subId = 0;
  let attempt = 0;
  let lastEventId: string | null = null;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;
  let pingTimer: ReturnType<typeof setInterval> | undefined;
  let pongTimer: ReturnType<typeof setTimeout> | undefined;

  function wentDown() {
    if (conn.live) conn = { live: false, downSince: Date.now() };
    update();
  }

  function drop(sock: WebSocket) {
    if (ws !== sock) return;
    ws = null;
    sock.onclose = sock.onmessage = sock.onopen = null;
    clearInterval(pingTimer);
    clearTimeout(pongTimer);
    try {
      sock.close();
    } catch {
      // already closed
    }
    wentDown();
    if (!problem) retryTimer = setTimeout(connect, reconnectDelay(attempt++));
  }

  function connect() {
    clearTimeout(retryTimer);
    if (problem || ws) return;
    const sock = new WebSocket(
      `${location.protocol === "https:" ? "wss" : "ws"}://${location.host}/api/trpc-ws`,
    );
    ws = sock;
    sock.onopen = () => {
      subId++;
      sock.send(subscribeMessage(subId, token, lastEventId));
      pingTimer = setInterval(() => {
        sock.send(PING);
        pongTimer ??= setTimeout(() => drop(sock), PONG_TIMEOUT_MS);
      }, PING_MS);
    };
    sock.onmessage = (event) => {
      clearTimeout(pongTimer);
      pongTimer = undefined;
      const frame = parseFrame(String(event.data));
      if (frame.kind === "reconnect") {
        attempt = 0;
        drop(sock);
        clearTimeout(retryTimer);
        connect();
      } else if ("id" in frame && frame.id !== subId) {
        // not this page's subscription
      } else if (frame.kind === "started") {
        attempt = 0;
        conn = { live: true, downSince: null };
        everLive = true;
        update();
      } else if (frame.kind === "data") {
        lastEventId = frame.eventId ?? lastEventId;
        accept(frame.data);
      } else if (frame.kind === "error") {
        if (isFatal(frame.code)) fail(linkProblemOf(frame.reason));
        else drop(sock);
      } else if (frame.kind === "stopped") drop(sock);
    };
    sock.onclose = () => drop(sock);
  }

  // --- polling while the socket is down -------------------------------------------------------
  let polling = false;
  let pollTimer: ReturnType<typeof setTimeout> | undefined;

  async function poll() {
    clearTimeout(pollTimer);
    try {
      const res = await fetch(pollUrl(token), { cache: "no-store", headers: { accept: "application/json" } });
      const answer = parseAnswer(await res.json());
      if (!polling || problem) return;
      if ("data" in answer) accept(answer.data);
      else if (isFatal(answer.code)) return fail(linkProblemOf(answer.reason));
    } catch {
      // offline: the indicator's "updated N s ago" keeps counting
    }
    if (polling && data) pollTimer = setTimeout(poll, pollInterval(data));
  }
  function stopPolling() {
    polling = false;
    clearTimeout(pollTimer);
  }

  /** Mode changes: start or stop polling, redraw the indicator. */
  function update() {
    const mode = problem ? lastMode : modeOf(conn, Date.now());
    if (mode === "polling" && !polling && !problem) {
      polling = true;
      void poll();
    } else if (mode !== "polling" && polling) stopPolling();
    lastMode = mode;
    if (!problem) renderIndicator(mode);
  }

  // --- the page's controls --------------------------------------------------------------------
  document.addEventListener("click", (event) => {
    if ((event.target as Element).closest?.('[data-action="share"]')) return void share();
    if (!(event.target as Element).closest?.('[data-action="notify"]')) return;
    if (typeof Notification === "undefined") return;
    void Notification.requestPermission().then((result) => {
      permission = result as NotifyPermission;
      if (result === "granted") void registerWorker();
      render();
    });
  });
  document.addEventListener("submit", (event) => {
    if ((event.target as Element).closest?.("[data-switcher]")) event.preventDefault();
    const form = (event.target as Element).closest?.<HTMLFormElement>("form[data-act]");
    if (form) {
      event.preventDefault();
      void act(form, (event as SubmitEvent).submitter as HTMLButtonElement | null);
    }
  });

  /** Shares the link (the phone's share sheet), else copies it. */
  async function share() {
    const url = location.origin + location.pathname;
    try {
      if (navigator.share) return await navigator.share({ title, url });
      await navigator.clipboard.writeText(url);
      actionNote = t("actions.copied");
    } catch {
      return; // dismissed, or no clipboard
    }
    shown.actions = "";
    render();
  }

  /** Posts an action to its REST path; the live feed then redraws the card, this says how it went. */
  async function act(form: HTMLFormElement, submitter: HTMLButtonElement | null) {
    const action = form.dataset.act ?? "";
    const fields = new FormData(form);
    if (submitter?.name) fields.set(submitter.name, submitter.value);
    const body =
      action === "check-in"
        ? { code: String(fields.get("code") ?? "") }
        : action === "late"
          ? { minutes: Number(fields.get("minutes")) }
          : {};
    for (const b of form.querySelectorAll("button")) b.disabled = true;
    try {
      const res = await fetch(actionPath(token, action), {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(body),
      });
      const answer = (await res.json().catch(() => ({}))) as { error?: { code?: string } };
      const reason = res.status === 429 ? "TOO_MANY_REQUESTS" : answer.error?.code;
      const known = reason && t(`actions.refused.${reason}`) !== `actions.refused.${reason}`;
      actionNote = res.ok ? t(`actions.done.${action}`) : t(`actions.refused.${known ? reason : "other"}`);
    } catch {
      actionNote = t("actions.refused.other");
    }
    shown.actions = "";
    render();
    if (actionNote) document.querySelector<HTMLElement>('[data-testid="action-note"]')?.focus?.();
  }
  document.addEventListener("change", (event) => {
    const select = event.target as HTMLSelectElement;
    if (select.name === "lang") void switchLanguage(select);
  });

  let switches = 0;
  /** Stores the choice in a cookie (read by the server for the first paint), then redraws in place. */
  async function switchLanguage(select: HTMLSelectElement) {
    // biome-ignore lint/suspicious/noDocumentCookie: a plain preference cookie, read by the server.
    document.cookie = `${LOCALE_COOKIE}=${select.value}; path=/; max-age=31536000; samesite=lax`;
    const asked = ++switches;
    try {
      const res = await fetch(location.pathname, {
        cache: "no-store",
        headers: { accept: "application/json" },
      });
      const next = (await res.json()) as Boot;
      if (asked !== switches) return; // a later choice is on its way
      locale = next.locale;
      t = translator(next.messages, locale);
      document.documentElement.lang = locale;
      title = next.title;
      if (!titleFlash) document.title = title;
      if (next.problem && !problem) return fail(next.problem);
      // A page that could not be shown can be now: start it afresh.
      if (problem && next.data && !next.problem) return location.reload();
      shown = problem ? {} : { indicator: shown.indicator ?? "" };
      if (next.data) accept(next.data);
      else render();
    } catch {
      location.reload();
    }
  }

  // --- lifecycle ------------------------------------------------------------------------------
  const wake = () => {
    if (document.visibilityState !== "visible" || problem) return;
    if (titleFlash) {
      titleFlash = false;
      document.title = title;
    }
    // Phones freeze background pages: catch up at once instead of waiting for the next retry.
    if (!ws) {
      attempt = 0;
      connect();
    }
    if (polling) void poll();
  };
  document.addEventListener("visibilitychange", wake);
  addEventListener("online", wake);
  setInterval(() => {
    if (!problem) update();
  }, 1_000);

  if (permission === "granted") void registerWorker();
  render();
  if (!problem) connect();
}
