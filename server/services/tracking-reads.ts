// In-process copies for the hot tracking read (server/http/track-fast.ts): a phone polls its link
// every few seconds, and the read should cost no Redis round trip. Each copy has a bound on how
// stale it can be; anything these cannot answer goes back to the procedure, which is the reference.
// - a link's claims: server/auth/tracking-token.ts keeps verified links until they expire;
// - an appointment's link record (ids, token version, names): the same record the procedure reads
//   (shared cache, then database), kept here REF_FRESH_MS at most and dropped at once when the bus
//   says the link changed (reissue, reschedule), so a replaced link is refused at once;
// - each queue day's newest snapshot: kept current by the hub (a listener per queue day read here);
//   never replaced by an older version; a version announced on the bus is waited for rather than
//   answered from the one before; compared with the shared cache at most once a second while read
//   (Hub.recheck, one throttle per queue day for every reader), so a lost bus message leaves it
//   stale a second or so.
import {
  recentlyVerifiedTracking,
  type VerifiedTracking,
  verifyTrackingTokenCached,
} from "../auth/tracking-token.ts";
import { Lru } from "../cache/lru.ts";
import type { AppointmentRef } from "../db/queue-repo.ts";
import { getBus } from "../realtime/bus-index.ts";
import { getHub, type SnapshotListener } from "../realtime/hub.ts";
import { parseTopic, type QueueSnapshot, topicOf } from "./snapshot.ts";
import { appointmentRef, linkRefusal } from "./tracking.ts";

/** How long a link record is used before it is read again (bounds a lost link message). */
const REF_FRESH_MS = 5_000;
/** How long a read waits for a version announced on the bus before answering the one it has. */
const ANNOUNCED_WAIT_MS = 1_000;
/** A queue day not read for this long is let go (its hub listener removed). */
const IDLE_MS = 120_000;
const MAX_QUEUES = 2_000;

export type LocalTrackingRead = { ref: AppointmentRef; snapshot: QueueSnapshot };

type Mirrored = {
  topic: string;
  queueDayId: string;
  current: QueueSnapshot | null;
  /** The newest version heard on the bus for this queue day. */
  announced: number;
  loading: Promise<QueueSnapshot | null> | null;
  arrival: { promise: Promise<void>; resolve: () => void } | null;
  readAt: number;
  stop: () => void;
};

type Maybe<T> = T | Promise<T>;

export class LocalTracking {
  /** By queue day id. */
  private readonly queues = new Map<string, Mirrored>();
  private readonly refs = new Lru<string, { ref: AppointmentRef; at: number }>(50_000);
  private readonly refLoads = new Map<string, Promise<AppointmentRef | null>>();
  /** Bumped by every link change, so a record read before one is not kept after it. */
  private linkEpoch = 0;
  private stopBus: (() => void) | null = null;
  private sweeper: NodeJS.Timeout | null = null;

  /**
   * What a read of `token` needs, when this instance can answer it: null when the link is bad,
   * replaced or unknown here (the procedure then gives the answer, errors included).
   */
  read(token: string): Maybe<LocalTrackingRead | null> {
    // Written out step by step: the usual read is synchronous and allocates next to nothing.
    const claims = recentlyVerifiedTracking(token);
    if (!claims)
      return verifyTrackingTokenCached(token).then(
        (c) => this.readFor(c),
        () => null,
      );
    return this.readFor(claims);
  }

  private readFor(claims: VerifiedTracking): Maybe<LocalTrackingRead | null> {
    const ref = this.refFor(claims.appointmentId);
    return ref instanceof Promise ? ref.then((r) => this.readWith(claims, r)) : this.readWith(claims, ref);
  }

  private readWith(claims: VerifiedTracking, ref: AppointmentRef | null): Maybe<LocalTrackingRead | null> {
    if (!ref || linkRefusal(ref, claims)) return null;
    const snapshot = this.snapshotFor(ref);
    if (snapshot instanceof Promise) return snapshot.then((s) => (s ? { ref, snapshot: s } : null));
    return snapshot ? { ref, snapshot } : null;
  }

  /** The appointment's link record: kept REF_FRESH_MS at most, dropped when its link changes. */
  private refFor(appointmentId: string): Maybe<AppointmentRef | null> {
    this.start();
    const local = this.refs.get(appointmentId);
    if (local && Date.now() - local.at < REF_FRESH_MS) return local.ref;
    let loading = this.refLoads.get(appointmentId);
    if (!loading) {
      const epoch = this.linkEpoch;
      const load = appointmentRef(appointmentId).finally(() => this.refLoads.delete(appointmentId));
      loading = load.then((ref) => {
        if (ref && epoch === this.linkEpoch) this.refs.set(appointmentId, { ref, at: Date.now() });
        return ref;
      });
      this.refLoads.set(appointmentId, loading);
    }
    return loading;
  }

