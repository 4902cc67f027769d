// Server-side callers (server components, REST aliases, tests) go through the same procedures.
import type { SessionStaff } from "../auth/session.ts";
import { callerContext } from "./context.ts";
import { appRouter } from "./root.ts";

export async function callerFor(staff: SessionStaff | null) {
  return appRouter.createCaller(callerContext(staff));
}
