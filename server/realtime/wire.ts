// The tRPC WebSocket wire format that wsLink reads, written directly for the fan-out fast path:
// result and error messages byte-for-byte as @trpc/server's ws adapter would send them (with
// superjson as the transformer), so the client cannot tell which path served it (wire.test.ts).
import { getErrorShape, getTRPCErrorFromUnknown, TRPCError } from "@trpc/server";
import superjson from "superjson";
import type { Context } from "../trpc/context.ts";
import { toTRPCError } from "../trpc/errors.ts";
import { appRouter } from "../trpc/root.ts";

export type RequestId = number | string;

/** The start of every data message of one subscription, up to the serialized data. */
export function dataPrefix(id: RequestId): string {
  return `{"id":${JSON.stringify(id)},"result":{"type":"data","data":`;
}

/**
 * A data message is dataPrefix(id) + body + dataSuffix(eventId):
 * `{"id":..,"result":{"type":"data","data":<superjson of {id, data}>,"id":"<eventId>"}}`, what the
 * adapter sends for `yield tracked(eventId, data)`; the body is the superjson text of {id, data}.
 */
export function dataSuffix(eventId: string): string {
  return `,"id":${JSON.stringify(eventId)}}}`;
}

export const startedMessage = (id: RequestId) => `{"id":${JSON.stringify(id)},"result":{"type":"started"}}`;
export const stoppedMessage = (id: RequestId) => `{"id":${JSON.stringify(id)},"result":{"type":"stopped"}}`;

/** An error reply shaped by the router's own errorFormatter, as the adapter would send it. */
export function errorMessage(
  id: RequestId | null,
  cause: unknown,
  call: { path: string | undefined; input: unknown; ctx: Context | undefined },
): string {
  const error = cause instanceof TRPCError ? cause : (toTRPCError(cause) ?? getTRPCErrorFromUnknown(cause));
  const shape = getErrorShape({
    config: appRouter._def._config,
    error,
    type: "subscription",
    path: call.path,
    input: call.input,
    ctx: call.ctx,
  });
  return JSON.stringify({ id, error: superjson.serialize(shape) });
}
