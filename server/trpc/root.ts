// The root router: lists the domain routers. Clients infer every type from AppRouter.
import { createCallerFactory, router } from "./init.ts";
import { authRouter } from "./routers/auth.ts";
import { linksRouter } from "./routers/links.ts";
import { queueRouter } from "./routers/queue.ts";
import { staffRouter } from "./routers/staff.ts";
import { statsRouter } from "./routers/stats.ts";
import { systemRouter } from "./routers/system.ts";
import { trackingRouter } from "./routers/tracking.ts";

export const appRouter = router({
  auth: authRouter,
  tracking: trackingRouter,
  queue: queueRouter,
  stats: statsRouter,
  system: systemRouter,
  staff: staffRouter,
  links: linksRouter,
});

export type AppRouter = typeof appRouter;
export const createCaller = createCallerFactory(appRouter);
