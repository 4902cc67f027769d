// Subscriptions over plain HTTP (SSE) stay open as long as a WebSocket does, so they get the same two
// bounds: open streams per client address (as WebSocket connections, WS_DEFAULTS.maxConnectionsPerIp),
// and, for a staff identity, the end of the stream when the right to it ends (sign-out, deactivation,
// a new password, a revoked token, an idle or expired session: realtime/identity-sockets.ts).
import type { Identity } from "../auth/identity.ts";
import { identitySockets } from "../realtime/identity-sockets.ts";
import { RateLimited } from "./rate-limit.ts";

/** An open HTTP response that may carry a stream: end it, and hear when it ends. */
export type LiveResponse = { end: () => void; onClose: (fn: () => void) => void };

/** Open SSE streams one address may hold (a clinic's waiting room often shares one address). */
export const MAX_STREAMS_PER_IP = 200;
const RETRY_AFTER_SECONDS = 30;

const openByIp = new Map<string, number>();

/** Open streams from `ip` on this instance. */
export function openStreams(ip: string): number {
  return openByIp.get(ip) ?? 0;
}

/**
 * Counts a stream against its address until the response closes; refused (RateLimited, a 429 with
 * Retry-After) when the address already holds `max`.
 */
export function holdStream(ip: string, response: LiveResponse, max = MAX_STREAMS_PER_IP): void {
  const held = openStreams(ip);
  if (held >= max) throw new RateLimited(RETRY_AFTER_SECONDS);
  openByIp.set(ip, held + 1);
  let released = false;
  response.onClose(() => {
    if (released) return;
    released = true;
    const n = openStreams(ip) - 1;
    if (n <= 0) openByIp.delete(ip);
    else openByIp.set(ip, n);
  });
}

/** Ends the stream when `identity` ends, as an open WebSocket of that identity is closed. */
export function endWithIdentity(identity: Identity, response: LiveResponse): void {
  response.onClose(identitySockets().register(identity, () => response.end()));
}
