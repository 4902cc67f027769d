"use client";
// One doctor's queue on the board: call next and the queue's controls, its notice and pause, a
// refused early check-in to confirm, who is with the doctor, and the table of patients.
import Link from "next/link";
import { useEffect, useRef } from "react";
import { Banner } from "../ui/banner";
import { Button, buttonClasses } from "../ui/button";
import { cn } from "../ui/cn";
import { WarningIcon } from "../ui/icons";
import { type DayKind, NOT_YET_REASON, PAUSE_REASONS, READ_ONLY_REASON } from "./dates";
import { summaryOf } from "./doctor-tabs";
import { elapsedMinutes } from "./format";
import { focusRowIfLost, type RowAction } from "./queue-row";
import { QueueTable } from "./queue-table";
import { RowMenu } from "./row-menu";
import type { BoardQueue, Entry } from "./types";
import type { LiveBoard } from "./use-live-board";
import type { QueueActions } from "./use-queue-actions";

/** "works 09:00–12:30, 13:30–17:00", or why not that day. */
function worksLine(hours: { dayOff: boolean; periods: { start: string; end: string }[] }): string {
  if (hours.dayOff) return "day off";
  if (hours.periods.length === 0) return "not working this day";
  return `works ${hours.periods.map((p) => `${p.start}–${p.end}`).join(", ")}`;
}

