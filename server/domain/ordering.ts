// The order of a doctor's queue (rules 2-5 and 8): who is in the room, who was called, and the
// waiting line with positions 1..n, manual moves included.
//
// Rank scheme. Every waiting entry has a base key: priority, slot start, payment, booking time, id.
// An entry with an `orderRank` was placed by staff; ranked entries keep their rank order among
// themselves whatever their base keys. An unranked entry (a later booking, a walk-in) goes right
// after the last ranked entry, in rank order, whose base key is not after its own; unranked entries
// sharing that spot keep base order. Entries already called or closed keep their rank and still
// count as anchors, so a patient leaving the line never reorders the others. A move or a restore
// "materializes" the line: every waiting entry gets a rank in the new order (only the placed entry's
// rank changes when the others already carry increasing ranks with a gap left), so no later booking
// can reorder it.
import { DomainError } from "./errors.ts";
import { slotStartOf } from "./time.ts";
import { isOpenStatus, isWaitingStatus, type QueueEntryInput } from "./types.ts";

/** An open entry in queue order. `position` is 1..n for waiting entries, 0 once called. */
export type OrderedEntry<T extends QueueEntryInput = QueueEntryInput> = T & {
  position: number;
  slotStart: Date;
};

/** Spacing of materialized ranks; moves between neighbours halve the gap. */
export const RANK_STEP = 1024;

type Keyed = QueueEntryInput & { slotStart: Date };

const time = (d: Date | null) => d?.getTime() ?? Number.POSITIVE_INFINITY;
const byNumber = (a: number, b: number) => (a < b ? -1 : a > b ? 1 : 0);
const byId = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
type Ranked = Pick<QueueEntryInput, "id" | "orderRank">;

const rankOf = (e: Ranked) => (e.orderRank !== null && Number.isFinite(e.orderRank) ? e.orderRank : null);

/** Rule 3: URGENT first; then slot start, paid before unpaid (earlier payment first), booking time, id. */
export function compareBaseOrder(a: Keyed, b: Keyed): number {
  return (
    byNumber(a.priority === "URGENT" ? 0 : 1, b.priority === "URGENT" ? 0 : 1) ||
    byNumber(a.slotStart.getTime(), b.slotStart.getTime()) ||
    byNumber(time(a.paidAt), time(b.paidAt)) ||
    byNumber(a.bookedAt.getTime(), b.bookedAt.getTime()) ||
    byId(a.id, b.id)
  );
}

/** An entry with its base-order key as numbers, so sorting a long queue compares no Dates. */
type KeyedEntry<T> = {
  e: T;
  urgent: number;
  slot: number;
  paid: number;
  booked: number;
  id: string;
  rank: number | null;
};

const keyOf = <T extends Keyed>(e: T): KeyedEntry<T> => ({
  e,
  urgent: e.priority === "URGENT" ? 0 : 1,
  slot: e.slotStart.getTime(),
  paid: time(e.paidAt),
  booked: e.bookedAt.getTime(),
  id: e.id,
  rank: rankOf(e),
});

/** compareBaseOrder on precomputed keys. */
const compareKeys = (a: KeyedEntry<unknown>, b: KeyedEntry<unknown>) =>
  byNumber(a.urgent, b.urgent) ||
  byNumber(a.slot, b.slot) ||
  byNumber(a.paid, b.paid) ||
  byNumber(a.booked, b.booked) ||
  byId(a.id, b.id);

/** The waiting line. Ranked entries of every status anchor it, so calling one moves nobody else. */
function waitingLine<T extends Keyed>(all: T[]): T[] {
  const ranked: KeyedEntry<T>[] = [];
  const unranked: KeyedEntry<T>[] = [];
  for (const e of all) {
    const k = keyOf(e);
    if (k.rank !== null) ranked.push(k);
    else if (isWaitingStatus(e.status)) unranked.push(k);
  }
  ranked.sort((a, b) => byNumber(a.rank ?? 0, b.rank ?? 0) || compareKeys(a, b));
  unranked.sort(compareKeys);
  // An unranked entry goes right after the last ranked entry (in rank order) whose base key is not
  // after its own. Taking unranked entries in base order, that set only grows: walk the ranked
  // entries in base order alongside and keep the highest rank index seen (linear after sorting).
  const byBase = ranked.map((k, i) => ({ k, i })).sort((a, b) => compareKeys(a.k, b.k));
  // spots[i] holds the unranked entries that go right before ranked[i] (the last spot: after all).
  const spots: T[][] = Array.from({ length: ranked.length + 1 }, () => []);
  let next = 0;
  let spot = 0;
  for (const entry of unranked) {
    while (next < byBase.length && compareKeys(byBase[next]!.k, entry) <= 0) {
      spot = Math.max(spot, byBase[next]!.i + 1);
      next++;
    }
    spots[spot]!.push(entry.e);
  }
  const line: T[] = [];
  spots.forEach((before, i) => {
    for (const e of before) line.push(e);
    const anchor = ranked[i];
    if (anchor && isWaitingStatus(anchor.e.status)) line.push(anchor.e);
  });
  return line;
}

