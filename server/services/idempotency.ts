// Runs a change at most once per idempotency key, for every surface that takes one (the REST intake
// and the desk's walk-in form alike): a retry with the same key and the same request gets the first
// answer again; the same key with a different request is refused (CONFLICT, 409). A retry that comes
// while the first is still running waits for it (polling the key's record, up to WAIT_MS) and gets
// its answer; if the first failed, its key was released and the retry runs the change itself. A
// reservation left by a process that died mid-change is taken over after ABANDONED_MS (a change
// gives up long before: its transaction times out after seconds).
import { createHash } from "node:crypto";
import superjson from "superjson";
import {
  completeIdempotentRequest,
  findIdempotentRequest,
  releaseAbandonedIdempotencyKey,
  releaseIdempotencyKey,
  reserveIdempotencyKey,
} from "../db/intake-repo.ts";
import { DomainError } from "../domain/errors.ts";

type Stored = { pending: true } | { result: ReturnType<typeof superjson.serialize> };

/** How long a retry waits for the first request with its key to finish. */
export const WAIT_MS = 15_000;
/** A reservation this old whose request never finished belongs to a process that died. */
const ABANDONED_MS = 120_000;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export type IdempotencyOptions<T> = {
  /** What a replayed answer looks like (a walk-in marks it `duplicate`); the stored answer by default. */
  replayed?: (first: T) => T;
  /** Overrides WAIT_MS (tests). */
  waitMs?: number;
};

export async function withIdempotency<T>(
  hospitalId: string,
  key: string | undefined,
  operation: string,
  request: unknown,
  run: () => Promise<T>,
  opts: IdempotencyOptions<T> = {},
): Promise<T> {
  if (!key) return run();
  const requestHash = createHash("sha256").update(JSON.stringify({ operation, request })).digest("base64url");
  const deadline = Date.now() + (opts.waitMs ?? WAIT_MS);
  for (let pause = 10; ; pause = Math.min(pause * 2, 200)) {
    const prior = await findIdempotentRequest(hospitalId, key);
    if (prior) {
      if (prior.requestHash !== requestHash) {
        throw new DomainError(
          "IDEMPOTENCY_KEY_REUSED",
          "This idempotency key was already used for a different request.",
        );
      }
      const stored = prior.response as Stored;
      if (!("pending" in stored)) {
        const first = superjson.deserialize<T>(stored.result);
        return opts.replayed ? opts.replayed(first) : first;
      }
      // The first request with this key is still running: wait for its answer.
      if (Date.now() - prior.createdAt.getTime() > ABANDONED_MS) {
        await releaseAbandonedIdempotencyKey(hospitalId, key, prior.createdAt);
        continue;
      }
      if (Date.now() >= deadline)
        throw new DomainError(
          "IDEMPOTENCY_KEY_IN_PROGRESS",
          "A request with this idempotency key is still being processed. Retry in a moment.",
        );
      await sleep(pause);
      continue;
    }
    if (await reserveIdempotencyKey({ hospitalId, key, operation, requestHash })) break;
    // Another request reserved it between the read and the reservation: read its record again.
  }
  let result: T;
  try {
    result = await run();
  } catch (err) {
    await releaseIdempotencyKey(hospitalId, key);
    throw err;
  }
  await completeIdempotentRequest(hospitalId, key, { result: superjson.serialize(result) } as never);
  return result;
}
