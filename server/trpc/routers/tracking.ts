// Public tracking: a patient's link, read once or followed live.
// Over WebSocket, tracking.onUpdate is served by the fan-out fast path (server/ws/tracking-feed.ts),
// which speaks the same protocol; this procedure serves it everywhere else (SSE, createCaller) and is
// the reference the fast path is tested against.
import { tracked } from "@trpc/server";
import { z } from "zod";
import { verifyTrackingToken } from "../../auth/tracking-token.ts";
import { now as clockNow } from "../../clock.ts";
import { enforce, trackingLimits } from "../../http/rate-limit.ts";
import { followQueueDay } from "../../realtime/follow.ts";
import { getHub } from "../../realtime/hub.ts";
import { pushPublicKey, subscribePush, unsubscribePush } from "../../services/push-subscriptions.ts";
import {
  LATE_CHOICES,
  patientCancel,
  patientCheckIn,
  patientRunningLate,
} from "../../services/self-service.ts";
import {
  checkTracking,
  getTracking,
  isMissingFromSnapshot,
  lastVersionOn,
  liveTrackingData,
  snapshotHolding,
  type TrackingRef,
  trackingEventId,
  trackingExpired,
} from "../../services/tracking.ts";
import type { Context } from "../context.ts";
import { limitSubscription, toTRPCError } from "../errors.ts";
import { publicProcedure, router } from "../init.ts";
import { ZPushEndpoint, ZPushSubscription } from "../schemas/push.ts";
import { ZTrackingData } from "../schemas/tracking.ts";

export const ZToken = z
  .string()
  .trim()
  .min(1, "The tracking link is empty.")
  .max(2048, "The tracking link is too long.");
export const ZTrackInput = z.object({ token: ZToken, fresh: z.boolean().optional() });
// The last event id: "<version>:<queue day id>" (trackingEventId), or a version alone.
export const ZTrackSubscribeInput = z.object({ token: ZToken, lastEventId: z.string().max(64).nullish() });

async function limitTracking(ctx: Context, token: string) {
  // A read handed over by the fast path in front (server/http/track-fast.ts) was counted there.
  const taken = ctx.trackingLimits;
  if (taken?.token === token) {
    if (taken.refused) throw taken.refused;
    return;
  }
  await enforce(trackingLimits(ctx.ip, token));
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
      await limitTracking(ctx, input.token);
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
      await limitTracking(ctx, input.token);
      return getTracking(input.token, { fresh: true });
    }),

  /**
   * "I'm here": self check-in with the code on the doctor's waiting-room screen, inside the check-in
   * window. A wrong code is CHECK_IN_CODE_WRONG (400); five attempts per link in ten minutes.
   */
  checkIn: publicProcedure
    .meta({
      openapi: {
        method: "POST",
        path: "/appointments/track/{token}/check-in",
        tags: ["tracking"],
        summary: "Check yourself in with the code on the waiting-room screen",
      },
    })
    .input(
      z.object({
        token: ZToken,
        code: z
          .string()
          .trim()
          .min(1, "Type the code shown on the waiting-room screen.")
          .max(16, "The code is 5 characters.")
          .meta({ description: "The 5-character code on the waiting-room screen" }),
      }),
    )
    .output(
      z.object({
        status: z.literal("CHECKED_IN"),
        position: z.number().int().nullable(),
        version: z.number().int(),
      }),
    )
    .mutation(({ ctx, input }) => patientCheckIn(input.token, input.code, ctx.ip, ctx.clock.now())),

  /** "I'm running late" by 10, 20 or 30 minutes, at most twice: the latest report counts. */
  late: publicProcedure
    .meta({
      openapi: {
        method: "POST",
        path: "/appointments/track/{token}/late",
        tags: ["tracking"],
        summary: "Tell the clinic you are running late",
      },
    })
    .input(
      z.object({
        token: ZToken,
        minutes: z.coerce
          .number()
          .int()
          .refine((m) => (LATE_CHOICES as readonly number[]).includes(m), "Choose 10, 20 or 30 minutes.")
          .meta({ description: "10, 20 or 30" }),
      }),
    )
    .output(
      z.object({
        lateMinutes: z.number().int(),
        reportsLeft: z.number().int(),
        version: z.number().int(),
      }),
    )
    .mutation(({ ctx, input }) => patientRunningLate(input.token, input.minutes, ctx.ip, ctx.clock.now())),

  /** Cancels the appointment: the place is freed and everyone's estimate moves at once. */
  cancel: publicProcedure
    .meta({
      openapi: {
        method: "POST",
        path: "/appointments/track/{token}/cancel",
        tags: ["tracking"],
        summary: "Cancel the appointment",
      },
    })
    .input(z.object({ token: ZToken }))
    .output(
      z.object({
        status: z.literal("CANCELLED"),
        version: z.number().int(),
        phone: z.string().nullable().meta({ description: "The clinic's phone, to book again" }),
      }),
    )
    .mutation(({ ctx, input }) => patientCancel(input.token, ctx.ip, ctx.clock.now())),

  /** The key a browser subscribes to push with (the server's VAPID public key, base64url). */
  pushKey: publicProcedure
    .meta({
      openapi: {
        method: "GET",
        path: "/appointments/track/{token}/push",
        tags: ["tracking"],
        summary: "The Web Push public key (VAPID) to subscribe with",
      },
    })
    .input(z.object({ token: ZToken }))
    .output(z.object({ publicKey: z.string() }))
    .query(({ ctx, input }) => pushPublicKey(input.token, ctx.ip)),

  /**
   * "Notify me": ties the browser's push subscription to the appointment, so "you're next", "it's
   * your turn", the doctor's notices and a cancellation reach the phone while the page is closed.
   * At most 3 per appointment (the oldest goes); VISIT_OVER once the visit is over.
   */
  push: publicProcedure
    .meta({
      openapi: {
        method: "POST",
        path: "/appointments/track/{token}/push",
        tags: ["tracking"],
        summary: "Subscribe this browser to push notifications for the appointment",
      },
    })
    .input(ZPushSubscription.extend({ token: ZToken }))
    .output(z.object({ subscribed: z.literal(true) }))
    .mutation(({ ctx, input }) => subscribePush(input.token, input, ctx.ip, ctx.clock.now())),

  /** Takes this browser's push subscription off the appointment. */
  pushRemove: publicProcedure
    .meta({
      openapi: {
        method: "POST",
        path: "/appointments/track/{token}/push/remove",
        tags: ["tracking"],
        summary: "Stop push notifications to this browser",
      },
    })
    .input(ZPushEndpoint.extend({ token: ZToken }))
    .output(z.object({ removed: z.boolean() }))
    .mutation(({ ctx, input }) => unsubscribePush(input.token, input.endpoint, ctx.ip)),

  /**
   * Live updates: tracked(version, data) with data.event "update" or "emergency". A reconnecting
   * client sends its last version and gets the current state at once if it is newer (or if its
   * version is newer than the queue's even in the database: a client from before a restore). An
   * expired or replaced link ends the subscription with BAD_REQUEST and a message the page shows.
   * Opening one takes the tracking read limits (per IP, per link) before it starts, so over the limit
   * it is refused with TOO_MANY_REQUESTS: an error frame over WebSocket, a 429 over SSE.
   */
  onUpdate: publicProcedure
    .input(ZTrackSubscribeInput)
    .use(async ({ ctx, input, next }) => {
      await limitSubscription(ctx, () => limitTracking(ctx, input.token));
      return next();
    })
    .subscription(async function* ({ input, signal }) {
      // Errors thrown while iterating bypass tRPC middleware: map domain errors here.
      try {
        yield* follow(input.token, input.lastEventId, signal);
      } catch (err) {
        throw toTRPCError(err) ?? err;
      }
    }),
});

