"use client";
// One doctor's queue on the board: call next and the queue's controls, its notice and pause, a
// refused early check-in to confirm, who is with the doctor, and the table of patients.
import Link from "next/link";
import { Banner } from "../ui/banner";
import { Button, buttonClasses } from "../ui/button";
import { WarningIcon } from "../ui/icons";
import { summaryOf } from "./doctor-tabs";
import { elapsedMinutes } from "./format";
import type { RowAction } from "./queue-row";
import { QueueTable } from "./queue-table";
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
  onAction: (action: RowAction, entry: Entry) => void;
  onWalkIn: () => void;
  onNotice: () => void;
}) {
  const { doctor, snapshot } = queue;
  const entries = snapshot?.entries ?? [];
  const s = summaryOf(queue);
  const early = actions.early?.doctorId === doctor.id ? actions.early : null;
  const notice = snapshot?.notice ?? null;
  const paused = snapshot?.paused ?? null;

  return (
    <section
      id={id}
      role="tabpanel"
      aria-labelledby={labelledBy}
      className="grid gap-3 rounded-[14px] border border-line bg-white pb-1 shadow-xs"
    >
      <div className="flex flex-wrap items-center justify-between gap-3 px-4 pt-4">
        <div>
          <h2 className="m-0 text-xl font-bold">{doctor.name}</h2>
          <p className="m-0 text-muted">
            Room {doctor.room}
            {doctor.specialty ? ` · ${doctor.specialty}` : ""} · {worksLine(doctor.hours)} · {s.waiting}{" "}
            waiting, {s.present} here, {s.done} seen
          </p>
        </div>
        <div className="flex flex-wrap items-center gap-2">
          <Button
            size="lg"
            variant="primary"
            disabled={actions.callingNext}
            onClick={() => actions.callNext(doctor.id)}
          >
            Call next
          </Button>
          <Button onClick={onWalkIn}>Walk-in</Button>
          <Button onClick={onNotice}>{notice ? "New notice" : "Emergency notice"}</Button>
          {paused ? (
            <Button disabled={actions.pausing} onClick={() => actions.resume(doctor.id)}>
              Resume queue
            </Button>
          ) : (
            <Button
              disabled={actions.pausing}
              onClick={() => actions.pause(doctor.id, "Paused at reception")}
            >
              Pause queue
            </Button>
          )}
          <Link href={`/doctor?doctor=${doctor.id}`} className={buttonClasses("ghost", "md")}>
            Doctor view
          </Link>
        </div>
      </div>

      <div className="grid gap-2 px-4 empty:hidden">
        {early && (
          <Banner tone="warn" role="alert" icon={<WarningIcon />} title={`Ticket ${early.ticket} is early`}>
            <div className="flex flex-wrap items-center gap-3">
              <span>{early.message} Check the patient in now if they are here and can wait.</span>
              <Button size="sm" variant="primary" onClick={() => actions.checkIn(early.appointmentId, true)}>
                Check in anyway
              </Button>
              <Button size="sm" variant="ghost" onClick={actions.dismissEarly}>
                Dismiss
              </Button>
            </div>
          </Banner>
        )}
        {notice && (
          <Banner
            tone={notice.priority === "high" || notice.priority === "critical" ? "bad" : "warn"}
            icon={<WarningIcon />}
            title={`Notice to patients${notice.delayMinutes ? ` · ${notice.delayMinutes} min delay` : ""}`}
            data-testid="board-notice"
          >
            <div className="flex flex-wrap items-center gap-3">
              <span>{notice.message}</span>
              <Button size="sm" onClick={() => actions.clearEmergency(doctor.id)}>
                Clear notice
              </Button>
            </div>
          </Banner>
        )}
        {paused && (
          <Banner tone="bad" title="Queue paused">
            Nobody will be called{paused.reason ? ` (${paused.reason})` : ""}. Patients see that their
            estimate is on hold.
          </Banner>
        )}
      </div>

      <div className="grid gap-3 px-4 sm:grid-cols-2">
        <RoomFact
          label="In the room"
          entry={s.inRoom}
          detail={s.inRoom?.startedAt ? `for ${elapsedMinutes(s.inRoom.startedAt, now)}` : ""}
          empty="Nobody: the room is free."
        />
        <RoomFact
          label="Called, on the way"
          entry={s.called}
          detail={s.called?.calledAt ? `called ${elapsedMinutes(s.called.calledAt, now)} ago` : ""}
          empty={
            s.nextToCall
              ? `Call next brings ticket ${s.nextToCall.ticket} · ${s.nextToCall.patientName}.`
              : "Nobody checked in to call yet."
          }
        />
      </div>

      {!snapshot ? (
        <p className="m-0 px-4 pb-4 text-muted">No appointments for {doctor.name} on this day yet.</p>
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
    <div className="rounded-[12px] border border-line bg-canvas px-3 py-2">
      <p className="m-0 text-sm font-semibold text-muted">{label}</p>
      {entry ? (
        <p className="m-0 text-lg">
          <span className="font-bold">Ticket {entry.ticket}</span> · {entry.patientName}{" "}
          <span className="text-muted">{detail}</span>
        </p>
      ) : (
        <p className="m-0 text-lg text-muted">{empty}</p>
      )}
    </div>
  );
}
