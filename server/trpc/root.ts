// The root router: lists the domain routers. Clients infer every type from AppRouter.
import { createCallerFactory, router } from "./init.ts";
import { adminDoctorsRouter } from "./routers/admin-doctors.ts";
import { adminHospitalRouter } from "./routers/admin-hospital.ts";
import { adminStaffRouter } from "./routers/admin-staff.ts";
import { appointmentsRouter } from "./routers/appointments.ts";
import { authRouter } from "./routers/auth.ts";
import { displayRouter } from "./routers/display.ts";
import { linksRouter } from "./routers/links.ts";
import { liveRouter } from "./routers/live.ts";
import { queueRouter } from "./routers/queue.ts";
import { screensRouter } from "./routers/screens.ts";
import { setupRouter } from "./routers/setup.ts";
import { slotsRouter } from "./routers/slots.ts";
import { slotsRestRouter } from "./routers/slots-rest.ts";
import { staffRouter } from "./routers/staff.ts";
import { statsRouter } from "./routers/stats.ts";
import { systemRouter } from "./routers/system.ts";
import { trackingRouter } from "./routers/tracking.ts";

export const appRouter = router({
  auth: authRouter,
  tracking: trackingRouter,
  queue: queueRouter,
  slots: slotsRouter,
  slotsRest: slotsRestRouter,
  stats: statsRouter,
  system: systemRouter,
  staff: staffRouter,
  links: linksRouter,
  appointments: appointmentsRouter,
  display: displayRouter,
  live: liveRouter,
  setup: setupRouter,
  adminHospital: adminHospitalRouter,
  adminStaff: adminStaffRouter,
  adminDoctors: adminDoctorsRouter,
  screens: screensRouter,
});

export type AppRouter = typeof appRouter;
export const createCaller = createCallerFactory(appRouter);
