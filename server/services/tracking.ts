// What a tracking link shows: the patient's own entry, counts, estimate and notices, never
// anyone else's details. Link → appointment lookup is cached (TRACKING_CACHE_TTL); the live part
// comes from the shared queue snapshot.
import { offeredLocales } from "../../components/i18n/config.ts";
import { linkExpiresAt, type VerifiedTracking, verifyTrackingToken } from "../auth/tracking-token.ts";
import { getCache } from "../cache/index.ts";
import { now as clockNow } from "../clock.ts";
import { type AppointmentRef, findAppointmentRef } from "../db/queue-repo.ts";
import { DomainError } from "../domain/errors.ts";
import { type PatientView, PatientViews } from "../domain/snapshot.ts";
import { formatLocalTime } from "../domain/time.ts";
import { env } from "../env.ts";
import { getBus } from "../realtime/bus-index.ts";
import { getHub } from "../realtime/hub.ts";
import { getSnapshot, type QueueSnapshot, topicOf } from "./snapshot.ts";

/** The cache key of an appointment's link record (dropped when its link or hospital changes). */
export const trackingRefKey = (appointmentId: string) => `queue:track:${appointmentId}`;
const refKey = trackingRefKey;

export type TrackingRef = AppointmentRef & { topic: string; expiresAt: Date };

/** Verifies the link and finds its appointment; 400 for a bad link, 404 for an unknown appointment. */
export async function resolveTracking(token: string, opts: { fresh?: boolean } = {}): Promise<TrackingRef> {
  return checkTracking(await verifyTrackingToken(token), opts);
}

/**
 * The appointment a verified link names, if the link still holds: same hospital, not replaced by a
 * reissue, not expired (its expiry follows a rescheduled appointment: linkExpiresAt). Open
 * subscriptions call it again (fresh) when their link may have changed.
 */
export async function checkTracking(
  claims: VerifiedTracking,
  opts: { fresh?: boolean } = {},
): Promise<TrackingRef> {
  const ref = await appointmentRef(claims.appointmentId, opts);
  if (!ref)
    throw new DomainError(
      "APPOINTMENT_NOT_FOUND",
      "We could not find this appointment. Please ask reception.",
    );
  const refusal = linkRefusal(ref, claims);
  if (refusal) throw refusal;
  return {
    ...ref,
    topic: topicOf(ref.hospitalId, ref.queueDayId),
    expiresAt: linkExpiresAt(claims, ref),
  };
}

/** What a link needs of its appointment, from the shared cache (TRACKING_CACHE_TTL) or the database. */
export async function appointmentRef(
  appointmentId: string,
  opts: { fresh?: boolean } = {},
): Promise<AppointmentRef | null> {
  const cache = getCache();
  const cached = opts.fresh ? undefined : await cache.get<AppointmentRef>(refKey(appointmentId));
  if (cached) return cached;
  const ref = await findAppointmentRef(appointmentId);
  if (ref) await cache.set(refKey(appointmentId), ref, env().TRACKING_CACHE_TTL);
  return ref;
}

/**
 * Why a verified link no longer holds for its appointment (another hospital, reissued, expired);
 * null if it does. The doctor is not compared: a reschedule to another doctor keeps the link.
 */
export function linkRefusal(
  ref: Pick<AppointmentRef, "hospitalId" | "tokenVersion" | "scheduledAt"> & {
    hospital: { timeZone: string; trackingLinkHours?: number | null };
  },
  claims: VerifiedTracking,
  now = clockNow(),
): DomainError | null {
  if (ref.hospitalId !== claims.hospitalId) {
    return new DomainError(
      "LINK_INVALID",
      "This tracking link is not valid. Please ask reception for a new one.",
    );
  }
  if (ref.tokenVersion !== claims.tokenVersion) {
    return new DomainError(
      "LINK_REPLACED",
      "This tracking link has been replaced by a newer one. Please use the latest link from reception.",
    );
  }
  if (now.getTime() >= linkExpiresAt(claims, ref).getTime()) return trackingExpired();
  return null;
}

