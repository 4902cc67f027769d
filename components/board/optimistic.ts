// What the board shows before the server answers: pure changes to a snapshot that mirror the queue
// rules closely enough for the moment until the real snapshot (with its estimates) arrives.
import { businessDate } from "../business-time";
import { type Entry, type EntryStatus, isOpen, isWaiting, type Snapshot } from "./types";

/** Renumbers a snapshot whose entries are in the wanted order: with the doctor, waiting 1..n, finished. */
export function renumber(snapshot: Snapshot, entries: Entry[]): Snapshot {
  const open = entries.filter(isOpen);
  const inRoom = open.filter((e) => e.status === "IN_CONSULTATION");
  const called = open.filter((e) => e.status === "CALLED");
  const waiting = open.filter(isWaiting).map((e, i) => ({ ...e, position: i + 1 }));
  const finished = entries
    .filter((e) => !isOpen(e))
    .map((e) => (e.position === null ? e : { ...e, position: null }))
    .sort((a, b) => a.ticket - b.ticket);
  const withDoctor = [...inRoom, ...called].map((e) => (e.position === 0 ? e : { ...e, position: 0 }));
  return { ...snapshot, entries: [...withDoctor, ...waiting, ...finished] };
}

function patchEntry(snapshot: Snapshot, appointmentId: string, patch: Partial<Entry>): Snapshot {
  return renumber(
    snapshot,
    snapshot.entries.map((e) => (e.appointmentId === appointmentId ? { ...e, ...patch } : e)),
  );
}

/** A status change (check in, start, complete, no-show, cancel). */
export function setStatus(
  snapshot: Snapshot,
  appointmentId: string,
  status: EntryStatus,
  now = businessDate(),
) {
  const entry = snapshot.entries.find((e) => e.appointmentId === appointmentId);
  if (!entry) return snapshot;
  const patch: Partial<Entry> = { status };
  if (status === "CHECKED_IN") patch.checkedInAt = now;
  if (status === "CALLED") patch.calledAt = now;
  if (status === "IN_CONSULTATION") patch.startedAt = now;
  if (status === "COMPLETED") patch.endedAt = now;
  if (!isOpen({ status })) patch.estimatedStartAt = null;
  return patchEntry(snapshot, appointmentId, patch);
}

/** Rule 5: call next takes the first checked-in patient in queue order. */
export function callNext(snapshot: Snapshot, now = businessDate()): Snapshot {
  if (snapshot.paused || snapshot.entries.some((e) => e.status === "CALLED")) return snapshot;
  const next = snapshot.entries.find((e) => e.status === "CHECKED_IN" && e.position !== null);
  return next ? setStatus(snapshot, next.appointmentId, "CALLED", now) : snapshot;
}

/** A restored no-show goes back in line; where exactly is the server's to say (rule 6). */
export function restore(snapshot: Snapshot, appointmentId: string, now = businessDate()): Snapshot {
  const entry = snapshot.entries.find((e) => e.appointmentId === appointmentId);
  if (!entry) return snapshot;
  const others = snapshot.entries.filter((e) => e.appointmentId !== appointmentId);
  const restored = { ...entry, status: "CHECKED_IN" as const, checkedInAt: now };
  // After the last waiting patient whose slot has started, before later slots.
  let at = others.filter(isOpen).length;
  const firstWaiting = others.findIndex(isWaiting);
  if (firstWaiting >= 0) at = firstWaiting;
  others.forEach((e, i) => {
    if (isWaiting(e) && new Date(e.slotStart).getTime() <= now.getTime()) at = i + 1;
  });
  return renumber(snapshot, [...others.slice(0, at), restored, ...others.slice(at)]);
}

/** Rule 4: the entry at `newPosition` among the waiting, everyone else in their relative order. */
export function move(snapshot: Snapshot, appointmentId: string, newPosition: number): Snapshot {
  const waiting = snapshot.entries.filter(isWaiting);
  const moving = waiting.find((e) => e.appointmentId === appointmentId);
  if (!moving) return snapshot;
  const rest = waiting.filter((e) => e.appointmentId !== appointmentId);
  const line = [...rest.slice(0, newPosition - 1), moving, ...rest.slice(newPosition - 1)];
  return renumber(snapshot, [...snapshot.entries.filter((e) => !isWaiting(e)), ...line]);
}

/** Urgent patients go before the others (rule 3); the server settles the exact place. */
export function setPriority(
  snapshot: Snapshot,
  appointmentId: string,
  priority: Entry["priority"],
): Snapshot {
  const entries = snapshot.entries.map((e) => (e.appointmentId === appointmentId ? { ...e, priority } : e));
  const waiting = entries.filter(isWaiting);
  const line = [
    ...waiting.filter((e) => e.priority === "URGENT"),
    ...waiting.filter((e) => e.priority !== "URGENT"),
  ];
  return renumber(snapshot, [...entries.filter((e) => !isWaiting(e)), ...line]);
}

/** A no-show scheduled ahead is taken back: the row stops saying when it falls due. */
export function clearScheduledNoShow(snapshot: Snapshot, appointmentId: string): Snapshot {
  return {
    ...snapshot,
    entries: snapshot.entries.map((e) =>
      e.appointmentId === appointmentId ? { ...e, noShowDueAt: null } : e,
    ),
  };
}

export function setNotice(snapshot: Snapshot, notice: Snapshot["notice"]): Snapshot {
  return { ...snapshot, notice };
}

export function setPaused(snapshot: Snapshot, paused: Snapshot["paused"]): Snapshot {
  return { ...snapshot, paused };
}
