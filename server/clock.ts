// The server's one clock for business time. Production reads the wall clock; tests, the demo and
// the e2e server start it at a chosen instant (PQ_CLOCK_START, server/clock-start.ts). Everything that
// decides "is it late / expired / idle / today" asks here; relative timers (backoff, throttles) do not.
export type Clock = { now(): Date };

const wall: Clock = { now: () => new Date() };
const g = globalThis as unknown as { __pqClock?: Clock; __pqBaseClock?: Clock };

export function clock(): Clock {
  return g.__pqClock ?? g.__pqBaseClock ?? wall;
}

export function now(): Date {
  return clock().now();
}

/** The current clock, looked up at each call (a context outlives a test's `setClock`). */
export const currentClock: Clock = { now };

/** Replaces the clock (tests); `null` restores the process's configured clock (the wall, or PQ_CLOCK_START's). */
export function setClock(next: Clock | null) {
  g.__pqClock = next ?? undefined;
}

/** The process's own clock (PQ_CLOCK_START): what `setClock(null)` returns to. */
export function setBaseClock(base: Clock | null) {
  g.__pqBaseClock = base ?? undefined;
}

/**
 * A clock that reads `start` at wall instant `anchorMs` (default: now) and runs at the wall clock's
 * pace from there, or stands still when frozen. Processes given the same start and anchor share one clock.
 */
export function clockFrom(
  start: Date,
  opts: { frozen?: boolean; anchorMs?: number } = {},
): Clock & { advance(ms: number): void } {
  let offset = start.getTime() - (opts.anchorMs ?? Date.now());
  let frozenAt = start.getTime();
  return {
    now: () => new Date(opts.frozen ? frozenAt : Date.now() + offset),
    advance(ms: number) {
      offset += ms;
      frozenAt += ms;
    },
  };
}
