"use client";
import type { inferRouterOutputs } from "@trpc/server";
// Live view of one patient's place: big position, people ahead, wait in minutes and clock time,
// one plain sentence, the doctor's notice, and whether the page is live.
import { useSubscription } from "@trpc/tanstack-react-query";
import { useEffect, useState } from "react";
import type { AppRouter } from "@/server/trpc/root";
import { onSocketState, useTRPC } from "../trpc";

type Tracking = inferRouterOutputs<AppRouter>["tracking"]["get"];

function clock(d: Date | string | null, timeZone: string) {
  if (!d) return null;
  return new Intl.DateTimeFormat("en-GB", { hour: "2-digit", minute: "2-digit", timeZone }).format(
    new Date(d),
  );
}

export function TrackView({ token, initial }: { token: string; initial: Tracking }) {
  const trpc = useTRPC();
  const [data, setData] = useState<Tracking>(initial);
  const [socket, setSocket] = useState<"connecting" | "open" | "closed">("connecting");
  useEffect(() => onSocketState(setSocket), []);

  const sub = useSubscription(
    trpc.tracking.onUpdate.subscriptionOptions(
      { token, lastEventId: null },
      {
        onData: (event) => setData(event.data),
      },
    ),
  );

  const { queue, appointment, notice } = data;
  const tz = appointment.hospital.timeZone;
  const at = clock(queue.estimatedStartAt, tz);
  const live = sub.status === "pending" && socket !== "closed";
  const waiting = queue.position !== null && queue.position > 0;

  return (
    <main className="page" style={{ maxWidth: 480, display: "grid", gap: "0.9rem" }}>
      <header style={{ display: "flex", justifyContent: "space-between", alignItems: "center" }}>
        <div>
          <div style={{ fontWeight: 700 }}>{appointment.hospital.name}</div>
          <div className="muted">
            {appointment.doctor.name} · Room {appointment.doctor.room}
          </div>
        </div>
        <span
          data-testid="live-indicator"
          className="muted"
          style={{ fontSize: "0.9rem", display: "flex", alignItems: "center", gap: 6 }}
        >
          <span
            aria-hidden
            style={{
              width: 10,
              height: 10,
              borderRadius: 5,
              background: live ? "var(--ok)" : "#c98a00",
              display: "inline-block",
            }}
          />
          {live ? "Live" : "Reconnecting…"}
        </span>
      </header>

      {notice && (
        <div className="banner" role="alert" data-testid="notice">
          {notice.message || "The doctor is running late."}
          {notice.delayMinutes > 0 && ` (about ${notice.delayMinutes} min)`}
        </div>
      )}

      <section className="card" aria-live="polite" style={{ textAlign: "center", padding: "1.5rem 1rem" }}>
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
          <div style={{ fontSize: "1.6rem", fontWeight: 800 }} data-testid="state-title">
            {queue.queueStatus === "called" || queue.queueStatus === "in_consultation"
              ? `Room ${appointment.doctor.room}`
              : `Ticket ${appointment.ticket}`}
          </div>
        )}
        <p data-testid="status-message" style={{ fontSize: "1.15rem", margin: "0.9rem 0 0" }}>
          {queue.message}
        </p>
      </section>

      <p className="muted" style={{ fontSize: "0.9rem", margin: 0 }}>
        Ticket {appointment.ticket} · booked for {clock(appointment.scheduledAt, tz)}. This page updates by
        itself; keep it open.
      </p>
    </main>
  );
}
