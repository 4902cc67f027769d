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
  return inTurn(queueDayId, async () => {
    for (let attempt = 1; ; attempt++) {
      try {
        return await getDb().$transaction(
          async (tx) => {
            const locked = await tx.$queryRaw<
              { id: string }[]
            >`SELECT "id" FROM "QueueDay" WHERE "id" = ${queueDayId} FOR UPDATE`;
            if (locked.length === 0) throw new QueueDayMissing(queueDayId);
            const state = await readState(tx, queueDayId);
            return work(tx, state!);
          },
          // Under a burst a change waits for a pooled connection, then for the row lock: short
          // waits each, but they add up (maxWait covers the first, timeout the second).
          { maxWait: 30_000, timeout: 30_000 },
        );
      } catch (err) {
        if (attempt < TRANSIENT_ATTEMPTS && isTransientConflict(err)) continue;
        throw storageErrorAsDomainError(err);
      }
    }
  });
}
