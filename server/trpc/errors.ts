// The one mapping from domain errors to tRPC codes and HTTP statuses.
import { TRPCError } from "@trpc/server";
import { DomainError } from "../domain/errors.ts";
import { RateLimited } from "../http/rate-limit.ts";

export const HTTP_STATUS: Record<string, number> = {
  BAD_REQUEST: 400,
  PARSE_ERROR: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  METHOD_NOT_SUPPORTED: 405,
  CONFLICT: 409,
  PAYLOAD_TOO_LARGE: 413,
  TOO_MANY_REQUESTS: 429,
  INTERNAL_SERVER_ERROR: 500,
};

/**
 * PostgreSQL refuses text it cannot store, such as a NUL byte (22021) or one it cannot translate
 * (22P05): the input was bad, the server is fine.
 */
function isUnstorableText(err: unknown): boolean {
  const cause = (err as { meta?: { driverAdapterError?: { cause?: { originalCode?: string } } } } | null)
    ?.meta?.driverAdapterError?.cause;
  return cause?.originalCode === "22021" || cause?.originalCode === "22P05";
}

/** A domain error (thrown by services) as the tRPC error a client sees; null for anything else. */
export function toTRPCError(err: unknown): TRPCError | null {
  if (err instanceof RateLimited)
    return new TRPCError({ code: "TOO_MANY_REQUESTS", message: err.message, cause: err });
  if (isUnstorableText(err))
    return new TRPCError({
      code: "BAD_REQUEST",
      message: "The request contains characters that cannot be stored (such as a NUL byte).",
      cause: err,
    });
  if (!(err instanceof DomainError)) return null;
  return new TRPCError({ code: err.code, message: err.message, cause: err });
}

/**
 * Subscriptions a rate limit refused before they started, by the call's context: over SSE tRPC
 * answers every subscription 200 and sends the error as an event, so the HTTP handler's
 * responseMeta reads this to make it a 429 with Retry-After (over WebSocket it is an error frame).
 */
const refusedSubscriptions = new WeakMap<object, RateLimited>();

/** Runs a subscription's limit check (in a middleware, before it starts); remembers a refusal, then throws it. */
export async function limitSubscription(ctx: object, check: () => Promise<void>) {
  try {
    await check();
  } catch (err) {
    if (err instanceof RateLimited) refusedSubscriptions.set(ctx, err);
    throw err;
  }
}

/** The rate limit that refused this call's subscription, if one did. */
export function subscriptionRefusal(ctx: object | undefined): RateLimited | null {
  return (ctx && refusedSubscriptions.get(ctx)) ?? null;
}

/** Seconds to put in Retry-After when a rate limit refused the call. */
export function retryAfterOf(err: unknown): number | null {
  const cause = err instanceof TRPCError ? err.cause : err;
  return cause instanceof RateLimited ? cause.retryAfterSeconds : null;
}
