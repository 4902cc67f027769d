"use client";
// One patient on the board: place, ticket, name with its markers, status, expected time and the
// actions that fit the status. Waiting rows can be dragged (or moved by keyboard) to a new place.
import { useSortable } from "@dnd-kit/sortable";
import { CSS } from "@dnd-kit/utilities";
import { memo } from "react";
import { ordinal } from "@/server/domain/snapshot";
import { Button } from "../ui/button";
import { cn } from "../ui/cn";
import { focusIfLost } from "../ui/focus";
import { StatusChip } from "../ui/status-chip";
import { EntryMarkers } from "./entry-markers";
import { clockTime, shortDuration } from "./format";
import { RowMenu } from "./row-menu";
import { type Entry, isWaiting } from "./types";

export type RowAction =
  | "checkIn"
  | "start"
  | "complete"
  | "noShow"
  | "cancelNoShow"
  | "restore"
  | "cancel"
  | "urgent"
  | "normal"
  | "undo"
  | "link"
  | "edit"
  | "payment"
  | "reschedule"
  | "late";

type RowProps = {
  entry: Entry;
  timeZone: string;
  /** Minute-rounded clock, for the early and late markers. */
  now: number;
  highlighted: boolean;
  undoable: boolean;
  mayCheckIn: boolean;
  /** A day still to come: no "Check in" (the server refuses it, forced or not). */
  future?: boolean;
  /** A past day: only the tracking link is offered. */
  readOnly?: boolean;
  sortable: boolean;
  onAction: (action: RowAction, entry: Entry) => void;
};

/** What the patient is told; on a later day the expected time alone (a wait from now means nothing there). */
function expected(e: Entry, timeZone: string, future: boolean) {
  if (e.status === "IN_CONSULTATION" && e.startedAt) return `since ${clockTime(e.startedAt, timeZone)}`;
  if (e.status === "CALLED" && e.calledAt) return `called ${clockTime(e.calledAt, timeZone)}`;
  if (e.status === "COMPLETED" && e.endedAt) return `done ${clockTime(e.endedAt, timeZone)}`;
  if (!e.estimatedStartAt) return "";
  // What the patient is told (rule 9): their place in the expected order, then the time.
  const told = e.place ? `${ordinal(e.place)} · ` : "";
  const wait = future ? null : e.estimatedWaitMinutes;
  if (wait === 0) return `${told}${clockTime(e.estimatedStartAt, timeZone)} · now`;
  return `${told}${clockTime(e.estimatedStartAt, timeZone)}${wait != null ? ` · ~${shortDuration(wait)}` : ""}`;
}

/** The place in the waiting line; a called patient or one in the room has none (the status chip says which). */
function place(e: Entry) {
  return e.position && e.status !== "CALLED" && e.status !== "IN_CONSULTATION" ? String(e.position) : "—";
}

/** After a row's button went away (or a question about it was answered), the focus goes to its "More". */
export function focusRowIfLost(ticket: number) {
  focusIfLost(() => rowMenuButton(ticket));
}

/** A drawn row's "More" button, or null. */
export function rowMenuButton(ticket: number | string): HTMLElement | null {
  return document.querySelector<HTMLElement>(
    `[data-testid="entry-${ticket}"] button[aria-label="More for ticket ${ticket}"]`,
  );
}

/** A row's own action, named with its ticket: a list of buttons reads "Check in ticket 12", not ten "Check in". */
function RowButton({
  ticket,
  onClick,
  variant = "primary",
  children,
}: {
  ticket: number;
  onClick: () => void;
  variant?: "primary" | "secondary";
  children: React.ReactNode;
}) {
  return (
    <Button size="sm" variant={variant} onClick={onClick}>
      {children}
      <span className="sr-only"> ticket {ticket}</span>
    </Button>
  );
}

