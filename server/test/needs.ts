// Tests that need a real service declare it here: without the service they are skipped, and their
// title always carries the need ("[needs pg] …"), so .ci/run (.ci/vitest-skips.mjs) can fail a run
// in which such a test was skipped although DATABASE_URL / REDIS_URL were set.
import { describe, it, type TestFunction, type TestOptions } from "vitest";
import { hasRedisServer } from "../cache/testing/redis-server.ts";

/**
 * pg: PostgreSQL at DATABASE_URL (not the embedded database); redis: Redis at REDIS_URL;
 * redis-server: the redis-server binary, for tests that kill and restart a Redis of their own.
 */
export type Need = "pg" | "redis" | "redis-server";

const present: Record<Need, () => boolean> = {
  pg: () => Boolean(process.env.DATABASE_URL),
  redis: () => Boolean(process.env.REDIS_URL),
  "redis-server": () => hasRedisServer,
};

/** The title a test or suite needing `needs` runs (or is skipped) under. */
export const titleNeeding = (needs: Need[], title: string) =>
  `${needs.map((need) => `[needs ${need}]`).join(" ")} ${title}`;

/** Whether every one of `needs` is there. */
export const hasAll = (needs: Need[]) => needs.every((need) => present[need]());

/** `describe`, skipped unless every one of `needs` is there. */
export function describeNeeding(needs: Need[], title: string, suite: () => void) {
  return describe.skipIf(!hasAll(needs))(titleNeeding(needs, title), suite);
}

/** `it`, skipped unless every one of `needs` is there; `options` as `it`'s (a timeout in ms, or more). */
export function itNeeding(
  needs: Need[],
  title: string,
  test: TestFunction,
  options: number | TestOptions = {},
) {
  const opts = typeof options === "number" ? { timeout: options } : options;
  return it.skipIf(!hasAll(needs))(titleNeeding(needs, title), opts, test);
}
