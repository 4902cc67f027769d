// The one mapping from domain errors to tRPC errors, and the reason code every error carries on the
// wire: `error.data.reason` in tRPC's error shape (init.ts's errorFormatter: queries, mutations and
// subscriptions, over HTTP, SSE and WebSocket alike), `error.code` in the REST envelope (openapi.ts).
import { TRPCError } from "@trpc/server";
import type { TRPC_ERROR_CODE_KEY } from "@trpc/server/rpc";
import { DomainError, type Reason } from "../domain/errors.ts";
import { RateLimited } from "../http/rate-limit.ts";

/** A domain error's reason, or tRPC's code for an error no domain reason explains (bad input, a limit, a fault). */
export type ErrorReason = Reason | TRPC_ERROR_CODE_KEY;

/** The reason a client switches on; always consistent with the error's status. */
export function reasonOf(error: TRPCError): ErrorReason {
  const cause = error.cause;
  return cause instanceof DomainError && cause.code === error.code ? cause.reason : error.code;
}

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
