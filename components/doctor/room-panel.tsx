"use client";
// Who is in the doctor's room and for how long (a ticking timer), who has been called, and the one
// next step: complete, start, or call the next patient.
import { useEffect, useRef } from "react";
import { EntryMarkers } from "../board/entry-markers";
import { clockTime, elapsed } from "../board/format";
import type { Entry, Snapshot } from "../board/types";
import { useSecondsSince } from "../board/use-clock";
import type { QueueActions } from "../board/use-queue-actions";
import { Button } from "../ui/button";
import { Card, CardTitle } from "../ui/card";
import { focusIfLost, focusLost } from "../ui/focus";

/** After a step its button goes: the focus moves to the next step's (Start, then Complete, then Call next). */
const focusStep = (step: "call-next" | "complete") =>
  focusIfLost(() => document.querySelector<HTMLElement>(`[data-step="${step}"]`));

function RoomTimer({ since }: { since: Date }) {
  const sinceMs = new Date(since).getTime();
  const seconds = useSecondsSince(sinceMs);
  return (
    <span className="font-mono text-4xl font-bold tabular-nums text-brand-strong" data-testid="room-timer">
      {elapsed(sinceMs, sinceMs + seconds * 1_000)}
    </span>
  );
}

export function RoomPanel({
  snapshot,
  actions,
  doctorId,
  timeZone,
  now,
  readOnly = false,
  callBlocked = null,
}: {
  snapshot: Snapshot | null;
  /** A past day: nothing can be changed. */
  readOnly?: boolean;
  /** Why Call next cannot be used now (paused, a later day, a past day), or null. */
  callBlocked?: string | null;
  actions: QueueActions;
  doctorId: string;
  timeZone: string;
  now: number;
}) {
  const entries = snapshot?.entries ?? [];
  const inRoom = entries.find((e) => e.status === "IN_CONSULTATION") ?? null;
  const called = entries.find((e) => e.status === "CALLED") ?? null;
  const present = entries.filter((e) => e.status === "CHECKED_IN").length;
  // Rule 5: call next takes the first checked-in patient in queue order.
  const nextToCall = entries.find((e) => e.status === "CHECKED_IN") ?? null;
  const waiting = entries.filter((e) => e.position !== null && e.position > 0).length;
  // After Call next (which then cannot be used), the focus goes on to the called patient's Start.
  const calling = useRef(false);
  const calledId = called?.appointmentId;
  useEffect(() => {
    if (!calling.current || !calledId) return;
    calling.current = false;
    const active = document.activeElement;
    if (focusLost() || active?.getAttribute("data-step") === "call-next")
      document.querySelector<HTMLElement>('[data-step="start"]')?.focus();
  }, [calledId]);

  return (
    <Card className="grid gap-4" aria-labelledby="room-title">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <CardTitle id="room-title">In the room</CardTitle>
        {!readOnly && (
          <Button
            size="lg"
            variant={inRoom || called || callBlocked ? "secondary" : "primary"}
            unavailable={actions.callingNext || !!callBlocked}
            aria-describedby={callBlocked ? "room-call-why" : undefined}
            onClick={() => {
              actions.callNext(doctorId);
              calling.current = true;
            }}
            data-step="call-next"
          >
            Call next
          </Button>
        )}
      </div>
      {callBlocked && (
        <p id="room-call-why" className="m-0 font-semibold text-muted" data-testid="call-next-why">
          {callBlocked}
        </p>
      )}

      {inRoom ? (
        <PatientLine entry={inRoom} now={now} testId="in-room">
          <div className="grid justify-items-start gap-1">
            <span className="text-sm font-semibold text-muted">
              Consultation time · since {clockTime(inRoom.startedAt, timeZone)}
            </span>
            {inRoom.startedAt && <RoomTimer since={inRoom.startedAt} />}
          </div>
          {!readOnly && (
            <Button
              size="lg"
              variant="primary"
              data-step="complete"
              onClick={() => {
                actions.complete(inRoom.appointmentId);
                focusStep("call-next");
              }}
            >
              Complete
            </Button>
          )}
        </PatientLine>
      ) : (
        <p className="m-0 text-xl text-muted" data-testid="in-room">
          The room is free.
        </p>
      )}

      {called && (
        <div className="grid gap-2 border-t border-line pt-3">
          <p className="m-0 text-sm font-semibold text-muted">
            Called at {clockTime(called.calledAt, timeZone)}, on the way
          </p>
          <PatientLine entry={called} now={now} testId="called">
            <div className={readOnly ? "hidden" : "flex flex-wrap gap-2"}>
              <Button
                variant="primary"
                data-step="start"
                onClick={() => {
                  actions.start(called.appointmentId);
                  focusStep("complete");
                }}
              >
                Start
              </Button>
              <Button
                onClick={() => {
                  actions.noShow(called.appointmentId);
                  focusStep("call-next");
                }}
              >
                Not here (no-show)
              </Button>
            </div>
          </PatientLine>
        </div>
      )}

      <p className="m-0 text-muted" role="status" data-testid="next-to-call">
        {waiting === 0
          ? "Nobody is waiting."
          : `${waiting} waiting, ${present} of them checked in. ${
              nextToCall
                ? `Call next brings ticket ${nextToCall.ticket} · ${nextToCall.patientName}.`
                : "Nobody to call until someone checks in."
            }`}
      </p>
    </Card>
  );
}

function PatientLine({
  entry,
  now,
  testId,
  children,
}: {
  entry: Entry;
  now: number;
  testId: string;
  children: React.ReactNode;
}) {
  return (
    <div className="flex flex-wrap items-center justify-between gap-4" data-testid={testId}>
      <div className="grid gap-1">
        <p className="m-0 text-2xl font-bold">
          Ticket {entry.ticket} · {entry.patientName}
        </p>
        <div className="flex flex-wrap gap-1.5">
          <EntryMarkers entry={entry} now={now} />
        </div>
      </div>
      {children}
    </div>
  );
}