export function QueuePanel({
  id,
  labelledBy,
  queue,
  live,
  actions,
  timeZone,
  now,
  mayCheckIn,
  day = "today",
  onAction,
  onWalkIn,
  onNotice,
}: {
  id: string;
  labelledBy: string;
  queue: BoardQueue;
  live: LiveBoard;
  actions: QueueActions;
  timeZone: string;
  now: number;
  mayCheckIn: boolean;
  /** A past day is read only; on a later day nobody can be called yet. */
  day?: DayKind;
  onAction: (action: RowAction, entry: Entry) => void;
  onWalkIn: () => void;
  onNotice: (mode: "delay" | "emergency") => void;
}) {
  const { doctor, snapshot } = queue;
  const entries = snapshot?.entries ?? [];
  const s = summaryOf(queue);
  // The early-arrival question lasts while its patient is still booked on the day shown.
  const early =
    actions.early?.doctorId === doctor.id &&
    entries.some((e) => e.appointmentId === actions.early?.appointmentId && e.status === "BOOKED")
      ? actions.early
      : null;
  // The question shows above the list: on a phone the card tapped can be a screen further down, so
  // the question is brought into view (it seemed the tap did nothing).
  const earlyRef = useRef<HTMLDivElement>(null);
  const earlyId = early?.appointmentId;
  useEffect(() => {
    // Smooth only for those who want motion (the stylesheet's reduced-motion rule does not reach a script).
    const still = window.matchMedia?.("(prefers-reduced-motion: reduce)").matches;
    if (earlyId) earlyRef.current?.scrollIntoView({ block: "nearest", behavior: still ? "auto" : "smooth" });
    // The question answers the Check in just pressed: its answer takes the focus, as a dialog's would.
    if (earlyId)
      earlyRef.current?.querySelector<HTMLElement>("[data-answer]")?.focus({ preventScroll: true });
  }, [earlyId]);
  const notice = snapshot?.notice ?? null;
  const paused = snapshot?.paused ?? null;
  const past = day === "past";
  const callBlocked = past
    ? READ_ONLY_REASON
    : day === "future"
      ? NOT_YET_REASON
      : paused
        ? "The queue is paused: resume it to call."
        : null;

  return (
    <section
      id={id}
      role="tabpanel"
      aria-labelledby={labelledBy}
      className="grid gap-2 rounded-[14px] border border-line bg-white pb-1 shadow-xs"
    >
      <div className="flex flex-wrap items-center justify-between gap-2 px-4 pt-3">
        <div className="flex flex-wrap items-baseline gap-x-3">
          <h2 className="m-0 text-xl font-bold">
            {doctor.name}
            {queue.checkInCode && (
              <span data-testid="board-check-in-code" className="ml-3 text-sm font-normal text-muted">
                Check-in code: <span className="font-mono font-bold text-ink">{queue.checkInCode.code}</span>
              </span>
            )}
          </h2>
          <p className="m-0 text-muted">
            Room {doctor.room}
            {doctor.specialty ? ` · ${doctor.specialty}` : ""} ·{" "}
            {worksLine(snapshot?.doctor.hours ?? doctor.hours)} · {s.done} seen
          </p>
        </div>
        <div className="flex flex-wrap items-center gap-2">
          {past ? (
            <p className="m-0 font-semibold text-muted" data-testid="read-only">
              {READ_ONLY_REASON}
            </p>
          ) : (
            <>
              {paused && day === "today" && (
                <Button
                  size="lg"
                  variant="primary"
                  disabled={actions.pausing}
                  onClick={() => actions.resume(doctor.id)}
                >
                  Resume queue
                </Button>
              )}
              <Button
                size="md"
                variant={paused && day === "today" ? "secondary" : "primary"}
                unavailable={actions.callingNext || !!callBlocked}
                title={callBlocked ?? undefined}
                aria-describedby={callBlocked ? `${id}-call-why` : undefined}
                onClick={() => actions.callNext(doctor.id)}
              >
                Call next
              </Button>
              {callBlocked && (
                <span id={`${id}-call-why`} className="text-sm text-muted" data-testid="call-next-why">
                  {callBlocked}
                </span>
              )}
              <Button onClick={onWalkIn}>{day === "future" ? "Book" : "Walk-in"}</Button>
              {day === "today" && (
                // A late doctor is not an emergency: the calm notice first, as on the doctor's page.
                <>
                  <Button onClick={() => onNotice("delay")}>Announce a delay</Button>
                  <Button onClick={() => onNotice("emergency")}>
                    {notice ? "New notice" : "Emergency notice"}
                  </Button>
                </>
              )}
              {day === "today" && !paused && (
                // The pause reasons of the doctor's page (one list): choosing one pauses.
                <RowMenu
                  label="Pause queue: choose a reason"
                  trigger="Pause queue"
                  items={PAUSE_REASONS.map((r) => ({
                    label: r,
                    onSelect: () => !actions.pausing && actions.pause(doctor.id, r),
                  }))}
                />
              )}
            </>
          )}
          <Link
            href={`/doctor?doctor=${doctor.id}${day === "today" ? "" : `&date=${live.date}`}`}
            className={buttonClasses("ghost", "md")}
          >
            Doctor view
          </Link>
        </div>
      </div>

      <div className="grid gap-2 px-4 empty:hidden">
        {early && (
          <div ref={earlyRef} className="scroll-mt-4">
            <Banner tone="warn" role="alert" icon={<WarningIcon />} title={`Ticket ${early.ticket} is early`}>
              <div className="flex flex-wrap items-center gap-3">
                <span>{early.message} Check the patient in now if they are here and can wait.</span>
                <Button
                  size="sm"
                  variant="primary"
                  data-answer
                  onClick={() => {
                    actions.checkIn(early.appointmentId, true);
                    focusRowIfLost(early.ticket);
                  }}
                >
                  Check in anyway
                </Button>
                <Button
                  size="sm"
                  variant="ghost"
                  onClick={() => {
                    actions.dismissEarly();
                    focusRowIfLost(early.ticket);
                  }}
                >
                  Dismiss
                </Button>
              </div>
            </Banner>
          </div>
        )}
        {(notice || paused) && (
          // The queue's state in one status line: paused, and the notice patients see.
          <div
            role="status"
            data-testid="queue-status"
            className={cn(
              "flex flex-wrap items-center gap-x-3 gap-y-1 rounded-[12px] border px-3 py-1.5",
              paused || notice?.priority === "high" || notice?.priority === "critical"
                ? "border-[#f2b8bd] bg-bad-soft text-bad"
                : "border-[#f0d58c] bg-warn-soft text-warn",
            )}
          >
            <WarningIcon />
            {paused && (
              <span>
                <strong>Queue paused</strong>
                {paused.reason ? ` (${paused.reason})` : ""}: nobody will be called; patients see their
                estimate on hold.
              </span>
            )}
            {notice && (
              <span data-testid="board-notice" className="inline-flex flex-wrap items-center gap-2">
                <span>
                  <strong>
                    Notice to patients{notice.delayMinutes ? ` · ${notice.delayMinutes} min delay` : ""}:
                  </strong>{" "}
                  {notice.message}
                </span>
                {!past && (
                  <Button size="sm" onClick={() => actions.clearEmergency(doctor.id)}>
                    Clear notice
                  </Button>
                )}
              </span>
            )}
          </div>
        )}
      </div>

      {/* Who is in the room and who is called is today's alone: a past day's room is empty, and a
          later day's has not opened (nobody can be called before it). */}
      {!past && (
        <div className="flex flex-wrap gap-x-2 gap-y-1 px-4 text-sm">
          {day === "today" && (
            <>
              <RoomFact
                label="In the room"
                entry={s.inRoom}
                detail={s.inRoom?.startedAt ? `for ${elapsedMinutes(s.inRoom.startedAt, now)}` : ""}
                empty="Nobody: the room is free."
              />
              <RoomFact
                label="Called"
                entry={s.called}
                detail={s.called?.calledAt ? `called ${elapsedMinutes(s.called.calledAt, now)} ago` : ""}
                empty={
                  s.nextToCall
                    ? `nobody; next is ticket ${s.nextToCall.ticket} · ${s.nextToCall.patientName}.`
                    : "Nobody checked in to call yet."
                }
              />
            </>
          )}
          {snapshot && (
            <p className="m-0 self-center text-xs text-muted" data-testid="check-in-window">
              Check-in opens {snapshot.checkInWindowMinutes} min before the appointment's hour starts.
            </p>
          )}
        </div>
      )}

      {!snapshot ? (
        <p className="m-0 px-4 pb-4 text-muted">
          {past ? "No patients on this day." : `No appointments for ${doctor.name} on this day yet.`}
        </p>
      ) : (
        <QueueTable
          doctorName={doctor.name}
          date={snapshot.date}
          entries={entries}
          timeZone={timeZone}
          now={now}
          highlights={live.highlights}
          finishedAt={live.finishedAt}
          mayCheckIn={mayCheckIn}
          future={day === "future"}
          readOnly={past}
          onAction={onAction}
          onMove={actions.move}
        />
      )}
    </section>
  );
}

function RoomFact({
  label,
  entry,
  detail,
  empty,
}: {
  label: string;
  entry: Entry | null;
  detail: string;
  empty: string;
}) {
  return (
    <p className="m-0 rounded-[10px] border border-line bg-canvas px-2.5 py-0.5">
      <span className="text-sm font-semibold text-muted">{label}: </span>
      {entry ? (
        <>
          <span className="font-bold">Ticket {entry.ticket}</span> · {entry.patientName}{" "}
          <span className="text-muted">{detail}</span>
        </>
      ) : (
        <span className="text-muted">{empty}</span>
      )}
    </p>
  );
}
