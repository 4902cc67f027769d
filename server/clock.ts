// The server's one clock for business time. Production reads the wall clock; tests and the e2e
// server set a fixed or shifted one. Everything that decides "is it late / expired / idle" asks here.
export type Clock = { now(): Date };

const wall: Clock = { now: () => new Date() };
const g = globalThis as unknown as { __pqClock?: Clock };

export function clock(): Clock {
  return g.__pqClock ?? wall;
}

export function now(): Date {
  return clock().now();
}

/** Replaces the clock (tests); `null` restores the wall clock. */
export function setClock(next: Clock | null) {
  g.__pqClock = next ?? undefined;
}

/** A clock that starts at `start` and runs at the wall clock's pace (or stands still when frozen). */
export function clockFrom(
  start: Date,
  opts: { frozen?: boolean } = {},
): Clock & { advance(ms: number): void } {
  let offset = start.getTime() - Date.now();
  let frozenAt = start.getTime();
  return {
    now: () => new Date(opts.frozen ? frozenAt : Date.now() + offset),
    advance(ms: number) {
      offset += ms;
      frozenAt += ms;
    },
  };
}