/** The version a reconnecting client last saw (-1: none). */
export function lastVersionOf(lastEventId: string | null | undefined): number {
  const n = lastEventId ? Number.parseInt(lastEventId, 10) : -1;
  return Number.isNaN(n) ? -1 : n;
}

/**
 * A patient's live feed: their appointment's queue day, followed until the link stops holding. When
 * the appointment is rescheduled the feed follows it: to its new day's current state, or (a new time
 * on the same day) the current state again with the new time.
 */
async function* follow(
  token: string,
  lastEventId: string | null | undefined,
  signal: AbortSignal | undefined,
) {
  const claims = await verifyTrackingToken(token);
  let ref = await checkTracking(claims);
  const hub = getHub();
  let failure: unknown = null;
  // Where the appointment moved (another day, or a new time), set by the link listener.
  const moved: { to: TrackingRef | null } = { to: null };
  let ended = new AbortController();
  const end = (err: unknown) => {
    failure ??= err;
    ended.abort();
  };
  const stopLinks = hub.subscribeLinks((appointmentId) => {
    if (appointmentId !== ref.id) return;
    void checkTracking(claims, { fresh: true }).then((now) => {
      if (now.queueDayId === ref.queueDayId && now.scheduledAt.getTime() === ref.scheduledAt.getTime())
        return;
      moved.to = now;
      ended.abort();
    }, end);
  });
  let expiry: NodeJS.Timeout | undefined;
  const expireAt = (at: Date) => {
    clearTimeout(expiry);
    const inMs = Math.max(0, at.getTime() - clockNow().getTime());
    expiry = setTimeout(() => end(trackingExpired()), Math.min(inMs, 2 ** 31 - 1));
  };
  expireAt(ref.expiresAt);
  let sent = lastVersionOn(ref.queueDayId, lastEventId);
  try {
    for (;;) {
      const day = ref;
      const changes = followQueueDay(day, {
        lastVersion: sent,
        signal: signal ? AbortSignal.any([signal, ended.signal]) : ended.signal,
        holding: (snapshot) => snapshotHolding(day, snapshot),
      });
      for await (const { snapshot, event } of changes) {
        let data: ReturnType<typeof liveTrackingData>;
        try {
          data = liveTrackingData(day, snapshot, event);
        } catch (err) {
          // Not in this day's snapshot: followed if it moved (the old day's snapshot of the move
          // can come before the news of it), else the feed ends with the error.
          if (!isMissingFromSnapshot(err)) throw err;
          const now = await checkTracking(claims, { fresh: true });
          if (now.queueDayId === day.queueDayId && now.scheduledAt.getTime() === day.scheduledAt.getTime())
            throw err;
          moved.to = now;
          break;
        }
        sent = snapshot.version;
        yield tracked(trackingEventId(snapshot), data);
      }
      if (failure) throw failure;
      const next = moved.to;
      if (!next || signal?.aborted) return;
      sent = next.queueDayId === day.queueDayId && sent >= 0 ? sent - 1 : -1;
      ref = next;
      moved.to = null;
      ended = new AbortController();
      expireAt(ref.expiresAt);
    }
  } finally {
    clearTimeout(expiry);
    stopLinks();
  }
}
