// The snapshot of a QueueDay: its ordered entries with positions and estimates, version and
// notices. Built once per version and shared by every reader (cache + in-process single flight).
import { getCache } from "../cache/index.ts";
import { now as clockNow } from "../clock.ts";
import { loadQueueState, type QueueState } from "../db/queue-repo.ts";
import {
  attendanceSoFar,
  estimateQueue,
  plannedConsultationMinutes,
  type QueueEstimate,
} from "../domain/estimate.ts";
import { type DayHours, hoursOnDate, workStartOf } from "../domain/hours.ts";
import { orderQueueEntries } from "../domain/ordering.ts";
import type { PlaceCause } from "../domain/place-change.ts";
import { placeOf } from "../domain/snapshot.ts";
import type { AppointmentStatus, Priority } from "../domain/types.ts";
import { env } from "../env.ts";
import { metrics } from "../http/metrics.ts";
import { errorField, log } from "../log.ts";

export type SnapshotEntry = {
  appointmentId: string;
  ticket: number;
  patientName: string;
  /** The reason for the visit: staff views only (the patient's page and the display never show it). */
  note: string | null;
  status: AppointmentStatus;
  priority: Priority;
  /** Queue order (rules 3-5): 1..n among waiting patients; 0 for those called or in the room, null once over. */
  position: number | null;
  /** Rule 9: the place in the expected order of being seen, as the patient is told it (domain placeOf). */
  place: number | null;
  scheduledAt: Date;
  slotStart: Date;
  paid: boolean;
  walkIn: boolean;
  checkedInAt: Date | null;
  calledAt: Date | null;
  startedAt: Date | null;
  endedAt: Date | null;
  estimatedStartAt: Date | null;
  estimatedWaitMinutes: number | null;
  /** The likely range of the start (domain/likely-range.ts); null or absent without an estimate. */
  earliestStartAt?: Date | null;
  latestStartAt?: Date | null;
  /** The patient said they are running this many minutes late (their latest report); null: not late. */
  lateMinutes: number | null;
  /** Who checked the patient in: "staff" or "patient" (self check-in); null: not checked in, or before it was recorded. */
  checkedInBy: string | null;
  /** Staff scheduled a no-show ahead: marked at this time unless the patient checks in (staff views only). */
  noShowDueAt: Date | null;
};

export type QueueNotice = { message: string; delayMinutes: number; priority: string; since: Date | null };

export type QueueSnapshot = {
  topic: string;
  queueDayId: string;
  hospitalId: string;
  doctorId: string;
  date: string;
  version: number;
  timeZone: string;
  /** How many minutes before the slot start check-in opens (the hospital's window, else MAX_EARLY_ARRIVAL). */
  checkInWindowMinutes: number;
  /**
   * `hours`: the doctor's hours that day, for staff screens: a change of hours publishes a new
   * version, so an open board's "works 09:00–17:00" follows (absent: packed by the previous release).
   */
  doctor: { name: string; room: string; hours?: DayHours };
  /**
   * What the patient page shows of the hospital, carried by the snapshot (as the check-in window is)
   * so that a settings change reaches open pages with the version it publishes. Absent: packed by
   * the previous release (the appointment's link record says it then).
   */
  hospital?: { name: string; languages: string[] };
  notice: QueueNotice | null;
  paused: { reason: string | null } | null;
  /** Open entries in queue order, then finished ones by ticket. */
  entries: SnapshotEntry[];
  builtAt: Date;
  /**
   * The waiting patients this version put further back, and why (domain/place-change.ts): set on
   * the version the change itself built (its after-image), absent on one loaded from the database.
   */
  placeChanges?: Record<string, PlaceCause>;
};

/** Cached values carry their version; a marker of version v - 0.5 says "anything older than v is stale". */
type CachedSnapshot = { version: number; packed?: string };

export const topicOf = (hospitalId: string, queueDayId: string) => `${hospitalId}/${queueDayId}`;
export const parseTopic = (topic: string) => {
  const [hospitalId, queueDayId] = topic.split("/");
  return hospitalId && queueDayId ? { hospitalId, queueDayId } : null;
};
const cacheKey = (queueDayId: string) => `queue:snapshot:${queueDayId}`;

/**
 * The notice patients and staff see: none once it has expired, and none once a notice that announced
 * a delay is over because the doctor is back (a patient called or seen since it was given, as the
 * estimate counts it): "Consultations resume in about 30 minutes" must not stand over "It's your
 * turn". A notice without a delay stays until it expires or is cleared.
 */
