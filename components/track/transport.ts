// The patient page's live feed: the tRPC subscription tracking.onUpdate over the WebSocket while it
// holds (a PING every 20 s, dropped when no answer comes), reconnects with backoff, and HTTP polling
// of tracking.get while the socket has been down for a while. The pure rules are in live.ts, the
// bytes in trpc-wire.ts.
import { type LinkProblem, linkProblemOf } from "./link-problem";
import { type Connection, isFatal, type LiveData, modeOf, pollInterval, reconnectDelay } from "./live";
import { PING, parseAnswer, parseFrame, pollUrl, stopMessage, subscribeMessage } from "./trpc-wire";
import type { Mode, TrackData } from "./view";

const PING_MS = 20_000;
const PONG_TIMEOUT_MS = 10_000;

export function createTransport(o: {
  token: string;
  /** A state from the server, over the socket or a poll. */
  onData: (next: LiveData) => void;
  /** The link cannot be tracked any more; the page calls `stop`. */
  onFatal: (problem: LinkProblem) => void;
  /** The mode changed, or a second passed: redraw the indicator. */
  onMode: (mode: Mode) => void;
  /** The state shown (how often to poll depends on it; no polling without one). */
  data: () => TrackData | null;
}) {
  let stopped = false;
  let conn: Connection = { live: false, downSince: Date.now() };
  // Until the live feed was up once, the page is connecting (neutral), not reconnecting (a warning).
  let everLive = false;
  const shownMode = (mode: Mode): Mode => (mode === "reconnecting" && !everLive ? "connecting" : mode);

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
    if (!stopped) retryTimer = setTimeout(connect, reconnectDelay(attempt++));
  }

  function connect() {
    clearTimeout(retryTimer);
    if (stopped || ws) return;
    const sock = new WebSocket(
      `${location.protocol === "https:" ? "wss" : "ws"}://${location.host}/api/trpc-ws`,
    );
    ws = sock;
    sock.onopen = () => {
      subId++;
      sock.send(subscribeMessage(subId, o.token, lastEventId));
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
        o.onData(frame.data);
      } else if (frame.kind === "error") {
        if (isFatal(frame.code)) o.onFatal(linkProblemOf(frame.reason));
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
      const res = await fetch(pollUrl(o.token), {
        cache: "no-store",
        headers: { accept: "application/json" },
      });
      const answer = parseAnswer(await res.json());
      if (!polling || stopped) return;
      if ("data" in answer) o.onData(answer.data);
      else if (isFatal(answer.code)) return o.onFatal(linkProblemOf(answer.reason));
    } catch {
      // offline: the indicator's "updated N s ago" keeps counting
    }
    const data = o.data();
    if (polling && data) pollTimer = setTimeout(poll, pollInterval(data));
  }
  function stopPolling() {
    polling = false;
    clearTimeout(pollTimer);
  }

  /** Mode changes: start or stop polling, redraw the indicator. */
  function update() {
    if (stopped) return;
    const mode = modeOf(conn, Date.now());
    if (mode === "polling" && !polling) {
      polling = true;
      void poll();
    } else if (mode !== "polling" && polling) stopPolling();
    o.onMode(shownMode(mode));
  }

  return {
    start() {
      setInterval(update, 1_000);
      connect();
    },
    /** For good: ends the subscription, the socket and the polling. */
    stop() {
      stopped = true;
      stopPolling();
      if (ws?.readyState === WebSocket.OPEN) ws.send(stopMessage(subId));
      if (ws) drop(ws);
      clearTimeout(retryTimer);
    },
    /** The page is seen again: phones freeze background pages, so catch up at once. */
    wake() {
      if (!ws) {
        attempt = 0;
        connect();
      }
      if (polling) void poll();
    },
    /** What the indicator shows now. */
    mode: () => shownMode(modeOf(conn, Date.now())),
  };
}
