"use client";
// The reception board (minimal slice): a doctor's queue for today, check in and call next, kept
// live by the board subscription.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { inferRouterOutputs } from "@trpc/server";
import { useSubscription } from "@trpc/tanstack-react-query";
import { useState } from "react";
import type { AppRouter } from "@/server/trpc/root";
import { useTRPC } from "../trpc";

type BoardData = inferRouterOutputs<AppRouter>["queue"]["board"];
type Snapshot = NonNullable<BoardData["queues"][number]["snapshot"]>;
type Entry = Snapshot["entries"][number];

const STATUS_LABEL: Record<Entry["status"], string> = {
  BOOKED: "Booked",
  CHECKED_IN: "Checked in",
  CALLED: "Called",
  IN_CONSULTATION: "In room",
  COMPLETED: "Done",
  NO_SHOW: "No-show",
  CANCELLED: "Cancelled",
};

export function Board({ timeZone, canCheckIn }: { timeZone: string; canCheckIn: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const boardQuery = trpc.queue.board.queryOptions({});
  const board = useQuery(boardQuery);
  const [doctorId, setDoctorId] = useState<string | null>(null);
  const [message, setMessage] = useState<{ text: string; bad: boolean; forceCheckIn?: string } | null>(null);

  useSubscription(
    trpc.queue.onBoard.subscriptionOptions(
      {},
      {
        onData: ({ data: snapshot }) => {
          queryClient.setQueryData(boardQuery.queryKey, (old) => {
            if (!old) return old;
            return {
              ...old,
              queues: old.queues.map((q) =>
                q.doctor.id === snapshot.doctorId && (!q.snapshot || q.snapshot.version < snapshot.version)
                  ? { ...q, snapshot }
                  : q,
              ),
            };
          });
        },
      },
    ),
  );

  const onResult = {
    // The board subscription brings the change; refetching as well covers a dropped socket.
    onSuccess: () => {
      setMessage(null);
      void queryClient.invalidateQueries({ queryKey: boardQuery.queryKey });
    },
    onError: (e: { message: string }) => setMessage({ text: e.message, bad: true }),
  };
  const checkIn = useMutation(
    trpc.queue.checkIn.mutationOptions({
      ...onResult,
      // Before the early-arrival window opens staff may still check a patient in, deliberately.
      onError: (e, input) =>
        setMessage({
          text: e.message,
          bad: true,
          forceCheckIn: e.message.startsWith("Check-in opens") ? input.appointmentId : undefined,
        }),
    }),
  );
  const callNext = useMutation(trpc.queue.callNext.mutationOptions(onResult));
  const start = useMutation(trpc.queue.start.mutationOptions(onResult));
  const complete = useMutation(trpc.queue.complete.mutationOptions(onResult));

  if (board.isPending) return <main className="page">Loading the queues…</main>;
  if (board.isError)
    return <main className="page error">Could not load the board: {board.error.message}</main>;

  const queues = board.data.queues;
  const selected = queues.find((q) => q.doctor.id === doctorId) ?? queues[0];
  if (!selected) return <main className="page">No doctors are set up for this hospital.</main>;
  const entries = selected.snapshot?.entries ?? [];
  const time = (d: Date | string | null) =>
    d
      ? new Intl.DateTimeFormat("en-GB", { hour: "2-digit", minute: "2-digit", timeZone }).format(new Date(d))
      : "";

  return (
    <main className="page" style={{ display: "grid", gap: "1rem" }}>
      <div style={{ display: "flex", gap: "0.5rem", flexWrap: "wrap" }} role="tablist" aria-label="Doctors">
        {queues.map((q) => (
          <button
            key={q.doctor.id}
            type="button"
            role="tab"
            aria-selected={q.doctor.id === selected.doctor.id}
            className={q.doctor.id === selected.doctor.id ? "primary" : ""}
            onClick={() => setDoctorId(q.doctor.id)}
          >
            {q.doctor.name} · Room {q.doctor.room}
          </button>
        ))}
      </div>

      <section className="card" aria-label={`Queue of ${selected.doctor.name}`}>
        <div
          style={{
            display: "flex",
            justifyContent: "space-between",
            alignItems: "center",
            gap: "1rem",
            flexWrap: "wrap",
          }}
        >
          <h1 style={{ margin: 0, fontSize: "1.3rem" }}>
            {selected.doctor.name} — {board.data.date}
          </h1>
          <button
            type="button"
            className="primary"
            disabled={callNext.isPending}
            onClick={() => callNext.mutate({ doctorId: selected.doctor.id, date: board.data.date })}
          >
            Call next
          </button>
        </div>
        {selected.snapshot?.notice && <p className="banner">{selected.snapshot.notice.message}</p>}
        <div
          aria-live="polite"
          role="status"
          className={message?.bad ? "error" : "muted"}
          style={{ minHeight: "1.5em" }}
        >
          {message?.text}
          {message?.forceCheckIn && (
            <button
              type="button"
              style={{ marginLeft: "0.6rem" }}
              onClick={() => checkIn.mutate({ appointmentId: message.forceCheckIn!, force: true })}
            >
              Check in anyway
            </button>
          )}
        </div>
        <table style={{ width: "100%", borderCollapse: "collapse" }}>
          <thead>
            <tr style={{ textAlign: "left" }} className="muted">
              <th>#</th>
              <th>Ticket</th>
              <th>Patient</th>
              <th>Slot</th>
              <th>Status</th>
              <th>Est. start</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {entries.map((e) => (
              <tr
                key={e.appointmentId}
                data-testid={`entry-${e.ticket}`}
                style={{ borderTop: "1px solid var(--line)" }}
              >
                <td>{e.position || ""}</td>
                <td>{e.ticket}</td>
                <td>
                  {e.patientName}
                  {e.priority === "URGENT" && <strong className="error"> · urgent</strong>}
                  {!e.paid && <span className="muted"> · unpaid</span>}
                </td>
                <td>{time(e.scheduledAt)}</td>
                <td data-testid="status">{STATUS_LABEL[e.status]}</td>
                <td>{time(e.estimatedStartAt)}</td>
                <td style={{ textAlign: "right", padding: "0.3rem 0" }}>
                  {canCheckIn && e.status === "BOOKED" && (
                    <button type="button" onClick={() => checkIn.mutate({ appointmentId: e.appointmentId })}>
                      Check in
                    </button>
                  )}
                  {e.status === "CALLED" && (
                    <button type="button" onClick={() => start.mutate({ appointmentId: e.appointmentId })}>
                      Start
                    </button>
                  )}
                  {e.status === "IN_CONSULTATION" && (
                    <button type="button" onClick={() => complete.mutate({ appointmentId: e.appointmentId })}>
                      Complete
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </main>
  );
}