/** Slot starts of one call's entries: a queue has many entries at the same few times. */
function slotStarts(timeZone: string): (at: Date) => Date {
  const known = new Map<number, number>();
  return (at) => {
    const ms = at.getTime();
    let slot = known.get(ms);
    if (slot === undefined) {
      slot = slotStartOf(at, timeZone).getTime();
      known.set(ms, slot);
    }
    return new Date(slot);
  };
}

/**
 * The queue in order: in consultation, then called, then the waiting line numbered 1..n. Pass every
 * appointment of the day, closed ones included: their ranks keep anchoring later bookings.
 */
export function orderQueue<T extends QueueEntryInput>(
  entries: readonly T[],
  timeZone: string,
): OrderedEntry<T>[] {
  return orderWith(entries, timeZone, (e, slotStart) => ({ ...e, slotStart, position: 0 }));
}

/**
 * orderQueue with entries that carry only the queue's own fields (QueueEntryInput): the same order
 * and positions, for readers that need no more (a snapshot build, a position), because copying
 * every stored field of thousands of entries is most of the cost of ordering them.
 */
export function orderQueueEntries(entries: readonly QueueEntryInput[], timeZone: string): OrderedEntry[] {
  return orderWith(entries, timeZone, (e, slotStart) => ({
    id: e.id,
    ticket: e.ticket,
    status: e.status,
    priority: e.priority,
    scheduledAt: e.scheduledAt,
    bookedAt: e.bookedAt,
    paidAt: e.paidAt,
    orderRank: e.orderRank,
    checkedInAt: e.checkedInAt,
    calledAt: e.calledAt,
    startedAt: e.startedAt,
    lateMinutes: e.lateMinutes ?? null,
    slotStart,
    position: 0,
  }));
}

function orderWith<T extends QueueEntryInput, O extends OrderedEntry<QueueEntryInput>>(
  entries: readonly T[],
  timeZone: string,
  copy: (entry: T, slotStart: Date) => O,
): O[] {
  const slotOf = slotStarts(timeZone);
  const all = entries.map((e) => copy(e, slotOf(e.scheduledAt)));
  const open = all.filter((e) => isOpenStatus(e.status));
  const since = (e: O) =>
    e.status === "IN_CONSULTATION" ? time(e.startedAt ?? e.calledAt) : time(e.calledAt);
  const withDoctor = open
    .filter((e) => !isWaitingStatus(e.status))
    .sort(
      (a, b) =>
        byNumber(a.status === "IN_CONSULTATION" ? 0 : 1, b.status === "IN_CONSULTATION" ? 0 : 1) ||
        byNumber(since(a), since(b)) ||
        byNumber(a.ticket, b.ticket),
    );
  const waiting = waitingLine(all);
  waiting.forEach((e, i) => {
    e.position = i + 1;
  });
  return [...withDoctor, ...waiting];
}

/** Rule 5: the first present patient in queue order; absent ones ahead keep their place. */
export function callNextCandidate<T extends OrderedEntry>(ordered: readonly T[]): T | null {
  return ordered.find((e) => e.status === "CHECKED_IN") ?? null;
}

/** The waiting line in order (position 1 first). */
export function waitingEntries<T extends OrderedEntry>(ordered: readonly T[]): T[] {
  return ordered.filter((e) => isWaitingStatus(e.status));
}

const strictlyIncreasing = (ranks: (number | null)[]): ranks is number[] =>
  ranks.every((r, i) => r !== null && (i === 0 || r > (ranks[i - 1] ?? Number.POSITIVE_INFINITY)));

