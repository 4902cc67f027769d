// What a doctor's whole queue hears: an emergency or delay notice (rule 7) and a pause. Each is a
// queue change (version + 1, an event), so every subscriber gets it with the next snapshot.

import type { QueueState } from "../db/queue-repo.ts";
import { QUEUE_EVENT } from "../domain/events.ts";
import { assertCanPause, assertCanResume, assertNoticeToClear } from "../domain/transitions.ts";
import { type Actor, type ChangeOptions, changeQueue } from "./queue-change.ts";
import type { QueueScope } from "./queue-scope.ts";

export const NOTICE_PRIORITIES = ["low", "normal", "high", "critical"] as const;
export type NoticePriority = (typeof NOTICE_PRIORITIES)[number];

export type EmergencyInput = {
  doctorId: string;
  date: string;
  message: string;
  priority: NoticePriority;
  /** Minutes added to every estimate until the notice is cleared or expires. */
  estimatedDelay: number;
  expiresInMinutes?: number;
};

/** The notice a change replaces or takes down, recorded as the event's `before`. */
const noticeOf = (day: QueueState["queueDay"]) => ({
  delayMessage: day.delayMessage,
  delayMinutes: day.delayMinutes,
  delayPriority: day.delayPriority,
  delayUntil: day.delayUntil,
});

/** Broadcasts a notice to every patient of the doctor's queue; it replaces the one before. */
export function broadcastEmergency(
  scope: QueueScope,
  input: EmergencyInput,
  actor: Actor,
  opts: ChangeOptions = {},
) {
  const { doctorId, date } = input;
  return changeQueue({ scope, doctorId, date }, actor, opts, {
    async apply({ updateDay, state, now }) {
      const until =
        input.expiresInMinutes === undefined
          ? null
          : new Date(now.getTime() + input.expiresInMinutes * 60_000);
      await updateDay({
        delayMessage: input.message,
        delayMinutes: input.estimatedDelay,
        delayPriority: input.priority,
        delaySetAt: now,
        delayUntil: until,
      });
      const notice = {
        message: input.message,
        priority: input.priority,
        delayMinutes: input.estimatedDelay,
        since: now,
        until,
      };
      return {
        type: QUEUE_EVENT.EMERGENCY,
        appointmentId: null,
        reason: input.message,
        kind: "emergency",
        before: noticeOf(state.queueDay),
        data: notice,
        extra: { queueDayId: state.queueDay.id, notice },
      };
    },
  });
}

/** Takes the notice down: estimates lose its delay. */
export function clearEmergency(
  scope: QueueScope,
  doctorId: string,
  date: string,
  actor: Actor,
  opts: ChangeOptions = {},
) {
  return changeQueue({ scope, doctorId, date }, actor, opts, {
    rule: ({ state }) => assertNoticeToClear(state.queueDay),
    async apply({ updateDay, state }) {
      await updateDay({
        delayMessage: null,
        delayMinutes: 0,
        delayPriority: null,
        delaySetAt: null,
        delayUntil: null,
      });
      return {
        type: QUEUE_EVENT.EMERGENCY_CLEARED,
        appointmentId: null,
        kind: "emergency_cleared",
        before: noticeOf(state.queueDay),
        extra: { queueDayId: state.queueDay.id },
      };
    },
  });
}

/** Pauses the doctor's queue: nobody is called and estimates are withheld until it resumes. */
export function pauseQueue(
  scope: QueueScope,
  doctorId: string,
  date: string,
  actor: Actor,
  opts: ChangeOptions & { reason?: string } = {},
) {
  return changeQueue({ scope, doctorId, date }, actor, opts, {
    rule: ({ state }) => assertCanPause(state.queueDay),
    async apply({ updateDay, state, now }) {
      const reason = opts.reason ?? null;
      await updateDay({ paused: true, pausedReason: reason, pausedAt: now });
      return {
        type: QUEUE_EVENT.PAUSED,
        appointmentId: null,
        reason,
        before: { paused: false },
        extra: { queueDayId: state.queueDay.id, pausedAt: now },
      };
    },
  });
}

export function resumeQueue(
  scope: QueueScope,
  doctorId: string,
  date: string,
  actor: Actor,
  opts: ChangeOptions = {},
) {
  return changeQueue({ scope, doctorId, date }, actor, opts, {
    rule: ({ state }) => assertCanResume(state.queueDay),
    async apply({ updateDay, state }) {
      await updateDay({ paused: false, pausedReason: null, pausedAt: null });
      return {
        type: QUEUE_EVENT.RESUMED,
        appointmentId: null,
        before: { paused: true, pausedReason: state.queueDay.pausedReason },
        extra: { queueDayId: state.queueDay.id },
      };
    },
  });
}
