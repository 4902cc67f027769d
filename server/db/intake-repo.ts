// Idempotent requests: a key is reserved before the change runs and holds its answer after, so a
// retried (or concurrent) call with the same key never does the work twice.
import { getDb } from "./client.ts";
import type { Prisma } from "./generated/client.ts";

export function findIdempotentRequest(hospitalId: string, key: string) {
  return getDb().idempotentRequest.findUnique({
    where: { hospitalId_key: { hospitalId, key } },
    select: { operation: true, requestHash: true, response: true, createdAt: true },
  });
}

/** Reserves the key; false when it is taken already. */
export async function reserveIdempotencyKey(data: {
  hospitalId: string;
  key: string;
  operation: string;
  requestHash: string;
}) {
  try {
    await getDb().idempotentRequest.create({ data: { ...data, response: { pending: true } } });
    return true;
  } catch (err) {
    if ((err as { code?: string }).code === "P2002") return false;
    throw err;
  }
}

export function completeIdempotentRequest(hospitalId: string, key: string, response: Prisma.InputJsonValue) {
  return getDb().idempotentRequest.update({
    where: { hospitalId_key: { hospitalId, key } },
    data: { response },
  });
}

export function releaseIdempotencyKey(hospitalId: string, key: string) {
  return getDb().idempotentRequest.deleteMany({ where: { hospitalId, key } });
}

/** Drops a reservation whose request never finished (its process died): only that very row. */
export function releaseAbandonedIdempotencyKey(hospitalId: string, key: string, reservedAt: Date) {
  return getDb().idempotentRequest.deleteMany({ where: { hospitalId, key, createdAt: reservedAt } });
}
