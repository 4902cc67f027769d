"use client";
// The doctor's screen: who is in the room and for how long, call next / start / complete, who is
// next, a delay to announce, a pause, and today as 1-hour slots. A doctor sees their own queue;
// reception and admins choose a doctor.
import { useQuery } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { Toaster } from "sonner";
import { DateControl } from "../board/date-control";
import { dayKind, NOT_YET_REASON, PAUSE_REASONS, READ_ONLY_REASON } from "../board/dates";
import { EmergencyDialog } from "../board/emergency-dialog";
import { EntryMarkers } from "../board/entry-markers";
import { clockTime, longDate, shortDuration } from "../board/format";
import { LiveBadge } from "../board/live-badge";
import type { SlotDay } from "../board/types";
import { useMinuteClock } from "../board/use-clock";
import { useLiveBoard } from "../board/use-live-board";
import { useQueueActions } from "../board/use-queue-actions";
import { useTRPC } from "../trpc";
import { Banner } from "../ui/banner";
import { Button } from "../ui/button";
import { Card, CardTitle } from "../ui/card";
import { Field, Select } from "../ui/field";
import { WarningIcon } from "../ui/icons";
import { Skeleton } from "../ui/skeleton";
import { StatusChip } from "../ui/status-chip";
import { RoomPanel } from "./room-panel";
import { SlotTimeline } from "./slot-timeline";
import { WeekOverview } from "./week-overview";

