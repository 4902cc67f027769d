// Waiting-room screens (the admin's list): each has its own link, which can be revoked. Admins and
// reception set screens up; an API token needs the "queue" scope to change them.
import { z } from "zod";
import { addScreen, listScreens, withdrawScreen } from "../../services/screens.ts";
import { roleProcedure, router } from "../init.ts";
import { ZId } from "../schemas/primitives.ts";
import { ZText } from "../schemas/text.ts";

const screens = roleProcedure("set up waiting-room screens", ["ADMIN", "RECEPTIONIST"], "queue");

export const ZScreen = z.object({
  id: z.string(),
  name: z.string(),
  doctorId: z.string(),
  doctor: z.object({ name: z.string() }),
  createdAt: z.date(),
  lastSeenAt: z.date().nullable(),
  revokedAt: z.date().nullable(),
});

export const ZCreateScreenInput = z.object({ doctorId: ZId, name: ZText(80) });

export const screensRouter = router({
  list: screens.output(z.array(ZScreen)).query(({ ctx }) => listScreens(ctx.staff.hospitalId)),
  /** A new screen and its link (shown once: the list never shows a link). */
  create: screens
    .input(ZCreateScreenInput)
    .output(
      z.object({
        id: z.string(),
        doctorId: z.string(),
        url: z.string(),
        path: z.string(),
        expiresAt: z.date(),
      }),
    )
    .mutation(({ ctx, input }) => addScreen(ctx.staff.hospitalId, input)),
  revoke: screens
    .input(z.object({ screenId: ZId }))
    .mutation(({ ctx, input }) => withdrawScreen(ctx.staff.hospitalId, input.screenId)),
});
