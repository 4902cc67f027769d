// Undo of a manual move (rule 4): the order ranks the move replaced come back, within the undo window
// and only while the move is still the queue's latest change (anything after it built on the new order).
import { DomainError } from "./errors.ts";
import { UNDO_WINDOW_MINUTES } from "./transitions.ts";

export type RecordedMove = {
  queueDayId: string;
  version: number;
  createdAt: Date;
  /** The ranks the move replaced, by appointment id (null: the entry followed the base order). */
  previousRanks: Record<string, number | null>;
};

/** The ranks to put back; refuses a move too old, or one the queue has changed after (UNDO_CLASH). */
export function planMoveUndo(
  move: RecordedMove,
  queue: { id: string; version: number },
  now: Date,
): Map<string, number | null> {
  if (now.getTime() - move.createdAt.getTime() > UNDO_WINDOW_MINUTES * 60_000)
    throw new DomainError(
      "UNDO_TOO_LATE",
      `Cannot undo: it is more than ${UNDO_WINDOW_MINUTES} minutes since the move.`,
    );
  if (move.queueDayId !== queue.id || move.version !== queue.version)
    throw new DomainError(
      "UNDO_CLASH",
      "Cannot undo the move: the queue has changed since. Move the patient again instead.",
    );
  return new Map(Object.entries(move.previousRanks));
}
