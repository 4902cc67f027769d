// The patient page's only script (bundled by scripts/build-track.mjs, no framework): keeps the
// server-rendered page current. The tRPC subscription tracking.onUpdate over the WebSocket while it
// holds; HTTP polling of tracking.get when it cannot (after 4 s down; every 15 s, 5 s near the
// front) until the socket is back; the live indicator says which. Nudges the patient when they
// become next, are called, or the clinic posts a notice; "Notify me" subscribes the phone to Web
// Push (public/sw.js shows what the server sends while the page is closed); switches language in
// place.
import { LOCALE_COOKIE } from "../i18n/config";
import { type Translate, translator } from "./format";
import { type LinkProblem, linkProblemOf } from "./link-problem";
import {
  type Connection,
  isFatal,
  keepPlaceChange,
  type LiveData,
  modeOf,
  noticeId,
  nudgesFor,
  pollInterval,
  reconnectDelay,
  replacesShown,
  sameBooking,
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
/** Which link this browser's push subscription was last given to (one endpoint per browser). */
const PUSH_LINK_KEY = "pq-push-link";
const pushSupported =
  "serviceWorker" in navigator && typeof PushManager !== "undefined" && typeof Notification !== "undefined";
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
  let permission: NotifyPermission = !pushSupported
    ? "unsupported"
    : Notification.permission === "denied"
      ? "denied"
      : "default";
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

  // --- Web Push: "Notify me" ------------------------------------------------------------------
  // The worker's URL carries the page's language: it shows the server's text in that one.
  const registerWorker = () =>
    navigator.serviceWorker.register(`/sw.js?lang=${locale}`, { scope: WORKER_SCOPE });
  const linkHasPush = () => {
    try {
      return localStorage.getItem(PUSH_LINK_KEY) === token;
    } catch {
      return false;
    }
  };
  const rememberPush = (on: boolean) => {
    try {
      if (on) localStorage.setItem(PUSH_LINK_KEY, token);
      else localStorage.removeItem(PUSH_LINK_KEY);
    } catch {
      // private mode: the page asks again next time
    }
  };
  const postPush = (path: string, body: unknown) =>
    fetch(actionPath(token, path), {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
    });

  /** Already subscribed for this link (a reload): say so. */
  async function checkPush() {
    if (!pushSupported || Notification.permission !== "granted" || !linkHasPush()) return;
    const registration = await navigator.serviceWorker.getRegistration(WORKER_SCOPE);
    if (await registration?.pushManager.getSubscription()) {
      permission = "granted";
      render();
    }
  }

  async function turnOnPush() {
    const asked = await Notification.requestPermission();
    if (asked !== "granted") {
      permission = asked === "denied" ? "denied" : "default";
      return render();
    }
    try {
      const registration = await registerWorker();
      const key = (await (await fetch(actionPath(token, "push"))).json()) as {
        data?: { publicKey?: string };
      };
      const serverKey = bytesOf(key.data?.publicKey ?? "");
      let sub = await registration.pushManager.getSubscription();
      // Made with another server key (the server's keys were replaced): start again.
      const had = sub?.options.applicationServerKey;
      if (sub && !(had && sameBytes(new Uint8Array(had), serverKey))) {
        await sub.unsubscribe();
        sub = null;
      }
      sub ??= await registration.pushManager.subscribe({
        userVisibleOnly: true,
        applicationServerKey: serverKey,
      });
      if (!(await postPush("push", sub.toJSON())).ok) throw new Error("refused");
      rememberPush(true);
      permission = "granted";
    } catch {
      permission = "failed";
    }
    render();
  }

  async function turnOffPush() {
    rememberPush(false);
    permission = "default";
    render();
    const sub = await (
      await navigator.serviceWorker.getRegistration(WORKER_SCOPE)
    )?.pushManager.getSubscription();
    if (!sub) return;
    await postPush("push/remove", { endpoint: sub.endpoint }).catch(() => undefined);
    await sub.unsubscribe().catch(() => undefined);
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
    // While the page is hidden, the server's push (when subscribed) is the notification.
    if (n.turn) {
      navigator.vibrate?.([200, 100, 200, 100, 400]);
      chime();
    }
    if (n.notice && next.notice) {
      seen.alerted = noticeId(next.notice);
      seen.alertedVersion = next.version;
      arrived = true;
      delete shown.notice; // drawn anew: the banner flashes and is announced again
      navigator.vibrate?.([300, 100, 300]);
      chime();
      flagTitle();
    }
  }

  // --- data -----------------------------------------------------------------------------------
  function accept(next: LiveData) {
    updatedAt = Date.now();
    if (replacesShown(data, next)) {
      nudge(next);
      // A rescheduled appointment's new day has places of its own.
      data = keepPlaceChange(data && sameBooking(data, next) ? data : null, pickTrackData(next));
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
    const target = event.target as Element;
    if (target.closest?.('[data-action="share"]')) return void share();
    if (target.closest?.('[data-action="notify-off"]')) return void turnOffPush();
    if (target.closest?.('[data-action="notify"]') && pushSupported) void turnOnPush();
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
      // The worker shows pushes in the page's language: tell it the new one.
      if (permission === "granted") void registerWorker().catch(() => undefined);
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

  void checkPush().catch(() => undefined);
  render();
  if (!problem) connect();
}

/** The bytes of a base64url string (the server's VAPID key). */
function bytesOf(base64url: string): Uint8Array<ArrayBuffer> {
  const text = atob(base64url.replace(/-/g, "+").replace(/_/g, "/"));
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
  return bytes;
}

const sameBytes = (a: Uint8Array, b: Uint8Array) => a.length === b.length && a.every((x, i) => x === b[i]);