const fitsBetween = (rank: number | null, before: number | null, after: number | null): rank is number =>
  rank !== null && (before === null || rank > before) && (after === null || rank < after);

function rankBetween(before: number | null, after: number | null): number {
  if (before === null) return after === null ? RANK_STEP : after - RANK_STEP;
  return after === null ? before + RANK_STEP : (before + after) / 2;
}

/**
 * Ranks that put `placedId` where it stands in `line` (the wanted waiting order) and keep that
 * order against later bookings. Returns only the ranks that change.
 */
function ranksForLine(line: readonly Ranked[], placedId: string): Map<string, number> {
  const at = line.findIndex((e) => e.id === placedId);
  const placed = line[at];
  if (placed && strictlyIncreasing(line.filter((e) => e.id !== placedId).map(rankOf))) {
    const neighbour = line[at - 1];
    const follower = line[at + 1];
    const before = neighbour ? rankOf(neighbour) : null;
    const after = follower ? rankOf(follower) : null;
    if (fitsBetween(rankOf(placed), before, after)) return new Map();
    const rank = rankBetween(before, after);
    // Halving a gap runs out after ~50 moves into the same spot; then the line is renumbered.
    if (fitsBetween(rank, before, after)) return new Map([[placedId, rank]]);
  }
  const ranks = new Map<string, number>();
  line.forEach((e, i) => {
    const rank = (i + 1) * RANK_STEP;
    if (rankOf(e) !== rank) ranks.set(e.id, rank);
  });
  return ranks;
}

/**
 * Rule 4: the order ranks to store so that `entryId` stands at `newPosition` (1-based) among the
 * waiting entries and everyone else keeps their relative order.
 */
export function computeMoveRanks(
  ordered: readonly OrderedEntry[],
  entryId: string,
  newPosition: number,
): Map<string, number> {
  const line = waitingEntries(ordered);
  const moving = line.find((e) => e.id === entryId);
  if (!moving) {
    const other = ordered.find((e) => e.id === entryId);
    if (!other) throw new DomainError("APPOINTMENT_NOT_IN_QUEUE", "That appointment is not in this queue.");
    throw new DomainError(
      "NOT_WAITING",
      `Ticket ${other.ticket} has already been called, so it cannot be moved.`,
    );
  }
  if (!Number.isInteger(newPosition) || newPosition < 1 || newPosition > line.length) {
    throw new DomainError("POSITION_OUT_OF_RANGE", `Choose a position between 1 and ${line.length}.`);
  }
  const others = line.filter((e) => e.id !== entryId);
  return ranksForLine(
    [...others.slice(0, newPosition - 1), moving, ...others.slice(newPosition - 1)],
    entryId,
  );
}

/**
 * Rule 6: where a no-show who arrives goes back in: after the last waiting entry whose slot has
 * started by `now`, i.e. at the end of the current slot's waiting entries, before later slots.
 */
export function restorePosition(
  ordered: readonly OrderedEntry[],
  restoredId: string,
  now: Date,
  timeZone: string,
): number {
  const currentSlot = slotStartOf(now, timeZone).getTime();
  const line = waitingEntries(ordered).filter((e) => e.id !== restoredId);
  let after = 0;
  line.forEach((e, i) => {
    if (e.slotStart.getTime() <= currentSlot) after = i + 1;
  });
  return after + 1;
}

/** The order ranks to store when a no-show is restored (see `restorePosition`). */
export function restoreRank(
  ordered: readonly OrderedEntry[],
  restored: Ranked,
  now: Date,
  timeZone: string,
): Map<string, number> {
  const line: Ranked[] = waitingEntries(ordered).filter((e) => e.id !== restored.id);
  const at = restorePosition(ordered, restored.id, now, timeZone) - 1;
  return ranksForLine([...line.slice(0, at), restored, ...line.slice(at)], restored.id);
}

/** The entries with new ranks applied, e.g. to compute positions after a move before storing it. */
export function applyRanks<T extends QueueEntryInput>(
  entries: readonly T[],
  ranks: ReadonlyMap<string, number>,
): T[] {
  return entries.map((e) => (ranks.has(e.id) ? { ...e, orderRank: ranks.get(e.id) ?? null } : e));
}
