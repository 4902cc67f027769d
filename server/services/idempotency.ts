// Runs a change at most once per idempotency key: a retry with the same key and the same request
// gets the first answer again; the same key with a different request is refused.
import { createHash } from "node:crypto";
import superjson from "superjson";
import {
  completeIdempotentRequest,
  findIdempotentRequest,
  releaseIdempotencyKey,
  reserveIdempotencyKey,
} from "../db/intake-repo.ts";
import { DomainError } from "../domain/errors.ts";

type Stored = { pending: true } | { result: ReturnType<typeof superjson.serialize> };

export async function withIdempotency<T>(
  hospitalId: string,
  key: string | undefined,
  operation: string,
  request: unknown,
  run: () => Promise<T>,
): Promise<T> {
  if (!key) return run();
  const requestHash = createHash("sha256").update(JSON.stringify({ operation, request })).digest("base64url");
  const replay = async (): Promise<T | null> => {
    const prior = await findIdempotentRequest(hospitalId, key);
    if (!prior) return null;
    if (prior.requestHash !== requestHash) {
      throw new DomainError("CONFLICT", "This idempotency key was already used for a different request.");
    }
    const stored = prior.response as Stored;
    if ("pending" in stored) {
      throw new DomainError(
        "CONFLICT",
        "A request with this idempotency key is still being processed. Retry in a moment.",
      );
    }
    return superjson.deserialize<T>(stored.result);
  };
  let reserved = false;
  for (let attempt = 0; attempt < 3 && !reserved; attempt++) {
    const earlier = await replay();
    if (earlier !== null) return earlier;
    reserved = await reserveIdempotencyKey({ hospitalId, key, operation, requestHash });
  }
  if (!reserved) throw new DomainError("CONFLICT", "This idempotency key is busy. Retry in a moment.");
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
