// Staff live views of one doctor's queue day (the hospital-wide board is queue.onBoard): the full
// snapshot as tracked(version, snapshot + event), resumable from lastEventId like a patient's.
import { tracked } from "@trpc/server";
import { z } from "zod";
import { followQueueDay } from "../../realtime/follow.ts";
import { queueDayFor } from "../../services/board.ts";
import { assertInScope, scopeOfStaff } from "../../services/queue-changes.ts";
import { topicOf } from "../../services/snapshot.ts";
import { hospitalToday } from "../context.ts";
import { toTRPCError } from "../errors.ts";
import { roleProcedure, router } from "../init.ts";
import { ZId, ZLocalDate } from "../schemas/primitives.ts";
import { lastVersionOf } from "./tracking.ts";

const watchQueue = roleProcedure("watch the queue", ["ADMIN", "RECEPTIONIST", "DOCTOR"]);

export const ZDoctorDayWatchInput = z.object({
  doctorId: ZId,
  date: ZLocalDate.optional(),
  lastEventId: z.string().max(32).nullish(),
});

export const liveRouter = router({
  /** Every change to one doctor's queue day; a doctor may watch only their own. */
  onDoctorDay: watchQueue.input(ZDoctorDayWatchInput).subscription(async function* ({ ctx, input, signal }) {
    try {
      const { staff } = ctx;
      assertInScope(scopeOfStaff(staff), input.doctorId, "Doctors can only watch their own queue.");
      const date = input.date ?? hospitalToday(ctx);
      const queueDayId = await queueDayFor(staff.hospitalId, input.doctorId, date);
      const day = { topic: topicOf(staff.hospitalId, queueDayId), queueDayId };
      const changes = followQueueDay(day, { lastVersion: lastVersionOf(input.lastEventId), signal });
      for await (const { snapshot, event } of changes)
        yield tracked(String(snapshot.version), { ...snapshot, event });
    } catch (err) {
      // Errors thrown while iterating bypass tRPC middleware: map domain errors here.
      throw toTRPCError(err) ?? err;
    }
  }),
});
