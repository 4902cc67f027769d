"use client";
// A doctor's queue as a table in three groups: with the doctor, waiting (reordered by drag and drop
// or by keyboard, with spoken instructions and announcements), and the day's finished visits.
import {
  type Announcements,
  closestCenter,
  DndContext,
  type DragEndEvent,
  KeyboardSensor,
  PointerSensor,
  type UniqueIdentifier,
  useSensor,
  useSensors,
} from "@dnd-kit/core";
import { SortableContext, sortableKeyboardCoordinates, verticalListSortingStrategy } from "@dnd-kit/sortable";
import { useId, useRef, useState } from "react";
import { cn } from "../ui/cn";
import { withDoctorHeading } from "./queue-groups";
import { QueueRow, type RowAction } from "./queue-row";
import { type Entry, isWaiting } from "./types";
import { UNDO_WINDOW_MS } from "./use-live-board";

const COLUMNS = 8;

export function QueueTable({
  doctorName,
  date,
  entries,
  timeZone,
  now,
  highlights,
  finishedAt,
  mayCheckIn,
  future = false,
  readOnly = false,
  onAction,
  onMove,
}: {
  doctorName: string;
  date: string;
  entries: Entry[];
  timeZone: string;
  now: number;
  highlights: ReadonlyMap<string, number>;
  finishedAt: ReadonlyMap<string, number>;
  mayCheckIn: boolean;
  /** A day still to come: nobody can be checked in for it yet. */
  future?: boolean;
  /** A past day: no actions but the tracking link, no reordering. */
  readOnly?: boolean;
  onAction: (action: RowAction, entry: Entry) => void;
  onMove: (appointmentId: string, newPosition: number) => void;
}) {
  const [showDone, setShowDone] = useState(false);
  const moved = useRef(false);
  const doneId = useId();
  const withDoctor = entries.filter((e) => e.status === "IN_CONSULTATION" || e.status === "CALLED");
  const waiting = entries.filter(isWaiting);
  const missed = entries.filter((e) => e.status === "NO_SHOW");
  const done = entries.filter((e) => e.status === "COMPLETED" || e.status === "CANCELLED");
  const waitingIds = waiting.map((e) => e.appointmentId);

  const sensors = useSensors(
    useSensor(PointerSensor, { activationConstraint: { distance: 4 } }),
    useSensor(KeyboardSensor, { coordinateGetter: sortableKeyboardCoordinates }),
  );
  const ticketOf = (id: UniqueIdentifier) => waiting.find((e) => e.appointmentId === id)?.ticket ?? "";
  const placeOf = (id: UniqueIdentifier) => waitingIds.indexOf(String(id)) + 1;
  const n = waiting.length;
  const announcements: Announcements = {
    onDragStart: ({ active }) => {
      moved.current = false;
      return `Picked up ticket ${ticketOf(active.id)}, at position ${placeOf(active.id)} of ${n}.`;
    },
    onDragOver: ({ active, over }) => {
      // At pick-up the patient is over their own place: the pick-up message says it.
      if (over?.id === active.id && !moved.current) return undefined;
      moved.current = true;
      if (!over) return `Ticket ${ticketOf(active.id)} is outside the line.`;
      return over.id === active.id
        ? `Ticket ${ticketOf(active.id)} is back at position ${placeOf(over.id)} of ${n}.`
        : `Ticket ${ticketOf(active.id)} would go to position ${placeOf(over.id)} of ${n}.`;
    },
    onDragEnd: ({ active, over }) =>
      over && over.id !== active.id
        ? `Ticket ${ticketOf(active.id)} moved to position ${placeOf(over.id)} of ${n}.`
        : `Ticket ${ticketOf(active.id)} stays at position ${placeOf(active.id)}.`,
    onDragCancel: ({ active }) =>
      `Moving cancelled. Ticket ${ticketOf(active.id)} stays at position ${placeOf(active.id)}.`,
  };
  const onDragEnd = ({ active, over }: DragEndEvent) => {
    if (!over || over.id === active.id) return;
    const to = placeOf(over.id);
    if (to > 0) onMove(String(active.id), to);
  };

  const row = (e: Entry, sortable = false) => {
    const finished =
      finishedAt.get(e.appointmentId) ??
      (e.status === "COMPLETED" && e.endedAt ? new Date(e.endedAt).getTime() : 0);
    return (
      <QueueRow
        key={e.appointmentId}
        entry={e}
        timeZone={timeZone}
        now={now}
        highlighted={highlights.has(e.appointmentId)}
        undoable={
          !isWaiting(e) &&
          finished > 0 &&
          now - finished < UNDO_WINDOW_MS &&
          e.status !== "CALLED" &&
          e.status !== "IN_CONSULTATION"
        }
        mayCheckIn={mayCheckIn}
        future={future}
        readOnly={readOnly}
        sortable={sortable && !readOnly}
        onAction={onAction}
      />
    );
  };

  return (
    <DndContext
      sensors={sensors}
      collisionDetection={closestCenter}
      onDragEnd={onDragEnd}
      accessibility={{
        announcements,
        screenReaderInstructions: {
          draggable:
            "To move a patient in the line, press space or enter on the move button, use the up and down arrow keys to choose the place, then press space or enter to drop, or escape to cancel.",
        },
      }}
    >
      <div className="queue-scroll overflow-x-auto">
        <table className="queue-table w-full min-w-[860px] border-collapse text-left">
          <caption className="sr-only">
            Queue of {doctorName} on {date}
          </caption>
          {/* Column names on a wide screen (a place "3" beside ticket "#12" needs its heading);
              below 900 px the cards' cells name themselves and the row is for screen readers only. */}
          <thead>
            <tr className="border-b border-line text-left text-xs tracking-wide text-muted uppercase">
              <th scope="col" className="pl-2 font-semibold">
                <span className="sr-only">Move</span>
              </th>
              <th scope="col" className="py-1 font-semibold" title="Place in the queue: drag to change it">
                Place
              </th>
              <th scope="col" className="py-1 font-semibold">
                Ticket
              </th>
              <th scope="col" className="py-1 font-semibold">
                Patient
              </th>
              <th scope="col" className="py-1 font-semibold">
                Time
              </th>
              <th scope="col" className="py-1 font-semibold">
                Status
              </th>
              <th scope="col" className="py-1 font-semibold">
                <span title="What the patient is told: their place in the expected order, and the time">
                  Expected
                </span>
              </th>
              <th scope="col" className="py-1 pr-2 text-right font-semibold">
                <span className="sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          {withDoctor.length > 0 && (
            <tbody>
              <GroupHeading>{withDoctorHeading(withDoctor)}</GroupHeading>
              {withDoctor.map((e) => row(e))}
            </tbody>
          )}
          <tbody>
            <GroupHeading>
              Waiting · {n}
              {n > 1 && (
                <span className="ml-2 font-normal text-muted">
                  <span className="sr-only">. </span>drag <span aria-hidden>⠿</span> or use the keyboard to
                  reorder
                </span>
              )}
            </GroupHeading>
            {n === 0 && (
              <tr>
                <td colSpan={COLUMNS} className="px-2 py-4 text-muted">
                  Nobody is waiting.
                </td>
              </tr>
            )}
            <SortableContext items={waitingIds} strategy={verticalListSortingStrategy}>
              {waiting.map((e) => row(e, true))}
            </SortableContext>
          </tbody>
          {missed.length > 0 && (
            <tbody>
              <GroupHeading>Missed · {missed.length} · restore when they arrive</GroupHeading>
              {missed.map((e) => row(e))}
            </tbody>
          )}
          {done.length > 0 && (
            <tbody>
              <tr className="border-t border-line">
                <th colSpan={COLUMNS} scope="colgroup" className="bg-canvas px-2 py-1 text-left">
                  <button
                    type="button"
                    aria-expanded={showDone}
                    aria-controls={doneId}
                    onClick={() => setShowDone((s) => !s)}
                    className="flex min-h-9 cursor-pointer items-center gap-2 rounded-lg px-1 font-semibold text-ink hover:bg-white"
                  >
                    <span
                      aria-hidden
                      className={cn("inline-block transition-transform", showDone && "rotate-90")}
                    >
                      ▸
                    </span>
                    Finished today · {done.length}
                  </button>
                </th>
              </tr>
            </tbody>
          )}
          {done.length > 0 && (
            <tbody id={doneId} hidden={!showDone}>
              {showDone && done.map((e) => row(e))}
            </tbody>
          )}
        </table>
      </div>
    </DndContext>
  );
}

function GroupHeading({ children }: { children: React.ReactNode }) {
  return (
    <tr className="border-t border-line">
      <th
        colSpan={COLUMNS}
        scope="colgroup"
        className="bg-canvas px-3 py-1 text-left text-sm font-bold text-ink"
      >
        {children}
      </th>
    </tr>
  );
}