/** Why an open subscription ends: its link expired. */
export function trackingExpired(): DomainError {
  return new DomainError(
    "LINK_EXPIRED",
    "This tracking link has expired. Please ask reception for a new one.",
  );
}

/**
 * Drops the cached link lookup (after a reissue or a reschedule) and tells every instance, so open
 * subscriptions of that appointment check their link again at once.
 */
export async function forgetTrackingRef(appointmentId: string) {
  await getCache().del(refKey(appointmentId));
  const ref = await findAppointmentRef(appointmentId);
  if (!ref) return;
  await getBus().publish({
    topic: topicOf(ref.hospitalId, ref.queueDayId),
    version: 0,
    reason: "link changed",
    kind: "link",
    appointmentId,
    at: Date.now(),
  });
}

/** Every patient's view of a snapshot, worked out once per snapshot and shared by all readers. */
const viewers = new WeakMap<QueueSnapshot, PatientViews>();
export function viewOf(snapshot: QueueSnapshot, appointmentId: string): PatientView {
  return viewsOf(snapshot).of(appointmentId);
}

/** The views of every patient of `snapshot` (worked out once per snapshot). */
export function viewsOf(snapshot: QueueSnapshot): PatientViews {
  let views = viewers.get(snapshot);
  if (!views) {
    views = new PatientViews(snapshot);
    viewers.set(snapshot, views);
  }
  return views;
}

/** The tracking response (the seed's shape: data.queue.position, estimatedWaitTime, queueStatus). */
/**
 * A patient's live event id: the version and the queue day it is a version of. A version means
 * nothing on another day: a page that was offline while its appointment moved to another day comes
 * back with the old day's version, which may equal the new day's.
 */
export const trackingEventId = (snapshot: { version: number; queueDayId: string }) =>
  `${snapshot.version}:${snapshot.queueDayId}`;

/**
 * The version of `queueDayId` a reconnecting patient's page last saw (-1: none, not a version, or
 * one of another day: then it gets the current state). An id without a day (a page from before the
 * day was in it) is taken as a version of this day, as it was then.
 */
export function lastVersionOn(queueDayId: string, lastEventId: string | null | undefined): number {
  if (!lastEventId) return -1;
  const [version = "", day] = lastEventId.split(":");
  if (day !== undefined && day !== queueDayId) return -1;
  const n = Number.parseInt(version, 10);
  return Number.isNaN(n) ? -1 : n;
}

/** "10:00–11:00": the local one-hour slot. */
export function slotLabel(slotStart: Date, timeZone: string): string {
  return `${formatLocalTime(slotStart, timeZone)}–${formatLocalTime(new Date(slotStart.getTime() + 3_600_000), timeZone)}`;
}

/**
 * What the patient page shows of the hospital. From the snapshot, not the link record: a settings
 * change publishes a new version of each of the hospital's queue days, so its name, languages and
 * time zone reach open pages and the next read with that version, on every instance (a snapshot
 * packed before it carried them: the link record's name and languages).
 */
export function hospitalShown(ref: AppointmentRef, snapshot: QueueSnapshot) {
  const { name, languages } = snapshot.hospital ?? ref.hospital;
  // A record cached before languages were part of it: all of them.
  return { name, timeZone: snapshot.timeZone, languages: offeredLocales(languages) };
}

