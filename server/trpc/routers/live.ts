// Staff live views of one doctor's queue day (the hospital-wide board is queue.onBoard): the full
// snapshot as tracked(version, snapshot + event), resumable from lastEventId like a patient's.
import { tracked } from "@trpc/server";
import { z } from "zod";
import { localDateOf } from "../../domain/time.ts";
import { getHub } from "../../realtime/hub.ts";
import { latestValues } from "../../realtime/latest.ts";
import { queueDayFor } from "../../services/board.ts";
import { assertInScope, scopeOfStaff } from "../../services/queue-changes.ts";
import { getSnapshot, type QueueSnapshot, topicOf } from "../../services/snapshot.ts";
import { liveEventFor } from "../../services/tracking.ts";
import { toTRPCError } from "../errors.ts";
import { roleProcedure, router } from "../init.ts";
import { ZDate } from "./queue.ts";
import { lastVersionOf } from "./tracking.ts";

const watchQueue = roleProcedure("watch the queue", ["ADMIN", "RECEPTIONIST", "DOCTOR"]);

export const ZDoctorDayWatchInput = z.object({
  doctorId: z.string().trim().min(1).max(64),
  date: ZDate.optional(),
  lastEventId: z.string().max(32).nullish(),
});

export const liveRouter = router({
  /** Every change to one doctor's queue day; a doctor may watch only their own. */
  onDoctorDay: watchQueue.input(ZDoctorDayWatchInput).subscription(async function* ({ ctx, input, signal }) {
    try {
      const { staff } = ctx;
      assertInScope(scopeOfStaff(staff), input.doctorId, "Doctors can only watch their own queue.");
      const date = input.date ?? localDateOf(new Date(), staff.hospital.timeZone);
      const queueDayId = await queueDayFor(staff.hospitalId, input.doctorId, date);
      const topic = topicOf(staff.hospitalId, queueDayId);
      const hub = getHub();
      // Listen before reading the current state, so no change between the two is lost.
      const updates = latestValues<QueueSnapshot>((push) => hub.subscribe(topic, push), signal);
      try {
        let sent = lastVersionOf(input.lastEventId);
        let current = await getSnapshot(queueDayId);
        // A lastEventId newer than even the database's version (a restore) starts afresh.
        if (current) ({ snapshot: current, sent } = await hub.resume(queueDayId, current, sent));
        if (current && current.version > sent) {
          const event = liveEventFor(sent, hub.emergencyVersion(topic), current.version);
          sent = current.version;
          yield tracked(String(current.version), { ...current, event });
        }
        for await (const snapshot of updates) {
          if (snapshot.version <= sent) continue;
          const event = liveEventFor(sent, hub.emergencyVersion(topic), snapshot.version);
          sent = snapshot.version;
          yield tracked(String(snapshot.version), { ...snapshot, event });
        }
      } finally {
        updates.close();
      }
    } catch (err) {
      // Errors thrown while iterating bypass tRPC middleware: map domain errors here.
      throw toTRPCError(err) ?? err;
    }
  }),
});
