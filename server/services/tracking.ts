// What a tracking link shows: the patient's own entry, counts, estimate and notices, never
// anyone else's details. Link → appointment lookup is cached (TRACKING_CACHE_TTL); the live part
// comes from the shared queue snapshot.
import { verifyTrackingToken } from "../auth/tracking-token.ts";
import { getCache } from "../cache/index.ts";
import { type AppointmentRef, findAppointmentRef } from "../db/queue-repo.ts";
import { DomainError } from "../domain/errors.ts";
import { patientView } from "../domain/snapshot.ts";
import { formatLocalTime } from "../domain/time.ts";
import { env } from "../env.ts";
import { getSnapshot, type QueueSnapshot, topicOf } from "./snapshot.ts";

const refKey = (appointmentId: string) => `queue:track:${appointmentId}`;

export type TrackingRef = AppointmentRef & { topic: string; expiresAt: Date };

/** Verifies the link and finds its appointment; 400 for a bad link, 404 for an unknown appointment. */
export async function resolveTracking(token: string, opts: { fresh?: boolean } = {}): Promise<TrackingRef> {
  const claims = await verifyTrackingToken(token);
  const cache = getCache();
  let ref = opts.fresh ? undefined : await cache.get<AppointmentRef>(refKey(claims.appointmentId));
  if (!ref) {
    ref = (await findAppointmentRef(claims.appointmentId)) ?? undefined;
    if (!ref) throw new DomainError("NOT_FOUND", "We could not find this appointment. Please ask reception.");
    await cache.set(refKey(claims.appointmentId), ref, env().TRACKING_CACHE_TTL);
  }
  if (ref.hospitalId !== claims.hospitalId || ref.doctorId !== claims.doctorId) {
    throw new DomainError(
      "BAD_REQUEST",
      "This tracking link is not valid. Please ask reception for a new one.",
    );
  }
  if (ref.tokenVersion !== claims.tokenVersion) {
    throw new DomainError(
      "BAD_REQUEST",
      "This tracking link has been replaced by a newer one. Please use the latest link from reception.",
    );
  }
  return { ...ref, topic: topicOf(ref.hospitalId, ref.queueDayId), expiresAt: claims.expiresAt };
}

/** Drops the cached link lookup (after a reissue or a reschedule). */
export async function forgetTrackingRef(appointmentId: string) {
  await getCache().del(refKey(appointmentId));
}

/** The tracking response (the seed's shape: data.queue.position, estimatedWaitTime, queueStatus). */
export function trackingData(ref: AppointmentRef, snapshot: QueueSnapshot) {
  const view = patientView(snapshot, ref.id);
  const tz = ref.hospital.timeZone;
  const slotStart = view.slotStart ?? ref.scheduledAt;
  return {
    appointment: {
      id: ref.id,
      ticket: ref.ticket,
      status: view.status,
      scheduledAt: ref.scheduledAt,
      slot: `${formatLocalTime(slotStart, tz)}–${formatLocalTime(new Date(slotStart.getTime() + 3_600_000), tz)}`,
      doctor: { name: ref.doctor.name, room: ref.doctor.room },
      hospital: { name: ref.hospital.name, timeZone: tz },
    },
    queue: {
      position: view.position,
      peopleAhead: view.peopleAhead,
      estimatedWaitTime: view.estimatedWaitMinutes,
      estimatedStartAt: view.estimatedStartAt,
      queueStatus: view.queueStatus,
      message: view.message,
      totalWaiting: view.totalWaiting,
    },
    notice: snapshot.notice,
    paused: snapshot.paused !== null,
    version: snapshot.version,
    updatedAt: snapshot.builtAt,
  };
}
export type TrackingData = ReturnType<typeof trackingData>;

export async function getTracking(token: string, opts: { fresh?: boolean } = {}): Promise<TrackingData> {
  const ref = await resolveTracking(token, opts);
  const snapshot = await getSnapshot(ref.queueDayId, { fresh: opts.fresh });
  if (!snapshot)
    throw new DomainError("NOT_FOUND", "We could not find this appointment. Please ask reception.");
  return trackingData(ref, snapshot);
}