/** Shape kept in step with server/ws/tracking-body.ts, which writes it as text (and checks). */
export function trackingData(ref: AppointmentRef, snapshot: QueueSnapshot) {
  const view = viewOf(snapshot, ref.id);
  const hospital = hospitalShown(ref, snapshot);
  const tz = hospital.timeZone;
  return {
    appointment: {
      id: ref.id,
      ticket: ref.ticket,
      status: view.status,
      scheduledAt: ref.scheduledAt,
      slot: slotLabel(view.slotStart ?? ref.scheduledAt, tz),
      // From the snapshot too: a doctor's new name or room reaches open pages with its version.
      doctor: { name: snapshot.doctor.name, room: snapshot.doctor.room },
      hospital: {
        name: hospital.name,
        timeZone: tz,
        languages: hospital.languages,
        // From the snapshot, so a change of the hospital's window reaches open pages with it.
        checkInWindowMinutes: snapshot.checkInWindowMinutes,
      },
    },
    queue: {
      position: view.position,
      peopleAhead: view.peopleAhead,
      estimatedWaitTime: view.estimatedWaitMinutes,
      estimatedStartAt: view.estimatedStartAt,
      likelyWaitTime: view.likelyWaitMinutes,
      queueStatus: view.queueStatus,
      message: view.message,
      totalWaiting: view.totalWaiting,
      placeChange: view.placeChange,
    },
    notice: snapshot.notice,
    paused: snapshot.paused !== null,
    version: snapshot.version,
    updatedAt: snapshot.builtAt,
  };
}
export type TrackingData = ReturnType<typeof trackingData>;

/**
 * What a live subscriber gets: the tracking response plus why it was sent. "emergency" when an
 * emergency notice was published since the subscriber's last event, so the page can alert.
 */
export type LiveEvent = "update" | "emergency";
export type LiveTrackingData = TrackingData & { event: LiveEvent };

export function liveTrackingData(
  ref: AppointmentRef,
  snapshot: QueueSnapshot,
  event: LiveEvent,
): LiveTrackingData {
  return { ...trackingData(ref, snapshot), event };
}

/**
 * The event kind of the snapshot at `version` for a subscriber that last saw `sentVersion`, given
 * the topic's latest emergency: "emergency" when that notice came after what the subscriber saw and
 * is part of this snapshot (a notice newer than the snapshot belongs to the frame that carries it).
 */
export function liveEventFor(sentVersion: number, emergencyVersion: number, version: number): LiveEvent {
  return sentVersion >= 0 && emergencyVersion > sentVersion && emergencyVersion <= version
    ? "emergency"
    : "update";
}

/**
 * The error of a snapshot that does not hold the appointment: a live feed then looks the appointment
 * up again, since the snapshot of the day it was moved from can come before the news of the move.
 */
export const isMissingFromSnapshot = (err: unknown) =>
  err instanceof DomainError && err.reason === "APPOINTMENT_NOT_FOUND";

/** Whether the appointment is in the snapshot (its view is worked out once per snapshot anyway). */
function holds(snapshot: QueueSnapshot, appointmentId: string): boolean {
  try {
    viewOf(snapshot, appointmentId);
    return true;
  } catch {
    return false;
  }
}

/**
 * The snapshot to answer for `ref`: `snapshot`, unless the appointment is missing from it. This
 * instance's snapshot may be older than the booking (a bus message lost, e.g. while Redis was down),
 * so the queue day is rebuilt from the database (Hub.confirm: at most once a second per queue day)
 * before the appointment is called missing; the rebuild also goes to this instance's listeners.
 */
export async function snapshotHolding(ref: AppointmentRef, snapshot: QueueSnapshot): Promise<QueueSnapshot> {
  return holds(snapshot, ref.id) ? snapshot : getHub().confirm(ref.queueDayId, snapshot);
}

export async function getTracking(token: string, opts: { fresh?: boolean } = {}): Promise<TrackingData> {
  const ref = await resolveTracking(token, opts);
  const snapshot = await getSnapshot(ref.queueDayId, { fresh: opts.fresh });
  if (!snapshot)
    throw new DomainError(
      "APPOINTMENT_NOT_FOUND",
      "We could not find this appointment. Please ask reception.",
    );
  try {
    return trackingData(ref, opts.fresh ? snapshot : await snapshotHolding(ref, snapshot));
  } catch (err) {
    // A link record cached just before the appointment was moved to another day: read both afresh.
    if (!opts.fresh && isMissingFromSnapshot(err)) return getTracking(token, { fresh: true });
    throw err;
  }
}