export function activeNotice({ queueDay: state, appointments }: QueueState, now: Date): QueueNotice | null {
  if (!state.delayMessage && state.delayMinutes <= 0) return null;
  if (state.delayUntil && state.delayUntil.getTime() <= now.getTime()) return null;
  const since = state.delaySetAt?.getTime();
  const back =
    state.delayMinutes > 0 &&
    since !== undefined &&
    appointments.some((a) => (a.startedAt ?? a.calledAt ?? new Date(0)).getTime() >= since);
  if (back) return null;
  return {
    message: state.delayMessage ?? "",
    delayMinutes: state.delayMinutes,
    priority: state.delayPriority ?? "normal",
    since: state.delaySetAt,
  };
}

/** Pure: turns stored state into a snapshot (ordering and estimates come from the domain). */
export function snapshotFromState(state: QueueState, now: Date): QueueSnapshot {
  const { queueDay, appointments } = state;
  const { hospital, doctor } = queueDay;
  const config = env();
  const consultationMinutes = plannedConsultationMinutes(
    doctor.consultationMinutes,
    hospital.defaultConsultationMinutes,
    config.DEFAULT_CONSULTATION_TIME,
  );
  const notice = activeNotice(state, now);
  const ordered = orderQueueEntries(appointments, hospital.timeZone);
  const grace = hospital.noShowGraceMinutes ?? config.NO_SHOW_GRACE;
  // Worked out as if the queue ran: a pause hides the times (there is no honest one), but everyone
  // keeps the place in the expected order they had (rule 9), so a short break moves nobody back.
  const expected = estimateQueue({
    ordered,
    now,
    consultationMinutes,
    learnsPace: doctor.learnsPace,
    recentDurations: state.recentDurations,
    // Today's completed visits: the day's own pace, and "nobody seen yet" for a late start.
    todayDurations: todayDurationsOf(appointments),
    delayMinutes: notice?.delayMinutes ?? 0,
    delaySince: notice?.since ?? undefined,
    paused: false,
    // The first working period of the date (none on a day off: estimates start from now).
    workStart: workStartOf(queueDay.date, hospital.timeZone, doctor) ?? undefined,
    // Today's own attendance so far (who comes, how early, walk-ins), learned as the day goes on.
    ...attendanceSoFar(appointments, now, hospital.timeZone, grace),
    checkInWindowMinutes: hospital.maxEarlyArrivalMinutes ?? config.MAX_EARLY_ARRIVAL,
  });
  const estimates = queueDay.paused ? new Map<string, QueueEstimate>() : expected;
  const byId = new Map(appointments.map((a) => [a.id, a]));
  const open = ordered.map((o) => {
    const a = byId.get(o.id)!;
    const est = estimates.get(o.id);
    return toEntry(
      a,
      o.position,
      placeOf(o, expected.get(o.id)),
      o.slotStart,
      est?.estimatedStartAt ?? null,
      est?.estimatedWaitMinutes ?? null,
      est ?? null,
    );
  });
  const openIds = new Set(open.map((e) => e.appointmentId));
  const finished = appointments
    .filter((a) => !openIds.has(a.id))
    .map((a) => toEntry(a, null, null, a.scheduledAt, null, null));
  return {
    topic: topicOf(queueDay.hospitalId, queueDay.id),
    queueDayId: queueDay.id,
    hospitalId: queueDay.hospitalId,
    doctorId: queueDay.doctorId,
    date: queueDay.date,
    version: queueDay.version,
    timeZone: hospital.timeZone,
    checkInWindowMinutes: hospital.maxEarlyArrivalMinutes ?? config.MAX_EARLY_ARRIVAL,
    doctor: { name: doctor.name, room: doctor.room, hours: hoursOnDate(doctor, queueDay.date) },
    hospital: { name: hospital.name, languages: hospital.languages },
    notice,
    paused: queueDay.paused ? { reason: queueDay.pausedReason } : null,
    entries: [...open, ...finished],
    builtAt: now,
  };
}

/** Today's completed consultation lengths in minutes, newest first (as `recentDurations` starts). */
export function todayDurationsOf(appointments: QueueState["appointments"]): number[] {
  return appointments
    .filter((a) => a.status === "COMPLETED" && a.startedAt && a.endedAt)
    .sort((x, y) => (y.endedAt?.getTime() ?? 0) - (x.endedAt?.getTime() ?? 0))
    .map((a) => ((a.endedAt?.getTime() ?? 0) - (a.startedAt?.getTime() ?? 0)) / 60_000);
}

