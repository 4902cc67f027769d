// The patient page's live connection, the pure parts: which mode the indicator shows, how often to
// poll, and which changes deserve a nudge. What goes over the wire is trpc-wire.ts.
import { type Mode, noticeShown, type QueueStatus, type TrackData } from "./view";

/** How long the socket may be down before polling takes over. */
export const SOCKET_GRACE_MS = 4_000;
/**
 * Reconnect backoff: 1, 2, 4, 8, then every 15 s (the page polls meanwhile, so the socket is retried
 * about as often as it polls), each shortened by up to a quarter at random so that a restarted
 * server is not met by every phone in the same instant.
 */
export const reconnectDelay = (attempt: number, random = Math.random()) =>
  Math.round(Math.min(1_000 * 2 ** attempt, 15_000) * (1 - random / 4));
/** Poll every 15 s, every 5 s near the front. */
export const pollInterval = (data: TrackData) =>
  data.queue.position !== null && data.queue.position <= 2 ? 5_000 : 15_000;

export type LiveData = TrackData & { event?: "update" | "emergency" };

/** Errors that end the page's tracking (the link is bad, expired, replaced or gone). */
export const isFatal = (code: string) => code === "BAD_REQUEST" || code === "NOT_FOUND";

export type Connection = {
  /** The subscription is started on an open socket. */
  live: boolean;
  /** Since when the page has not been live (null while live). */
  downSince: number | null;
};

export function modeOf(c: Connection, now: number): Mode {
  if (c.live) return "live";
  return c.downSince !== null && now - c.downSince > SOCKET_GRACE_MS ? "polling" : "reconnecting";
}

export const noticeId = (notice: TrackData["notice"]) =>
  notice ? `${notice.message}|${notice.delayMinutes}|${notice.since ? String(notice.since) : ""}` : null;

export type Nudges = {
  /** Became next or was called: vibrate, and notify if the page is hidden. */
  turn: "next" | "called" | null;
  /** A notice to alert for: it is new, or the server says an emergency was broadcast. */
  notice: boolean;
};

/**
 * Which changes deserve a nudge, from the last state to the new one. `alerted` is the notice the
 * patient was last alerted to (or that the first paint already showed) and `alertedVersion` the
 * queue version of that moment: a notice alerts once, and an emergency broadcast (the server marks
 * its event "emergency") alerts even when its text matches the notice already shown.
 */
export function nudgesFor(
  prev: { status: QueueStatus; alerted: string | null; alertedVersion: number },
  next: LiveData,
): Nudges {
  const status = next.queue.queueStatus;
  const id = noticeId(next.notice);
  const turn = status !== prev.status && (status === "next" || status === "called") ? status : null;
  const emergency = next.event === "emergency" && next.version > prev.alertedVersion;
  // A visit that is over shows no notice, so it is not alerted to one either.
  return { turn, notice: noticeShown(next) && (id !== prev.alerted || emergency) };
}

/**
 * The page keeps saying why the place went up until the place improves or the patient is no longer
 * in line: a later update that changed nothing for them (the server sends the reason only with the
 * update that did it) does not take the line away.
 */
export function keepPlaceChange(prev: TrackData | null, next: TrackData): TrackData {
  const why = prev?.queue.placeChange;
  const place = next.queue.position;
  const before = prev?.queue.position;
  if (next.queue.placeChange || !why || place === null || place <= 0 || before == null || place < before)
    return next;
  if (next.queue.queueStatus !== "waiting" && next.queue.queueStatus !== "checked_in") return next;
  return { ...next, queue: { ...next.queue, placeChange: why } };
}

/**
 * Whether two states are of the same booking: same time, doctor and ticket. A reschedule to another
 * day, time or doctor makes another one, whose queue day counts its versions afresh.
 */
export function sameBooking(prev: TrackData, next: TrackData): boolean {
  const a = prev.appointment;
  const b = next.appointment;
  return (
    new Date(a.scheduledAt).getTime() === new Date(b.scheduledAt).getTime() &&
    a.doctor.name === b.doctor.name &&
    a.ticket === b.ticket
  );
}

/** Whether a state from the server replaces the one shown: a newer version, or the appointment moved. */
export const replacesShown = (prev: TrackData | null, next: TrackData) =>
  !prev || next.version >= prev.version || !sameBooking(prev, next);
