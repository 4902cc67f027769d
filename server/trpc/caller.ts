// Server-side callers (server components, REST aliases, tests) go through the same procedures.
import "server-only";
import type { SessionStaff } from "../auth/session.ts";
import { callerContext } from "./context.ts";
import { appRouter } from "./root.ts";

/** `ip`: the client's address when a page renders on a visitor's behalf (per-IP limits apply to it). */
export async function callerFor(staff: SessionStaff | null, ip?: string) {
  const context = callerContext(staff);
  return appRouter.createCaller(ip ? { ...context, ip } : context);
}