function QueueRowView({
  entry: e,
  timeZone,
  now,
  highlighted,
  undoable,
  mayCheckIn,
  future = false,
  readOnly = false,
  sortable,
  onAction,
}: RowProps) {
  const drag = useSortable({ id: e.appointmentId, disabled: !sortable });
  const style = sortable
    ? {
        transform: CSS.Translate.toString(drag.transform ? { ...drag.transform, x: 0 } : null),
        transition: drag.transition,
      }
    : undefined;
  const act = (action: RowAction) => () => onAction(action, e);
  // Check in, Start, Complete, Restore and Undo go away once pressed: the focus stays on the row.
  const actKeepingFocus = (action: RowAction) => () => {
    onAction(action, e);
    focusRowIfLost(e.ticket);
  };
  const waiting = isWaiting(e);
  const open = waiting || e.status === "CALLED" || e.status === "IN_CONSULTATION";
  // On a past day the row's changes are gone: only the tracking link is left.
  const acts = !readOnly;

  return (
    <tr
      ref={sortable ? drag.setNodeRef : undefined}
      style={style}
      data-testid={`entry-${e.ticket}`}
      data-highlighted={highlighted || undefined}
      className={cn(
        "border-t border-line transition-colors duration-700",
        highlighted ? "bg-warn-soft" : e.status === "IN_CONSULTATION" ? "bg-brand-soft/60" : "bg-white",
        drag.isDragging && "relative z-10 shadow-lg",
        !open && "text-muted",
      )}
    >
      <td className="w-10 py-1 pl-2">
        {sortable && (
          <button
            type="button"
            ref={drag.setActivatorNodeRef}
            {...drag.attributes}
            {...drag.listeners}
            aria-label={`Move ticket ${e.ticket}, position ${e.position}`}
            className="grid size-9 cursor-grab touch-none place-items-center rounded-lg text-xl leading-none text-muted hover:bg-canvas active:cursor-grabbing"
          >
            <span aria-hidden>⠿</span>
          </button>
        )}
      </td>
      <td className="w-16 py-1 font-semibold tabular-nums">
        {/* A card has no column headings: it says "Place 3" (the table's heading says "Place"). */}
        {place(e) !== "—" && (
          <span className="mr-1 text-sm font-normal text-muted min-[900px]:hidden">Place</span>
        )}
        <span data-testid="position">{place(e)}</span>
      </td>
      <td className="w-16 py-1 text-lg font-bold tabular-nums">
        <span className="sr-only">Ticket </span>
        {/* "#12": a ticket, not the place in the queue beside it. */}
        <span aria-hidden className="font-normal text-muted">
          #
        </span>
        {e.ticket}
      </td>
      <td className="py-1">
        <div className="flex flex-wrap items-center gap-1.5">
          <span className={cn("mr-1 font-semibold", open && "text-ink")}>{e.patientName}</span>
          {open && (
            <EntryMarkers
              entry={e}
              now={now}
              noShow={{ timeZone, onCancel: acts ? act("cancelNoShow") : undefined }}
            />
          )}
        </div>
      </td>
      <td className="w-16 py-1 tabular-nums">{clockTime(e.scheduledAt, timeZone)}</td>
      <td className="w-32 py-1">
        <StatusChip status={e.status} data-testid="status" />
      </td>
      <td className="w-44 py-1 text-sm whitespace-nowrap tabular-nums">{expected(e, timeZone, future)}</td>
      <td className="py-1 pr-2 text-right whitespace-nowrap">
        <div className="inline-flex items-center justify-end gap-1">
          {e.status === "BOOKED" && mayCheckIn && !future && (
            <RowButton ticket={e.ticket} onClick={actKeepingFocus("checkIn")}>
              Check in
            </RowButton>
          )}
          {e.status === "CALLED" && acts && (
            <RowButton ticket={e.ticket} onClick={actKeepingFocus("start")}>
              Start
            </RowButton>
          )}
          {e.status === "IN_CONSULTATION" && acts && (
            <RowButton ticket={e.ticket} onClick={actKeepingFocus("complete")}>
              Complete
            </RowButton>
          )}
          {e.status === "NO_SHOW" && !readOnly && (
            <RowButton ticket={e.ticket} onClick={actKeepingFocus("restore")}>
              Restore
            </RowButton>
          )}
          {undoable && !readOnly && (
            <RowButton ticket={e.ticket} onClick={actKeepingFocus("undo")} variant="secondary">
              Undo
            </RowButton>
          )}
          <RowMenu
            label={`More for ticket ${e.ticket}`}
            items={[
              { label: "Tracking link & QR", onSelect: act("link") },
              {
                label: "Mark urgent",
                onSelect: act("urgent"),
                hidden: !acts || !waiting || e.priority === "URGENT",
              },
              {
                label: "Normal priority",
                onSelect: act("normal"),
                hidden: !acts || !waiting || e.priority !== "URGENT",
              },
              {
                label: "No-show",
                onSelect: act("noShow"),
                hidden: !acts || !(waiting || e.status === "CALLED"),
              },
              // Desk changes (appointments.*) are for reception and admins: mayCheckIn says the same.
              { label: "Edit details", onSelect: act("edit"), hidden: !acts || !mayCheckIn || !open },
              {
                label: "Record payment",
                onSelect: act("payment"),
                hidden: !acts || !mayCheckIn || !open || e.paid,
              },
              { label: "Reschedule", onSelect: act("reschedule"), hidden: !acts || !mayCheckIn || !waiting },
              { label: "Running late…", onSelect: act("late"), hidden: !acts || e.status !== "BOOKED" },
              { label: "Cancel appointment…", onSelect: act("cancel"), tone: "bad", hidden: !acts || !open },
            ]}
          />
        </div>
      </td>
    </tr>
  );
}

/** Rows re-render only when what they show changes: a busy board stays quick. */
export const QueueRow = memo(QueueRowView, (a, b) => {
  const x = a.entry;
  const y = b.entry;
  const t = (d: Date | null) => (d ? new Date(d).getTime() : 0);
  return (
    x.status === y.status &&
    x.position === y.position &&
    x.place === y.place &&
    x.priority === y.priority &&
    x.paid === y.paid &&
    x.patientName === y.patientName &&
    t(x.estimatedStartAt) === t(y.estimatedStartAt) &&
    x.estimatedWaitMinutes === y.estimatedWaitMinutes &&
    t(x.checkedInAt) === t(y.checkedInAt) &&
    t(x.calledAt) === t(y.calledAt) &&
    t(x.startedAt) === t(y.startedAt) &&
    t(x.endedAt) === t(y.endedAt) &&
    t(x.noShowDueAt) === t(y.noShowDueAt) &&
    a.now === b.now &&
    a.highlighted === b.highlighted &&
    a.undoable === b.undoable &&
    a.mayCheckIn === b.mayCheckIn &&
    a.readOnly === b.readOnly &&
    a.sortable === b.sortable &&
    a.timeZone === b.timeZone &&
    a.onAction === b.onAction
  );
});
