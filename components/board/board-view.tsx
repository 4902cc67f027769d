"use client";
// The reception board: every doctor's queue for a chosen day, live. Tabs give each queue at a
// glance and choose the one to work on; dialogs book walk-ins, hand out tracking links and send
// notices; toasts report each action.
import { useSearchParams } from "next/navigation";
import { useCallback, useEffect, useId, useRef, useState } from "react";
import { Toaster } from "sonner";
import { Banner } from "../ui/banner";
import { Button, buttonClasses } from "../ui/button";
import { Card } from "../ui/card";
import { focusLost } from "../ui/focus";
import { Skeleton } from "../ui/skeleton";
import { AppointmentDialog, type AppointmentDialogKind } from "./appointment-dialogs";
import { BookDialog } from "./book-dialog";
import { whenText } from "./booking-fields";
import { ClinicNoticeButton } from "./clinic-notice";
import { DateControl } from "./date-control";
import { dayKind } from "./dates";
import { DoctorTabs, tabId } from "./doctor-tabs";
import { EmergencyDialog } from "./emergency-dialog";
import { longDate } from "./format";
import { LiveBadge } from "./live-badge";
import { QueuePanel } from "./queue-panel";
import { type RowAction, rowMenuButton } from "./queue-row";
import { TrackingLinkDialog } from "./tracking-link";
import type { Entry } from "./types";
import { useMinuteClock } from "./use-clock";
import { useLiveBoard } from "./use-live-board";
import { useQueueActions } from "./use-queue-actions";
import { WalkInDialog } from "./walk-in-dialog";

type Open =
  | { kind: "walkIn"; doctorId: string }
  | { kind: "notice"; doctorId: string; mode: "delay" | "emergency" }
  | { kind: "link"; entry: Entry }
  | { kind: "book"; doctorId: string }
  | { kind: "row"; dialog: AppointmentDialogKind; entry: Entry; doctor: { id: string; name: string } }
  | null;