export function DoctorView({
  today,
  initialDate,
  timeZone,
  ownDoctorId,
  initialDoctorId,
}: {
  today: string;
  /** The day from `?date=` (already checked), or today. */
  initialDate?: string;
  timeZone: string;
  /** A doctor's own id: they see only their queue. Null for reception and admins. */
  ownDoctorId: string | null;
  initialDoctorId: string | null;
}) {
  const trpc = useTRPC();
  const [date, setDate] = useState(initialDate ?? today);
  const kind = dayKind(date, today);
  const live = useLiveBoard(date);
  const actions = useQueueActions(live);
  const now = useMinuteClock();
  const [chosen, setChosen] = useState<string | null>(ownDoctorId ?? initialDoctorId);
  const [delayOpen, setDelayOpen] = useState(false);
  const [reason, setReason] = useState<string>(PAUSE_REASONS[0]);

  const queues = live.queues;
  const queue =
    queues.find((q) => q.doctor.id === (ownDoctorId ?? chosen)) ?? (ownDoctorId ? undefined : queues[0]);
  const doctorId = queue?.doctor.id ?? null;
  const snapshot = queue?.snapshot ?? null;

  // The chosen doctor stays in the address, so a reload or a shared link shows the same queue.
  useEffect(() => {
    if (ownDoctorId || !doctorId) return;
    const url = new URL(window.location.href);
    if (url.searchParams.get("doctor") === doctorId) return;
    url.searchParams.set("doctor", doctorId);
    window.history.replaceState(null, "", url);
  }, [ownDoctorId, doctorId]);

  const slots = useQuery({
    ...trpc.slots.slotBased.queryOptions({ doctorId: doctorId ?? "", date }),
    enabled: !!doctorId,
  });
  const day = slots.data as SlotDay | undefined;
  // The timeline follows the live queue: a newer queue version refetches it.
  const { refetch } = slots;
  const version = snapshot?.version ?? 0;
  useEffect(() => {
    if (day && version > day.version) void refetch();
  }, [version, day, refetch]);

  const header = (
    <div className="flex flex-wrap items-end justify-between gap-3">
      <div>
        <h1 className="m-0 text-2xl font-bold">
          {queue ? (ownDoctorId ? "My day" : queue.doctor.name) : "Doctor"}
        </h1>
        <p className="m-0 text-muted">
          {longDate(date)}
          {kind === "today" ? " · today" : kind === "past" ? " · read only" : ""}
          {queue ? ` · ${queue.doctor.name} · Room ${queue.doctor.room}` : ""}
        </p>
      </div>
      <div className="flex flex-wrap items-end gap-3">
        <LiveBadge mode={live.mode} fetching={live.board.isFetching} />
        <DateControl date={date} today={today} onChange={setDate} />
        {!ownDoctorId && queues.length > 0 && (
          <Field label="Doctor" className="min-w-56">
            <Select value={doctorId ?? ""} onChange={(e) => setChosen(e.target.value)}>
              {queues.map((q) => (
                <option key={q.doctor.id} value={q.doctor.id}>
                  {q.doctor.name} · Room {q.doctor.room}
                </option>
              ))}
            </Select>
          </Field>
        )}
      </div>
    </div>
  );

  let body: React.ReactNode;
  if (live.board.isError && !live.data) {
    body = (
      <Banner tone="bad" role="alert" title="Could not load the queue">
        <div className="flex flex-wrap items-center gap-3">
          <span>{live.board.error.message}</span>
          <Button size="sm" onClick={() => void live.refetch()}>
            Try again
          </Button>
        </div>
      </Banner>
    );
  } else if (!live.data) {
    body = (
      <div className="grid gap-4 lg:grid-cols-[1fr_1fr]" aria-busy="true">
        <span className="sr-only" role="status">
          Loading your queue…
        </span>
        <Skeleton className="h-56" />
        <Skeleton className="h-56" />
        <Skeleton className="h-80 lg:col-span-2" />
      </div>
    );
  } else if (!queue || !doctorId) {
    body = (
      <Banner tone="warn" role="status" title="No queue to show">
        {ownDoctorId
          ? "Your account is not linked to a doctor of this hospital. Ask an admin to link it."
          : "No doctors are set up for this hospital yet."}
      </Banner>
    );
  } else {
    const notice = snapshot?.notice ?? null;
    const paused = snapshot?.paused ?? null;
    const past = kind === "past";
    const callBlocked = past
      ? READ_ONLY_REASON
      : kind === "future"
        ? NOT_YET_REASON
        : paused
          ? "Your queue is paused: resume it to call the next patient."
          : null;
    // In the order they are expected to be seen (rule 9): the times then never go down the list.
    // The first six, and further down anyone with a no-show scheduled ahead (it can be taken back here).
    const next = (snapshot?.entries ?? [])
      .filter((e) => e.place !== null && e.place > 0)
      .sort((a, b) => (a.place ?? 0) - (b.place ?? 0))
      .filter((e, i) => i < 6 || (e.status === "BOOKED" && e.noShowDueAt));
    body = (
      <>
        {notice && (
          <Banner
            tone={notice.priority === "high" || notice.priority === "critical" ? "bad" : "warn"}
            icon={<WarningIcon />}
            title={`Your patients see: ${notice.delayMinutes ? `running ${notice.delayMinutes} min late` : "a notice"}`}
            data-testid="doctor-notice"
          >
            <div className="flex flex-wrap items-center gap-3">
              <span>{notice.message}</span>
              {!past && (
                <Button size="sm" onClick={() => actions.clearEmergency(doctorId)}>
                  Clear delay
                </Button>
              )}
            </div>
          </Banner>
        )}
        {paused && (
          <Banner tone="bad" title="Your queue is paused" data-testid="doctor-paused">
            <div className="flex flex-wrap items-center gap-3">
              <span>
                Nobody will be called{paused.reason ? ` (${paused.reason})` : ""}; patients see that their
                time is on hold.
              </span>
              {!past && (
                <Button
                  size="sm"
                  variant="primary"
                  disabled={actions.pausing}
                  onClick={() => actions.resume(doctorId)}
                >
                  Resume
                </Button>
              )}
            </div>
          </Banner>
        )}
        <div className="grid gap-4 lg:grid-cols-[3fr_2fr]">
          <RoomPanel
            snapshot={snapshot}
            actions={actions}
            doctorId={doctorId}
            timeZone={timeZone}
            now={now}
            readOnly={past}
            callBlocked={callBlocked}
          />
          {kind === "today" ? (
            <Card className="grid content-start gap-3" aria-labelledby="running-title">
              <CardTitle id="running-title">Running late or stepping out?</CardTitle>
              <p className="m-0 text-muted">
                A delay reaches every waiting patient's phone at once and moves their expected time.
              </p>
              <div>
                <Button variant="primary" onClick={() => setDelayOpen(true)}>
                  Announce a delay
                </Button>
              </div>
              {!paused && (
                <form
                  className="flex flex-wrap items-end gap-2 border-t border-line pt-3"
                  onSubmit={(e) => {
                    e.preventDefault();
                    actions.pause(doctorId, reason);
                  }}
                >
                  <Field label="Pause reason" className="min-w-44 flex-1">
                    <Select value={reason} onChange={(e) => setReason(e.target.value)}>
                      {PAUSE_REASONS.map((r) => (
                        <option key={r}>{r}</option>
                      ))}
                    </Select>
                  </Field>
                  <Button type="submit" disabled={actions.pausing}>
                    Pause queue
                  </Button>
                </form>
              )}
            </Card>
          ) : null}
        </div>

        <Card className="grid gap-2" aria-labelledby="next-title">
          <CardTitle id="next-title">Next in line</CardTitle>
          {next.length === 0 ? (
            <p className="m-0 text-muted">{past ? "No patients on this day." : "Nobody is waiting."}</p>
          ) : (
            <ol className="m-0 grid list-none gap-1 p-0">
              {next.map((e) => (
                <li
                  key={e.appointmentId}
                  data-testid={`next-${e.ticket}`}
                  className="flex flex-wrap items-center gap-2 border-t border-line py-1.5 first:border-t-0"
                >
                  <span className="w-8 text-lg font-bold tabular-nums">{e.place}</span>
                  <span className="font-semibold">
                    Ticket {e.ticket} · {e.patientName}
                  </span>
                  <StatusChip status={e.status} />
                  <EntryMarkers
                    entry={e}
                    now={now}
                    noShow={{
                      timeZone,
                      onCancel: past ? undefined : () => actions.cancelNoShow(e.appointmentId),
                    }}
                  />
                  <span className="ml-auto text-sm text-muted tabular-nums">
                    {clockTime(e.scheduledAt, timeZone)} booked
                    {/* A wait from now means nothing on a later day: the booked time says it. */}
                    {kind === "future"
                      ? ""
                      : e.estimatedWaitMinutes === 0
                        ? " · next up"
                        : e.estimatedWaitMinutes != null
                          ? ` · in ~${shortDuration(e.estimatedWaitMinutes)}`
                          : ""}
                  </span>
                </li>
              ))}
            </ol>
          )}
        </Card>

        <Card className="grid gap-3" aria-labelledby="timeline-title">
          <div className="flex flex-wrap items-baseline justify-between gap-2">
            <CardTitle id="timeline-title">{kind === "today" ? "Today" : "The day"} by the hour</CardTitle>
            {slots.isFetching && <span className="text-sm text-muted">Updating…</span>}
          </div>
          <SlotTimeline
            day={day}
            loading={slots.isPending}
            error={slots.isError ? slots.error.message : null}
            now={now}
          />
        </Card>
        <WeekOverview doctorId={doctorId} date={date} today={today} onChoose={setDate} />
        {delayOpen && (
          <EmergencyDialog
            doctor={queue.doctor}
            actions={actions}
            mode="delay"
            onClose={() => setDelayOpen(false)}
          />
        )}
      </>
    );
  }

  return (
    <main className="mx-auto grid max-w-[1200px] gap-4 px-4 py-6">
      {header}
      <p className="sr-only" aria-live="polite" role="status">
        {live.announcement}
      </p>
      {body}
      <Toaster position="top-center" offset={64} closeButton duration={5_000} />
    </main>
  );
}
