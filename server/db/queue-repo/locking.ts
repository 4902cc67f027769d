// Changes to one queue run one at a time: a transaction holding the QueueDay's row lock (across
// instances), with a small per-instance gate so a burst does not hold every pooled connection.
import { getDb } from "../client.ts";
import { isTransientConflict, QueueDayMissing, storageErrorAsDomainError } from "./errors.ts";
import { type QueueState, readState, type Tx } from "./state.ts";

/** Attempts for a transaction that PostgreSQL aborted as a deadlock or serialization failure. */
const TRANSIENT_ATTEMPTS = 3;
/**
 * Transactions of one queue day this instance runs at once. The row lock serializes them anyway;
 * more would only hold pooled connections idle behind it, starving every other queue and read.
 */
const PER_QUEUE_DAY_IN_FLIGHT = 3;

const retryGlobals = globalThis as unknown as { __pqQueueLockRetries?: number };

/**
 * Transactions of queue changes that PostgreSQL rolled back (a deadlock, a serialization failure)
 * and that were run again, since this process started (pq_queue_change_retries_total).
 */
export const queueChangeRetries = () => retryGlobals.__pqQueueLockRetries ?? 0;

type Gate = { active: number; waiting: (() => void)[] };
const gateGlobals = globalThis as unknown as { __pqQueueDayGates?: Map<string, Gate> };

/** Runs `work` once fewer than PER_QUEUE_DAY_IN_FLIGHT others of this queue day are running here. */
async function inTurn<T>(queueDayId: string, work: () => Promise<T>): Promise<T> {
  gateGlobals.__pqQueueDayGates ??= new Map();
  const gates = gateGlobals.__pqQueueDayGates;
  let gate = gates.get(queueDayId);
  if (!gate) {
    gate = { active: 0, waiting: [] };
    gates.set(queueDayId, gate);
  }
  const held = gate;
  // A finishing change hands its place straight to the next waiting one.
  if (held.active >= PER_QUEUE_DAY_IN_FLIGHT)
    await new Promise<void>((resolve) => held.waiting.push(resolve));
  else held.active++;
  try {
    return await work();
  } finally {
    const next = held.waiting.shift();
    if (next) next();
    else if (--held.active === 0) gates.delete(queueDayId);
  }
}

/**
 * Runs `work` in one transaction holding the QueueDay's row lock: changes to a queue are serialized
 * (across instances too). Storage failures come out as DomainErrors (a missing row is NOT_FOUND, a
 * unique clash CONFLICT); a deadlock or serialization failure, which rolled everything back, is
 * retried first.
 */
export function withLockedQueueDay<T>(
  queueDayId: string,
  work: (tx: Tx, state: QueueState) => Promise<T>,
): Promise<T> {
  return inTurn(queueDayId, () => lockedTransaction([queueDayId], (tx, [state]) => work(tx, state!)));
}

/**
 * Runs `work` in one transaction holding the row locks of two queue days (a move from one to the
 * other). Both are taken in one fixed order (by id), whichever is the source, so two moves crossing
 * between the same days at once wait for each other instead of deadlocking. `work` gets the states
 * in the order the ids were given.
 */
export function withLockedQueueDays<T>(
  queueDayIds: readonly [string, string],
  work: (tx: Tx, states: readonly [QueueState, QueueState]) => Promise<T>,
): Promise<T> {
  const [first, second] = [...queueDayIds].sort() as [string, string];
  return inTurn(first, () =>
    inTurn(second, () =>
      lockedTransaction([first, second], (tx, locked) => {
        const byId = new Map(locked.map((s) => [s.queueDay.id, s]));
        return work(tx, [byId.get(queueDayIds[0])!, byId.get(queueDayIds[1])!]);
      }),
    ),
  );
}

/** The transaction under both: locks `queueDayIds` in the order given, then reads their states. */
async function lockedTransaction<T>(
  queueDayIds: readonly string[],
  work: (tx: Tx, states: QueueState[]) => Promise<T>,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await getDb().$transaction(
        async (tx) => {
          for (const queueDayId of queueDayIds) {
            const locked = await tx.$queryRaw<
              { id: string }[]
            >`SELECT "id" FROM "QueueDay" WHERE "id" = ${queueDayId} FOR UPDATE`;
            if (locked.length === 0) throw new QueueDayMissing(queueDayId);
          }
          const states: QueueState[] = [];
          for (const queueDayId of queueDayIds) states.push((await readState(tx, queueDayId))!);
          return work(tx, states);
        },
        // Under a burst a change waits for a pooled connection, then for the row lock: short
        // waits each, but they add up (maxWait covers the first, timeout the second).
        { maxWait: 30_000, timeout: 30_000 },
      );
    } catch (err) {
      if (attempt < TRANSIENT_ATTEMPTS && isTransientConflict(err)) {
        retryGlobals.__pqQueueLockRetries = queueChangeRetries() + 1;
        continue;
      }
      throw storageErrorAsDomainError(err);
    }
  }
}
