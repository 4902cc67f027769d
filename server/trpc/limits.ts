// Limits on what one request may ask of tRPC.

/**
 * Calls in one batch (HTTP `?batch=1`, or one WebSocket frame holding an array): more is one
 * BAD_REQUEST. Our pages batch at most 20 (components/trpc.tsx); 600 board reads in one 48 KB frame
 * held the server for 7 s (an attacker's probe, 2026-12-07).
 */
export const MAX_BATCH_SIZE = 50;
