// What a doctor's whole queue hears: an emergency or delay notice (rule 7) and a pause. Each is a
// queue change (version + 1, an event), so every subscriber gets it with the next snapshot.
import { DomainError } from "../domain/errors.ts";
import {
  type Actor,
  type ChangeOptions,
  type QueueScope,
  queueDayOfDoctor,
  runQueueChange,
} from "./queue-changes.ts";

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

/** Broadcasts a notice to every patient of the doctor's queue; it replaces the one before. */
export async function broadcastEmergency(
  scope: QueueScope,
  input: EmergencyInput,
  actor: Actor,
  opts: ChangeOptions = {},
) {
  const queueDayId = await queueDayOfDoctor(scope, input.doctorId, input.date);
  return runQueueChange(
    queueDayId,
    actor,
    async ({ updateDay, state, now }) => {
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
      const { queueDay } = state;
      return {
        type: "EMERGENCY",
        appointmentId: null,
        reason: input.message,
        kind: "emergency",
        before: {
          delayMessage: queueDay.delayMessage,
          delayMinutes: queueDay.delayMinutes,
          delayPriority: queueDay.delayPriority,
          delayUntil: queueDay.delayUntil,
        },
        data: notice,
        extra: { queueDayId, notice },
      };
    },
    opts,
  );
}

/** Takes the notice down: estimates lose its delay. */
export async function clearEmergency(
  scope: QueueScope,
  doctorId: string,
  date: string,
  actor: Actor,
  opts: ChangeOptions = {},
) {
  const queueDayId = await queueDayOfDoctor(scope, doctorId, date);
  return runQueueChange(
    queueDayId,
    actor,
    async ({ updateDay, state }) => {
      const { queueDay } = state;
      if (!queueDay.delayMessage && queueDay.delayMinutes <= 0)
        throw new DomainError("NO_NOTICE", "There is no notice to clear.");
      await updateDay({
        delayMessage: null,
        delayMinutes: 0,
        delayPriority: null,
        delaySetAt: null,
        delayUntil: null,
      });
      return {
        type: "EMERGENCY_CLEARED",
        appointmentId: null,
        kind: "emergency_cleared",
        before: {
          delayMessage: queueDay.delayMessage,
          delayMinutes: queueDay.delayMinutes,
          delayPriority: queueDay.delayPriority,
          delayUntil: queueDay.delayUntil,
        },
        extra: { queueDayId },
      };
    },
    opts,
  );
}

/** Pauses the doctor's queue: nobody is called and estimates are withheld until it resumes. */
export async function pauseQueue(
  scope: QueueScope,
  doctorId: string,
  date: string,
  actor: Actor,
  opts: ChangeOptions & { reason?: string } = {},
) {
  const queueDayId = await queueDayOfDoctor(scope, doctorId, date);
  return runQueueChange(
    queueDayId,
    actor,
    async ({ updateDay, state, now }) => {
      if (state.queueDay.paused) {
        const why = state.queueDay.pausedReason ? ` (${state.queueDay.pausedReason})` : "";
        throw new DomainError("QUEUE_ALREADY_PAUSED", `This queue is already paused${why}.`);
      }
      const reason = opts.reason ?? null;
      await updateDay({ paused: true, pausedReason: reason, pausedAt: now });
      return {
        type: "PAUSED",
        appointmentId: null,
        reason,
        before: { paused: false },
        extra: { queueDayId, pausedAt: now },
      };
    },
    opts,
  );
}

export async function resumeQueue(
  scope: QueueScope,
  doctorId: string,
  date: string,
  actor: Actor,
  opts: ChangeOptions = {},
) {
  const queueDayId = await queueDayOfDoctor(scope, doctorId, date);
  return runQueueChange(
    queueDayId,
    actor,
    async ({ updateDay, state }) => {
      if (!state.queueDay.paused) throw new DomainError("QUEUE_NOT_PAUSED", "This queue is not paused.");
      await updateDay({ paused: false, pausedReason: null, pausedAt: null });
      return {
        type: "RESUMED",
        appointmentId: null,
        before: { paused: true, pausedReason: state.queueDay.pausedReason },
        extra: { queueDayId },
      };
    },
    opts,
  );
}
