// Public tracking: a patient's link, read once or followed live.
import { tracked } from "@trpc/server";
import { z } from "zod";
import { DomainError } from "../../domain/errors.ts";
import { enforce, hashKey } from "../../http/rate-limit.ts";
import { getHub } from "../../realtime/hub.ts";
import { latestValues } from "../../realtime/latest.ts";
import { getSnapshot, type QueueSnapshot } from "../../services/snapshot.ts";
import { getTracking, resolveTracking, trackingData } from "../../services/tracking.ts";
import { publicProcedure, router } from "../init.ts";
import { ZTrackingData } from "../schemas/tracking.ts";

export const ZToken = z
  .string()
  .trim()
  .min(1, "The tracking link is empty.")
  .max(2048, "The tracking link is too long.");
export const ZTrackInput = z.object({ token: ZToken, fresh: z.boolean().optional() });
export const ZTrackSubscribeInput = z.object({ token: ZToken, lastEventId: z.string().max(32).nullish() });

function limitTracking(ip: string, token: string) {
  return enforce([
    ["trackIp", ip],
    ["trackToken", hashKey(token)],
  ]);
}

export const trackingRouter = router({
  get: publicProcedure
    .meta({
      openapi: {
        method: "GET",
        path: "/appointments/track/{token}",
        tags: ["tracking"],
        summary: "Track an appointment",
      },
    })
    .input(ZTrackInput)
    .output(ZTrackingData)
    .query(async ({ ctx, input }) => {
      await limitTracking(ctx.ip, input.token);
      return getTracking(input.token, { fresh: input.fresh });
    }),

  /** The seed's refresh-queue: the same answer, bypassing every cache. */
  refresh: publicProcedure
    .meta({
      openapi: {
        method: "GET",
        path: "/appointments/refresh-queue/{token}",
        tags: ["tracking"],
        summary: "Fresh queue status (no cache)",
      },
    })
    .input(z.object({ token: ZToken }))
    .output(ZTrackingData)
    .query(async ({ ctx, input }) => {
      await limitTracking(ctx.ip, input.token);
      return getTracking(input.token, { fresh: true });
    }),

  /** Live updates. Events are tracked(version, data): a reconnecting client sends its last version and gets the current state at once if it is newer. */
  onUpdate: publicProcedure.input(ZTrackSubscribeInput).subscription(async function* ({ input, signal }) {
    const ref = await resolveTracking(input.token);
    // Listen before reading the current state, so no change between the two is lost.
    const updates = latestValues<QueueSnapshot>(
      (push) => getHub().subscribe(ref.topic, (s) => push(s)),
      signal,
    );
    // An expired link stops updating: the page is told why and offers nothing stale.
    const expiresInMs = Math.max(0, ref.expiresAt.getTime() - Date.now());
    const expiry = setTimeout(() => updates.close(), Math.min(expiresInMs, 2 ** 31 - 1));
    try {
      let sent = input.lastEventId ? Number.parseInt(input.lastEventId, 10) : -1;
      if (Number.isNaN(sent)) sent = -1;
      const current = await getSnapshot(ref.queueDayId);
      if (current && current.version > sent) {
        sent = current.version;
        yield tracked(String(current.version), trackingData(ref, current));
      }
      for await (const snapshot of updates) {
        if (snapshot.version <= sent) continue;
        sent = snapshot.version;
        yield tracked(String(snapshot.version), trackingData(ref, snapshot));
      }
      if (!signal?.aborted && Date.now() >= ref.expiresAt.getTime()) {
        throw new DomainError(
          "BAD_REQUEST",
          "This tracking link has expired. Please ask reception for a new one.",
        );
      }
    } finally {
      clearTimeout(expiry);
      updates.close();
    }
  }),
});