export function BoardView({
  today,
  initialDate,
  timeZone,
  role,
}: {
  today: string;
  /** The day from `?date=` (already checked), or today. */
  initialDate?: string;
  timeZone: string;
  role: "ADMIN" | "RECEPTIONIST" | "DOCTOR";
}) {
  const [date, setDate] = useState(initialDate ?? today);
  const kind = dayKind(date, today);
  // `?doctor=` (a search match opened on the board) chooses the first tab shown.
  const params = useSearchParams();
  const [selected, setSelected] = useState<string | null>(params.get("doctor"));
  useFocusTicket(params.get("ticket"));
  const [open, setOpenState] = useState<Open>(null);
  // Dialogs opened from a row's menu have no trigger of their own: focus goes back where it was.
  const returnFocus = useRef<HTMLElement | null>(null);
  const setOpen = useCallback((next: Open) => {
    if (next) {
      returnFocus.current = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    } else {
      const back = returnFocus.current;
      requestAnimationFrame(() => back?.isConnected && back.focus());
    }
    setOpenState(next);
  }, []);
  const live = useLiveBoard(date);
  const actions = useQueueActions(live);
  const now = useMinuteClock();
  const panelId = useId();

  // Rows call back through a stable function: memoised rows do not re-render for new callbacks.
  const actionsRef = useRef(actions);
  actionsRef.current = actions;
  const liveRef = useRef(live);
  liveRef.current = live;
  const onAction = useCallback(
    (action: RowAction, e: Entry) => {
      const a = actionsRef.current;
      const id = e.appointmentId;
      if (action === "checkIn") a.checkIn(id);
      else if (action === "start") a.start(id);
      else if (action === "complete") a.complete(id);
      else if (action === "noShow") a.noShow(id);
      else if (action === "cancelNoShow") a.cancelNoShow(id);
      else if (action === "restore") a.restore(id);
      else if (
        action === "cancel" ||
        action === "edit" ||
        action === "payment" ||
        action === "reschedule" ||
        action === "late"
      ) {
        const doctor = liveRef.current.queues.find((q) =>
          q.snapshot?.entries.some((x) => x.appointmentId === id),
        )?.doctor;
        if (doctor) setOpen({ kind: "row", dialog: action, entry: e, doctor });
      } else if (action === "urgent") a.setPriority(id, "URGENT");
      else if (action === "normal") a.setPriority(id, "NORMAL");
      else if (action === "undo") a.undo(id);
      else if (action === "link") setOpen({ kind: "link", entry: e });
    },
    [setOpen],
  );

  const queues = live.queues;
  const current = queues.find((q) => q.doctor.id === selected) ?? queues[0];
  useEffect(() => {
    if (!selected && queues[0]) setSelected(queues[0].doctor.id);
  }, [selected, queues]);
  const noticeDoctor =
    open?.kind === "notice" ? queues.find((q) => q.doctor.id === open.doctorId)?.doctor : null;

  return (
    <main className="mx-auto grid max-w-[1200px] gap-2.5 px-4 pt-3 pb-6">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div className="flex flex-wrap items-baseline gap-x-3">
          <h1 className="m-0 text-xl font-bold sm:text-2xl">
            {role === "DOCTOR" ? "Clinic board" : "Reception board"}
          </h1>
          <p className="m-0 text-muted">
            {longDate(date)}
            {kind === "today" ? " · today" : kind === "past" ? " · read only" : ""} · times in {timeZone}
          </p>
        </div>
        <div className="flex flex-wrap items-center gap-2">
          <LiveBadge mode={live.mode} fetching={live.board.isFetching} />
          {kind === "today" && role !== "DOCTOR" && <ClinicNoticeButton />}
          <DateControl date={date} today={today} onChange={setDate} />
          {role !== "DOCTOR" && kind !== "past" && current && (
            <Button variant="primary" onClick={() => setOpen({ kind: "book", doctorId: current.doctor.id })}>
              Book
            </Button>
          )}
          {current && (
            <a
              className={buttonClasses("secondary", "md")}
              href={`/board/print?date=${date}&doctor=${current.doctor.id}`}
              target="_blank"
              rel="noreferrer"
            >
              Print day list
            </a>
          )}
        </div>
      </div>

      <p className="sr-only" aria-live="polite" role="status">
        {live.announcement}
      </p>

      {live.board.isError && !live.data ? (
        <Banner tone="bad" role="alert" title="Could not load the board">
          <div className="flex flex-wrap items-center gap-3">
            <span>{live.board.error.message}</span>
            <Button size="sm" onClick={() => void live.refetch()}>
              Try again
            </Button>
          </div>
        </Banner>
      ) : !live.data ? (
        <BoardSkeleton />
      ) : !current ? (
        <Card>
          <p className="m-0">No doctors are set up for this hospital yet.</p>
        </Card>
      ) : (
        <>
          {live.board.isError && (
            <Banner tone="warn" role="status">
              Could not refresh the board ({live.board.error.message}). Showing what we had; retrying.
            </Banner>
          )}
          <DoctorTabs
            queues={queues}
            selectedId={current.doctor.id}
            onSelect={setSelected}
            highlights={live.highlights}
            panelId={panelId}
            today={kind === "today"}
          />
          <QueuePanel
            id={panelId}
            labelledBy={tabId(current.doctor.id)}
            queue={current}
            live={live}
            actions={actions}
            timeZone={timeZone}
            now={now}
            mayCheckIn={role !== "DOCTOR" && kind !== "past"}
            day={kind}
            onAction={onAction}
            onWalkIn={() =>
              setOpen({ kind: kind === "future" ? "book" : "walkIn", doctorId: current.doctor.id })
            }
            onNotice={(mode) => setOpen({ kind: "notice", doctorId: current.doctor.id, mode })}
          />
        </>
      )}

      {open?.kind === "walkIn" && (
        <WalkInDialog
          doctors={queues.map((q) => q.doctor)}
          initialDoctorId={open.doctorId}
          date={date}
          today={today}
          timeZone={timeZone}
          onClose={() => setOpen(null)}
        />
      )}
      {open?.kind === "link" && (
        <TrackingLinkDialog
          appointmentId={open.entry.appointmentId}
          ticket={open.entry.ticket}
          patientName={open.entry.patientName}
          mayReissue={role !== "DOCTOR"}
          slip={{
            ticket: open.entry.ticket,
            patientName: open.entry.patientName,
            doctorName: current?.doctor.name ?? "",
            when: whenText(date, open.entry.scheduledAt, timeZone),
          }}
          onClose={() => setOpen(null)}
        />
      )}
      {open?.kind === "book" && (
        <BookDialog
          doctors={queues.map((q) => q.doctor)}
          initialDoctorId={open.doctorId}
          date={date}
          today={today}
          timeZone={timeZone}
          onClose={() => setOpen(null)}
        />
      )}
      {open?.kind === "row" && (
        <AppointmentDialog
          kind={open.dialog}
          appointment={{ ...open.entry, doctor: open.doctor, date }}
          timeZone={timeZone}
          today={today}
          onConfirmCancel={() => actions.cancel(open.entry.appointmentId)}
          onClose={() => setOpen(null)}
        />
      )}
      {noticeDoctor && (
        <EmergencyDialog
          doctor={noticeDoctor}
          actions={actions}
          mode={open?.kind === "notice" ? open.mode : "emergency"}
          onClose={() => setOpen(null)}
        />
      )}
      <Toaster position="top-center" offset={64} closeButton duration={5_000} />
    </main>
  );
}

function BoardSkeleton() {
  return (
    <div className="grid gap-4" aria-busy="true">
      <span className="sr-only" role="status">
        Loading the queues…
      </span>
      <div className="grid gap-3 sm:grid-cols-2 lg:grid-cols-3">
        <Skeleton className="h-28" />
        <Skeleton className="h-28" />
        <Skeleton className="h-28" />
      </div>
      <Skeleton className="h-96" />
    </div>
  );
}

/**
 * `?ticket=` (a search match opened on the board): once its row is drawn, its "More" takes the
 * focus, unless the user is already somewhere. Without it the focus stayed on the page's body.
 */
function useFocusTicket(ticket: string | null) {
  const done = useRef(false);
  useEffect(() => {
    if (done.current || !ticket || !/^\d{1,6}$/.test(ticket)) return;
    const more = rowMenuButton(ticket);
    if (!more) return;
    done.current = true;
    if (!focusLost()) return;
    more.scrollIntoView({ block: "center" });
    more.focus();
  });
}