function toEntry(
  a: QueueState["appointments"][number],
  position: number | null,
  place: number | null,
  slotStart: Date,
  estimatedStartAt: Date | null,
  estimatedWaitMinutes: number | null,
  likely: { earliestStartAt: Date; latestStartAt: Date } | null = null,
): SnapshotEntry {
  return {
    appointmentId: a.id,
    ticket: a.ticket,
    patientName: a.patient.name,
    note: a.note,
    status: a.status,
    priority: a.priority,
    position,
    place,
    scheduledAt: a.scheduledAt,
    slotStart,
    paid: a.paidAt !== null,
    walkIn: a.source === "WALK_IN",
    checkedInAt: a.checkedInAt,
    calledAt: a.calledAt,
    startedAt: a.startedAt,
    endedAt: a.endedAt,
    estimatedStartAt,
    estimatedWaitMinutes,
    earliestStartAt: likely?.earliestStartAt ?? null,
    latestStartAt: likely?.latestStartAt ?? null,
    lateMinutes: a.lateMinutes,
    checkedInBy: a.checkedInBy,
    noShowDueAt: a.noShowDueAt,
  };
}

const g = globalThis as unknown as {
  __pqSnapshotBuilds?: Map<string, Promise<QueueSnapshot | null>>;
  __pqSnapshotSettling?: Map<string, QueueSnapshot>;
};
g.__pqSnapshotBuilds ??= new Map();
const builds = g.__pqSnapshotBuilds;
/** Snapshots just built whose cache write has not landed yet. */
g.__pqSnapshotSettling ??= new Map();
const settling = g.__pqSnapshotSettling;

/** Builds from the database, once at a time per queue day, and offers the result to the cache. */
export function buildSnapshot(queueDayId: string): Promise<QueueSnapshot | null> {
  const running = builds.get(queueDayId);
  if (running) return running;
  const build = (async () => {
    const timer = metrics().snapshotBuild.startTimer();
    const state = await loadQueueState(queueDayId);
    timer();
    if (!state) return null;
    const snapshot = snapshotFromState(state, clockNow());
    // Until it is in the cache, readers get this one rather than building the same version again;
    // the cache write happens once the caller has it, so live subscribers do not wait for it.
    settling.set(queueDayId, snapshot);
    setImmediate(
      () =>
        void storeSnapshot(snapshot).finally(() => {
          if (settling.get(queueDayId) === snapshot) settling.delete(queueDayId);
        }),
    );
    return snapshot;
  })().finally(() => builds.delete(queueDayId));
  builds.set(queueDayId, build);
  return build;
}

type PackedEntry = [
  appointmentId: string,
  ticket: number,
  patientName: string,
  status: SnapshotEntry["status"],
  priority: SnapshotEntry["priority"],
  position: number | null,
  scheduledAt: number,
  slotStart: number,
  paid: boolean,
  walkIn: boolean,
  checkedInAt: number | null,
  calledAt: number | null,
  startedAt: number | null,
  endedAt: number | null,
  estimatedStartAt: number | null,
  estimatedWaitMinutes: number | null,
  place: number | null,
  note: string | null,
  lateMinutes: number | null,
  checkedInBy: string | null,
  noShowDueAt: number | null,
  earliestStartAt: number | null,
  latestStartAt: number | null,
];
type Packed = Omit<QueueSnapshot, "entries" | "builtAt" | "notice"> & {
  notice: (Omit<QueueNotice, "since"> & { since: number | null }) | null;
  entries: PackedEntry[];
  builtAt: number;
};

const ms = (d: Date | null) => (d === null ? null : d.getTime());
const date = (n: number | null) => (n === null ? null : new Date(n));

/**
 * The cache's form of a snapshot: plain JSON, entries as arrays and times as epoch milliseconds.
 * A 10,000-entry queue packs and unpacks in a few tens of milliseconds; the generic (superjson)
 * form, with a type annotation per Date, took ~0.1 s and ~30 MB of garbage each way.
 */
