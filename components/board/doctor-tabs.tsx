"use client";
// Every doctor's queue at a glance, as the tabs that choose the queue shown below: who is in the
// room, how many wait and are here, urgent patients, a notice or a pause. Arrow keys move between them.
import { useRef } from "react";
import { cn } from "../ui/cn";
import { Badge } from "../ui/status-chip";
import type { BoardQueue } from "./types";

export function summaryOf(q: BoardQueue) {
  const entries = q.snapshot?.entries ?? [];
  const waiting = entries.filter((e) => e.position !== null && e.position > 0);
  return {
    inRoom: entries.find((e) => e.status === "IN_CONSULTATION") ?? null,
    called: entries.find((e) => e.status === "CALLED") ?? null,
    /** Rule 5: call next takes the first checked-in patient in queue order. */
    nextToCall: entries.find((e) => e.status === "CHECKED_IN") ?? null,
    waiting: waiting.length,
    present: waiting.filter((e) => e.status === "CHECKED_IN").length,
    urgent: waiting.filter((e) => e.priority === "URGENT").length,
    done: entries.filter((e) => e.status === "COMPLETED").length,
  };
}

export const tabId = (doctorId: string) => `doctor-tab-${doctorId}`;

export function DoctorTabs({
  queues,
  selectedId,
  onSelect,
  highlights,
  panelId,
  today = true,
}: {
  queues: BoardQueue[];
  selectedId: string;
  onSelect: (doctorId: string) => void;
  highlights: ReadonlyMap<string, number>;
  panelId: string;
  /** Today: who is in the room and who is here. Another day: only what is booked. */
  today?: boolean;
}) {
  const list = useRef<HTMLDivElement>(null);
  const focusTab = (index: number) => {
    const q = queues[(index + queues.length) % queues.length];
    if (!q) return;
    onSelect(q.doctor.id);
    list.current?.querySelector<HTMLButtonElement>(`#${CSS.escape(tabId(q.doctor.id))}`)?.focus();
  };
  const current = queues.findIndex((q) => q.doctor.id === selectedId);

  return (
    <div
      ref={list}
      role="tablist"
      aria-label="Doctors"
      className="grid gap-3 sm:grid-cols-2 lg:grid-cols-3"
      onKeyDown={(e) => {
        const moves: Record<string, number> = {
          ArrowRight: current + 1,
          ArrowDown: current + 1,
          ArrowLeft: current - 1,
          ArrowUp: current - 1,
          Home: 0,
          End: queues.length - 1,
        };
        const to = moves[e.key];
        if (to === undefined) return;
        e.preventDefault();
        focusTab(to);
      }}
    >
      {queues.map((q) => {
        const s = summaryOf(q);
        const selected = q.doctor.id === selectedId;
        const flash = highlights.has(`doctor:${q.doctor.id}`);
        const notice = q.snapshot?.notice;
        return (
          <button
            key={q.doctor.id}
            id={tabId(q.doctor.id)}
            type="button"
            role="tab"
            aria-selected={selected}
            aria-controls={panelId}
            tabIndex={selected ? 0 : -1}
            onClick={() => onSelect(q.doctor.id)}
            className={cn(
              "grid cursor-pointer gap-1 rounded-[14px] border-2 px-3 py-1 text-left transition-colors duration-700",
              selected ? "border-brand bg-white shadow-sm" : "border-line bg-white hover:border-[#9fb1bd]",
              flash && "bg-warn-soft",
            )}
          >
            <span className="flex items-baseline justify-between gap-2">
              <span className="text-lg font-bold text-ink">{q.doctor.name}</span>
              <span className="shrink-0 text-sm font-semibold text-muted">Room {q.doctor.room}</span>
            </span>
            <span className="flex flex-wrap items-center gap-1.5 text-sm">
              {today && (
                <span className="mr-1 text-ink">
                  {s.inRoom ? (
                    <>
                      <span className="font-semibold">In room:</span> {s.inRoom.ticket} ·{" "}
                      {s.inRoom.patientName}
                    </>
                  ) : s.called ? (
                    <>
                      <span className="font-semibold">Called:</span> {s.called.ticket} ·{" "}
                      {s.called.patientName}
                    </>
                  ) : (
                    <span className="text-muted">Room free</span>
                  )}
                </span>
              )}
              <Badge tone={s.waiting ? "info" : "neutral"}>
                {s.waiting} {today ? "waiting" : "booked"}
              </Badge>
              {today && <Badge>{s.present} here</Badge>}
              {s.urgent > 0 && <Badge tone="bad">{s.urgent} urgent</Badge>}
              {notice && (
                <Badge tone="warn">
                  {notice.delayMinutes ? `Delay ${notice.delayMinutes} min` : "Notice"}
                </Badge>
              )}
              {q.snapshot?.paused && <Badge tone="bad">Paused</Badge>}
            </span>
          </button>
        );
      })}
    </div>
  );
}
