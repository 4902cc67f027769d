// "Why my place went up": when a change to the queue gives a waiting patient a higher place number
// (further back), the kind of change that did it, so their page can say why in one line. Pure: the
// entries before and after the one change, and that change's event. What the patient is told names
// nobody: only the kind of change.
import { QUEUE_EVENT, type QueueEventType } from "./events.ts";
import type { AppointmentStatus, Priority } from "./types.ts";

export const PLACE_CAUSES = [
  /** A patient who needs urgent care came in (booked, walked in or marked urgent) ahead. */
  "urgent",
  /** A patient with an earlier (or the same) appointment time arrived. */
  "arrived",
  /** A patient who is here goes first while this one has not checked in yet. */
  "arrivedPresent",
  /** A patient with an earlier time was added (booked or walked in). */
  "added",
  /** A patient was put back in the queue (a late arrival restored, an undo). */
  "returned",
  /** The desk reordered the queue (a move, a reschedule, a payment that orders within the slot). */
  "reordered",
  /** The patient said they are running late: those who are here go first. */
  "late",
  /** Anything else (the doctor's hours, the clinic's settings). */
  "other",
] as const;
export type PlaceCause = (typeof PLACE_CAUSES)[number];

/** What the comparison needs of a snapshot entry. */
export type PlaceEntry = {
  appointmentId: string;
  status: AppointmentStatus;
  priority: Priority;
  /** Rule 9's place: 1..n while waiting, 0 once called, null once over. */
  place: number | null;
  slotStart: Date;
};

const waiting = (e: PlaceEntry | undefined): e is PlaceEntry =>
  !!e && (e.status === "BOOKED" || e.status === "CHECKED_IN") && (e.place ?? 0) > 0;

/** Why `you` went back when `mover` (the changed appointment, if any) changed with `type`. */
function causeFor(type: QueueEventType, mover: PlaceEntry | undefined, you: PlaceEntry): PlaceCause {
  if (mover?.appointmentId === you.appointmentId)
    return type === QUEUE_EVENT.RUNNING_LATE ? "late" : type === QUEUE_EVENT.MOVED ? "reordered" : "other";
  const comesIn: readonly QueueEventType[] = [
    QUEUE_EVENT.BOOKED,
    QUEUE_EVENT.WALK_IN,
    QUEUE_EVENT.CHECKED_IN,
    QUEUE_EVENT.EARLY_ARRIVAL,
    QUEUE_EVENT.RESTORED,
    QUEUE_EVENT.UNDO,
  ];
  if (type === QUEUE_EVENT.PRIORITY_URGENT || (comesIn.includes(type) && mover?.priority === "URGENT"))
    return "urgent";
  const earlier = mover !== undefined && mover.slotStart.getTime() <= you.slotStart.getTime();
  switch (type) {
    case QUEUE_EVENT.BOOKED:
    case QUEUE_EVENT.WALK_IN:
      return earlier ? "added" : "other";
    case QUEUE_EVENT.CHECKED_IN:
    case QUEUE_EVENT.EARLY_ARRIVAL:
      return earlier ? "arrived" : you.status === "BOOKED" ? "arrivedPresent" : "other";
    case QUEUE_EVENT.RESTORED:
    case QUEUE_EVENT.UNDO:
      return "returned";
    case QUEUE_EVENT.MOVED:
    case QUEUE_EVENT.RESCHEDULED:
    case QUEUE_EVENT.PAYMENT_RECORDED:
    case QUEUE_EVENT.PRIORITY_NORMAL:
      return "reordered";
    default:
      return "other";
  }
}

/**
 * The waiting patients whose place number rose with one change (they were waiting before and are
 * after), each with why; empty when nobody went back.
 */
export function placeCauses(
  before: readonly PlaceEntry[],
  after: readonly PlaceEntry[],
  event: { type: QueueEventType; appointmentId: string | null },
): Record<string, PlaceCause> {
  const was = new Map(before.map((e) => [e.appointmentId, e]));
  const mover = event.appointmentId ? after.find((e) => e.appointmentId === event.appointmentId) : undefined;
  const causes: Record<string, PlaceCause> = {};
  for (const you of after) {
    const then = was.get(you.appointmentId);
    if (!waiting(you) || !waiting(then) || (you.place ?? 0) <= (then.place ?? 0)) continue;
    causes[you.appointmentId] = causeFor(event.type, mover, you);
  }
  return causes;
}