export function packSnapshot(snapshot: QueueSnapshot): string {
  const { entries, builtAt, notice, ...rest } = snapshot;
  const packed: Packed = {
    ...rest,
    notice: notice && { ...notice, since: ms(notice.since) },
    entries: entries.map(
      (e): PackedEntry => [
        e.appointmentId,
        e.ticket,
        e.patientName,
        e.status,
        e.priority,
        e.position,
        e.scheduledAt.getTime(),
        e.slotStart.getTime(),
        e.paid,
        e.walkIn,
        ms(e.checkedInAt),
        ms(e.calledAt),
        ms(e.startedAt),
        ms(e.endedAt),
        ms(e.estimatedStartAt),
        e.estimatedWaitMinutes,
        e.place,
        e.note,
        e.lateMinutes,
        e.checkedInBy,
        ms(e.noShowDueAt),
        ms(e.earliestStartAt ?? null),
        ms(e.latestStartAt ?? null),
      ],
    ),
    builtAt: builtAt.getTime(),
  };
  return JSON.stringify(packed);
}

export function unpackSnapshot(text: string): QueueSnapshot {
  const p = JSON.parse(text) as Packed;
  return {
    topic: p.topic,
    queueDayId: p.queueDayId,
    hospitalId: p.hospitalId,
    doctorId: p.doctorId,
    date: p.date,
    version: p.version,
    timeZone: p.timeZone,
    // Packed before the window was part of a snapshot (the previous release): the configured one.
    checkInWindowMinutes: p.checkInWindowMinutes ?? env().MAX_EARLY_ARRIVAL,
    doctor: p.doctor,
    // Packed before snapshots carried it (the previous release): the link record's is shown.
    ...(p.hospital ? { hospital: p.hospital } : {}),
    notice: p.notice && { ...p.notice, since: date(p.notice.since) },
    paused: p.paused,
    entries: p.entries.map(
      (e): SnapshotEntry => ({
        appointmentId: e[0],
        ticket: e[1],
        patientName: e[2],
        // Packed before notes existed (the previous release): none.
        note: e[17] ?? null,
        status: e[3],
        priority: e[4],
        position: e[5],
        scheduledAt: new Date(e[6]),
        slotStart: new Date(e[7]),
        paid: e[8],
        walkIn: e[9],
        checkedInAt: date(e[10]),
        calledAt: date(e[11]),
        startedAt: date(e[12]),
        endedAt: date(e[13]),
        estimatedStartAt: date(e[14]),
        estimatedWaitMinutes: e[15],
        // Packed before places existed (a cache entry from the previous release): the queue order.
        place: e[16] === undefined ? e[5] : e[16],
        // Packed before patients reported lateness or checked themselves in: neither.
        lateMinutes: e[18] ?? null,
        checkedInBy: e[19] ?? null,
        // Packed before the board showed a scheduled no-show: none shown.
        noShowDueAt: date(e[20] ?? null),
        // Packed before estimates had a likely range: none.
        earliestStartAt: date(e[21] ?? null),
        latestStartAt: date(e[22] ?? null),
      }),
    ),
    builtAt: new Date(p.builtAt),
    ...(p.placeChanges ? { placeChanges: p.placeChanges } : {}),
  };
}

/**
 * Offers a built snapshot to the cache (packed: see packSnapshot). Guarded by version, so landing late it still cannot replace a newer snapshot or an
 * invalidation. Never rejects: false when the write failed (a newer version is there: true).
 */
export async function storeSnapshot(snapshot: QueueSnapshot): Promise<boolean> {
  try {
    await getCache().setIfNewer<CachedSnapshot>(
      cacheKey(snapshot.queueDayId),
      { version: snapshot.version, packed: packSnapshot(snapshot) },
      env().POSITION_TTL,
    );
    return true;
  } catch (err) {
    log.error(errorField(err), "[snapshot] cache write failed");
    return false;
  }
}

/** The current snapshot: from the cache unless `fresh`, else built once and shared. */
export async function getSnapshot(
  queueDayId: string,
  opts: { fresh?: boolean; minVersion?: number } = {},
): Promise<QueueSnapshot | null> {
  if (!opts.fresh) {
    const cached = await getCache().get<CachedSnapshot>(cacheKey(queueDayId));
    if (cached?.packed && cached.version >= (opts.minVersion ?? 0)) return unpackSnapshot(cached.packed);
    const justBuilt = settling.get(queueDayId);
    if (
      justBuilt &&
      justBuilt.version >= (opts.minVersion ?? 0) &&
      justBuilt.version >= (cached?.version ?? -1)
    )
      return justBuilt;
  }
  return buildSnapshot(queueDayId);
}

/** After a commit of `version`: older cached snapshots become unusable, a racing reader cannot put one back. */
export async function invalidateSnapshot(queueDayId: string, version: number) {
  await getCache().setIfNewer<CachedSnapshot>(
    cacheKey(queueDayId),
    { version: version - 0.5 },
    env().POSITION_TTL,
  );
}
