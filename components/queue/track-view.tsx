"use client";
// The patient's page: one big number, people ahead, the wait in minutes and clock time, one plain
// sentence, the doctor's notice, and an honest live indicator. Nothing about other patients.
import { useEffect, useRef } from "react";
import { type Freshness, type Tracking, useLiveTracking } from "./use-live-tracking";

function clock(d: Date | string | null, timeZone: string) {
  if (!d) return null;
  return new Intl.DateTimeFormat("en-GB", { hour: "2-digit", minute: "2-digit", timeZone }).format(
    new Date(d),
  );
}

function LiveIndicator({ freshness, now }: { freshness: Freshness; now: number }) {
  const seconds = Math.max(0, Math.round((now - freshness.updatedAt) / 1000));
  const label =
    freshness.mode === "live"
      ? "Live"
      : freshness.mode === "polling"
        ? `Updated ${seconds} s ago`
        : "Reconnecting…";
  const color = freshness.mode === "live" ? "var(--ok)" : "#c98a00";
  return (
    <span
      data-testid="live-indicator"
      data-mode={freshness.mode}
      className="muted"
      style={{ fontSize: "0.9rem", display: "flex", alignItems: "center", gap: 6 }}
    >
      <span
        aria-hidden
        style={{ width: 10, height: 10, borderRadius: 5, background: color, display: "inline-block" }}
      />
      {label}
    </span>
  );
}

/** A gentle nudge when the patient becomes next or is called, and when a notice arrives. */
function useAlerts(data: Tracking) {
  const last = useRef({ status: data.queue.queueStatus, notice: data.notice?.message ?? null });
  useEffect(() => {
    const prev = last.current;
    const status = data.queue.queueStatus;
    const notice = data.notice?.message ?? null;
    const becameNext = status !== prev.status && (status === "next" || status === "called");
    const newNotice = notice !== null && notice !== prev.notice;
    if (becameNext || newNotice) {
      navigator.vibrate?.(becameNext ? [200, 100, 200] : [300]);
      if (typeof Notification !== "undefined" && Notification.permission === "granted" && document.hidden) {
        new Notification(becameNext ? data.queue.message : `Notice: ${notice}`);
      }
    }
    last.current = { status, notice };
  }, [data]);
}

export function TrackView({ token, initial }: { token: string; initial: Tracking }) {
  const { data, freshness, now } = useLiveTracking(token, initial);
  useAlerts(data);

  if (freshness.error) {
    return (
      <main className="page" style={{ maxWidth: 480 }}>
        <div className="card" role="alert">
          <h1 style={{ marginTop: 0, fontSize: "1.4rem" }}>This link does not work any more</h1>
          <p style={{ fontSize: "1.1rem" }}>{freshness.error}</p>
        </div>
      </main>
    );
  }

  const { queue, appointment, notice } = data;
  const tz = appointment.hospital.timeZone;
  const at = clock(queue.estimatedStartAt, tz);
  const waiting = queue.position !== null && queue.position > 0;
  const yourTurn = queue.queueStatus === "called" || queue.queueStatus === "in_consultation";

  return (
    <main className="page" style={{ maxWidth: 480, display: "grid", gap: "0.9rem" }}>
      <header
        style={{ display: "flex", justifyContent: "space-between", alignItems: "center", gap: "0.5rem" }}
      >
        <div>
          <div style={{ fontWeight: 700 }}>{appointment.hospital.name}</div>
          <div className="muted">
            {appointment.doctor.name} · Room {appointment.doctor.room}
          </div>
        </div>
        <LiveIndicator freshness={freshness} now={now} />
      </header>

      {notice && (
        <div className="banner" role="alert" data-testid="notice">
          {notice.message || "The doctor is running late."}
          {notice.delayMinutes > 0 && ` (about ${notice.delayMinutes} min)`}
        </div>
      )}

      <section
        className="card"
        aria-live="polite"
        style={{
          textAlign: "center",
          padding: "1.5rem 1rem",
          ...(yourTurn ? { background: "#e6f4ea", borderColor: "var(--ok)" } : {}),
        }}
      >
        {waiting ? (
          <>
            <div className="muted">Your place in line</div>
            <div
              data-testid="position"
              style={{ fontSize: "5rem", fontWeight: 800, lineHeight: 1.05, color: "var(--brand)" }}
            >
              {queue.position}
            </div>
            <div data-testid="people-ahead" style={{ fontSize: "1.15rem" }}>
              {queue.peopleAhead === 0
                ? "Nobody ahead of you"
                : `${queue.peopleAhead} ${queue.peopleAhead === 1 ? "person" : "people"} ahead of you`}
            </div>
            {queue.estimatedWaitTime !== null && (
              <div data-testid="wait" style={{ fontSize: "1.3rem", fontWeight: 700, marginTop: "0.6rem" }}>
                about {queue.estimatedWaitTime} min{at ? ` · around ${at}` : ""}
              </div>
            )}
          </>
        ) : (
          <div
            style={{ fontSize: "1.8rem", fontWeight: 800, color: yourTurn ? "var(--ok)" : "inherit" }}
            data-testid="state-title"
          >
            {yourTurn ? `Room ${appointment.doctor.room}` : `Ticket ${appointment.ticket}`}
          </div>
        )}
        <p data-testid="status-message" style={{ fontSize: "1.15rem", margin: "0.9rem 0 0" }}>
          {queue.message}
        </p>
      </section>

      <p className="muted" style={{ fontSize: "0.9rem", margin: 0 }}>
        Ticket {appointment.ticket} · booked for {clock(appointment.scheduledAt, tz)} ({appointment.slot}).
        This page updates by itself; keep it open.
      </p>
    </main>
  );
}