  /** The newest snapshot of the appointment's queue day that this instance has. */
  private snapshotFor(ref: AppointmentRef): Maybe<QueueSnapshot | null> {
    const m =
      this.queues.get(ref.queueDayId) ?? this.mirror(topicOf(ref.hospitalId, ref.queueDayId), ref.queueDayId);
    m.readAt = Date.now();
    const current = m.current;
    if (!current) return this.load(m);
    if (m.announced > current.version) return this.arrivalOf(m);
    getHub()
      .recheck(m.topic, m.queueDayId)
      ?.then((cached) => {
        // Same version rebuilt in the cache (its TTL ran out): the procedure reads that one now.
        if (cached && m.current && cached.version === m.current.version) this.arrived(m, cached, true);
      });
    return current;
  }

  private mirror(topic: string, queueDayId: string): Mirrored {
    const m: Mirrored = {
      topic,
      queueDayId,
      current: null,
      announced: -1,
      loading: null,
      arrival: null,
      readAt: Date.now(),
      stop: () => {},
    };
    const listener: SnapshotListener = (snapshot) => this.arrived(m, snapshot, false);
    listener.subscribers = () => 0; // a copy for reads, not a subscriber
    m.stop = getHub().subscribe(topic, listener);
    this.queues.set(queueDayId, m);
    if (this.queues.size > MAX_QUEUES) {
      let oldest: Mirrored | null = null;
      for (const q of this.queues.values()) if (!oldest || q.readAt < oldest.readAt) oldest = q;
      if (oldest) this.drop(oldest);
    }
    return m;
  }

  /** Takes a newer version; with `sameVersionToo`, also a rebuild of the same version. */
  private arrived(m: Mirrored, snapshot: QueueSnapshot, sameVersionToo: boolean) {
    const current = m.current;
    const newer =
      !current ||
      snapshot.version > current.version ||
      (sameVersionToo &&
        snapshot.version === current.version &&
        snapshot.builtAt.getTime() !== current.builtAt.getTime());
    if (newer) m.current = snapshot;
    if (m.arrival && (m.current?.version ?? -1) >= m.announced) {
      m.arrival.resolve();
      m.arrival = null;
    }
  }

  private load(m: Mirrored): Promise<QueueSnapshot | null> {
    // The hub's current snapshot (it owns the first read and the resync), else the cache's.
    m.loading ??= getHub()
      .snapshot(m.topic, m.queueDayId)
      .then(
        (snapshot) => {
          m.loading = null;
          if (snapshot) this.arrived(m, snapshot, false);
          return m.current;
        },
        (err) => {
          m.loading = null;
          throw err;
        },
      );
    return m.loading;
  }

  /** Waits for the announced version (the hub is loading it); gives up after ANNOUNCED_WAIT_MS. */
  private arrivalOf(m: Mirrored): Promise<QueueSnapshot | null> {
    if (!m.arrival) {
      let resolve!: () => void;
      const promise = new Promise<void>((r) => {
        resolve = r;
      });
      const arrival = { promise, resolve };
      m.arrival = arrival;
      setTimeout(() => {
        if (m.arrival !== arrival) return;
        // It did not come (the hub's load failed): answer what there is; the resync catches up.
        m.announced = m.current?.version ?? -1;
        m.arrival = null;
        resolve();
      }, ANNOUNCED_WAIT_MS).unref();
    }
    return m.arrival.promise.then(() => m.current);
  }

  private drop(m: Mirrored) {
    m.stop();
    if (this.queues.get(m.queueDayId) === m) this.queues.delete(m.queueDayId);
    m.arrival?.resolve();
  }

  private start() {
    if (this.stopBus) return;
    this.stopBus = getBus().subscribe((update) => {
      if (update.kind === "link") {
        this.linkEpoch++;
        if (update.appointmentId) this.refs.delete(update.appointmentId);
        return;
      }
      const queueDayId = parseTopic(update.topic)?.queueDayId;
      const m = queueDayId ? this.queues.get(queueDayId) : undefined;
      if (m && m.topic === update.topic && update.version > m.announced) m.announced = update.version;
    });
    this.sweeper = setInterval(() => {
      const idleSince = Date.now() - IDLE_MS;
      for (const m of [...this.queues.values()]) if (m.readAt < idleSince) this.drop(m);
    }, IDLE_MS / 4);
    this.sweeper.unref();
  }

  /** Lets every copy go (tests; shutdown needs nothing: the listeners are in-process). */
  stop() {
    for (const m of [...this.queues.values()]) this.drop(m);
    this.refs.clear();
    this.stopBus?.();
    this.stopBus = null;
    if (this.sweeper) clearInterval(this.sweeper);
    this.sweeper = null;
  }
}

const g = globalThis as unknown as { __pqLocalTracking?: LocalTracking };

export function getLocalTracking(): LocalTracking {
  g.__pqLocalTracking ??= new LocalTracking();
  return g.__pqLocalTracking;
}
