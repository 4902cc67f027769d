// What changed between two snapshots of a queue, in words and as the entries to highlight: how the
// board shows colleagues' changes. Pure.
import { STATUS_LABEL } from "../ui/status-chip";
import { type Entry, isWaiting, type Snapshot } from "./types";

export type QueueChanges = {
  /** Entries to highlight for a moment. */
  entryIds: string[];
  /** Entries that just left the queue (for the undo window). */
  finishedIds: string[];
  /** Sentences for screen readers ("ticket 4 checked in"). */
  lines: string[];
};

/**
 * The waiting entries that may have been moved, when one entry was moved (others shift but keep
 * their order): one, or two when neighbours swapped places (either could have been the one moved).
 */
function movedEntries(before: readonly Entry[], after: readonly Entry[]): string[] {
  const common = new Set(before.map((e) => e.appointmentId));
  const a = before.map((e) => e.appointmentId).filter((id) => after.some((e) => e.appointmentId === id));
  const b = after.map((e) => e.appointmentId).filter((id) => common.has(id));
  const i = a.findIndex((id, k) => id !== b[k]);
  if (i < 0) return [];
  const same = (x: string[], y: string[]) => x.length === y.length && x.every((id, k) => id === y[k]);
  const without = (list: string[], id: string) => list.filter((x) => x !== id);
  return [...new Set([b[i], a[i]])].filter(
    (candidate): candidate is string => !!candidate && same(without(a, candidate), without(b, candidate)),
  );
}

/**
 * Compares a queue's snapshot before and after a live update. `ownIds` are entries this screen has
 * just changed itself (no highlight for those: the person saw it happen); `queue` says this screen
 * has just made a change to the whole queue (call next, a notice, a pause).
 */
export function describeChanges(
  before: Snapshot | null | undefined,
  after: Snapshot,
  own: { ids: ReadonlySet<string>; queue: boolean },
): QueueChanges {
  const entryIds: string[] = [];
  const finishedIds: string[] = [];
  const lines: string[] = [];
  const previous = new Map((before?.entries ?? []).map((e) => [e.appointmentId, e]));
  const mine = (e: Entry) => own.ids.has(e.appointmentId) || (own.queue && e.status === "CALLED");

  for (const e of after.entries) {
    const old = previous.get(e.appointmentId);
    if (old && old.status === e.status && old.priority === e.priority) continue;
    if (
      old &&
      old.status !== e.status &&
      (e.status === "COMPLETED" || e.status === "NO_SHOW" || e.status === "CANCELLED")
    )
      finishedIds.push(e.appointmentId);
    if (mine(e)) continue;
    entryIds.push(e.appointmentId);
    if (!old) lines.push(`ticket ${e.ticket} added${e.walkIn ? " (walk-in)" : ""}`);
    else if (old.status !== e.status)
      lines.push(`ticket ${e.ticket} ${STATUS_LABEL[e.status].toLowerCase()}`);
    else
      lines.push(
        `ticket ${e.ticket} ${e.priority === "URGENT" ? "marked urgent" : "back to normal priority"}`,
      );
  }

  if (before) {
    const moved = movedEntries(before.entries.filter(isWaiting), after.entries.filter(isWaiting))
      .map((id) => after.entries.find((e) => e.appointmentId === id))
      .filter((e): e is Entry => !!e);
    // A swap of neighbours this screen made (either of the two) is its own: nothing to tell.
    const told = moved.some((e) => own.ids.has(e.appointmentId) || entryIds.includes(e.appointmentId));
    if (!told && moved.length === 1 && moved[0]) {
      entryIds.push(moved[0].appointmentId);
      lines.push(`ticket ${moved[0].ticket} moved to position ${moved[0].position}`);
    } else if (!told && moved.length === 2) {
      entryIds.push(...moved.map((e) => e.appointmentId));
      lines.push(`tickets ${moved.map((e) => e.ticket).join(" and ")} swapped places`);
    }
    if (!own.queue) {
      if (!before.notice && after.notice) lines.push("a notice was sent to the patients");
      if (before.notice && !after.notice) lines.push("the notice was cleared");
      if (!before.paused && after.paused) lines.push("the queue was paused");
      if (before.paused && !after.paused) lines.push("the queue was resumed");
    }
  }
  return { entryIds, finishedIds, lines };
}
