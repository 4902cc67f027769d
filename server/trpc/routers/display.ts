// The waiting-room screen: staff get a read-only display link per doctor; the screen reads and
// follows today's queue with it (ticket numbers only). Output is parsed against ZDisplayData, so
// nothing beyond tickets and the doctor's notice can leave.
import { tracked } from "@trpc/server";
import { z } from "zod";
import { now as clockNow } from "../../clock.ts";
import { enforce, hashKey } from "../../http/rate-limit.ts";
import { followQueueDay } from "../../realtime/follow.ts";
import {
  displayData,
  displayDay,
  displayEventId,
  displayLink,
  existingDisplayLink,
  getDisplay,
  verifyDisplayToken,
  versionSeenOn,
} from "../../services/display.ts";
import { assertScreenLive, onScreenRevoked, screenWithdrawn } from "../../services/screen-state.ts";
import { limitSubscription, toTRPCError } from "../errors.ts";
import { publicProcedure, roleProcedure, router } from "../init.ts";
import { ZId } from "../schemas/primitives.ts";

const ZDisplayToken = z.string().trim().min(1, "The display link is empty.").max(2048);
export const ZDisplayInput = z.object({ doctorId: ZId, token: ZDisplayToken });
export const ZDisplaySubscribeInput = ZDisplayInput.extend({ lastEventId: z.string().max(32).nullish() });

const tickets = z.array(z.number().int());
export const ZDisplayData = z.object({
  hospital: z.object({ name: z.string() }),
  doctor: z.object({ name: z.string(), room: z.string() }),
  date: z.string(),
  timeZone: z.string(),
  called: tickets,
  inConsultation: tickets,
  next: tickets,
  calledToday: z.boolean(),
  waiting: z
    .number()
    .int()
    .meta({ description: "Patients checked in and waiting (here), not those booked and not yet arrived" }),
  notice: z.object({ message: z.string(), delayMinutes: z.number() }).nullable(),
  paused: z.boolean(),
  version: z.number().int(),
  updatedAt: z.date(),
  serverTime: z
    .date()
    .meta({ description: "The clinic's clock when this was sent: the screen shows its time, not the TV's" }),
  checkInCode: z.object({ code: z.string(), validUntil: z.date() }),
});

// A display link is a credential for a screen: handing one out needs "queue", read or not.
const giveDisplayLinks = roleProcedure(
  "get a waiting-room display link",
  ["ADMIN", "RECEPTIONIST"],
  "queue",
  "queue",
);

export const displayRouter = router({
  /** The doctor's screen link, its screen made the first time (a change: it hands out a credential). */
  link: giveDisplayLinks
    .input(z.object({ doctorId: ZId }))
    .mutation(({ ctx, input }) => displayLink(ctx.staff.hospitalId, input.doctorId)),
  /** That link if its screen exists and was not revoked, else null: adds nothing. */
  existingLink: giveDisplayLinks
    .input(z.object({ doctorId: ZId }))
    .query(({ ctx, input }) => existingDisplayLink(ctx.staff.hospitalId, input.doctorId)),

  get: publicProcedure
    .input(ZDisplayInput)
    .output(ZDisplayData)
    .query(async ({ ctx, input }) => {
      await enforce([["trackIp", ctx.ip]]);
      return getDisplay(input.token, input.doctorId);
    }),

  /**
   * Live: tracked(`date:version`, data). At local midnight the screen moves on to the new day's queue.
   * Opening one takes the per-IP and per-link read limits first (TOO_MANY_REQUESTS: an error frame
   * over WebSocket, a 429 over SSE).
   */
  onUpdate: publicProcedure
    .input(ZDisplaySubscribeInput)
    .use(async ({ ctx, input, next }) => {
      await limitSubscription(ctx, () =>
        enforce([
          ["trackIp", ctx.ip],
          ["trackToken", hashKey(input.token)],
        ]),
      );
      return next();
    })
    .subscription(async function* ({ input, signal }) {
      // Errors thrown while iterating bypass tRPC middleware: map domain errors here.
      try {
        yield* follow(input.token, input.doctorId, input.lastEventId ?? null, signal);
      } catch (err) {
        throw toTRPCError(err) ?? err;
      }
    }),
});

async function* follow(token: string, doctorId: string, lastEventId: string | null, signal?: AbortSignal) {
  let sent = lastEventId;
  while (!signal?.aborted) {
    // Checked again each day, so an expired link stops at the latest one day late.
    const claims = await verifyDisplayToken(token);
    // A revocation (announced on the bus by whichever instance made it) ends the screen at once.
    const withdrawn = new AbortController();
    const stopListening = onScreenRevoked(claims.screenId, () => withdrawn.abort());
    let day: Awaited<ReturnType<typeof displayDay>>;
    try {
      await assertScreenLive(claims); // again, now listening: a revocation in between is not missed
      day = await displayDay(claims, doctorId);
    } catch (err) {
      stopListening();
      throw err;
    }
    const tomorrow = new AbortController();
    const untilTomorrow = Math.max(1_000, day.endsAt.getTime() - clockNow().getTime() + 1_000);
    const rollover = setTimeout(() => tomorrow.abort(), Math.min(untilTomorrow, 2 ** 31 - 1));
    try {
      const ends = [tomorrow.signal, withdrawn.signal, ...(signal ? [signal] : [])];
      const changes = followQueueDay(day, {
        lastVersion: versionSeenOn(day.date, sent),
        signal: AbortSignal.any(ends),
      });
      for await (const { snapshot } of changes) {
        await assertScreenLive(claims); // also records the sighting (at most once a minute)
        sent = displayEventId(day.date, snapshot.version);
        yield tracked(sent, ZDisplayData.parse(displayData(day, snapshot)));
      }
      if (withdrawn.signal.aborted && !signal?.aborted) throw screenWithdrawn();
    } finally {
      stopListening();
      clearTimeout(rollover);
    }
  }
}
