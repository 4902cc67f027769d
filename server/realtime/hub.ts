// The topic hub: one topic per QueueDay. On a change event it builds the snapshot once per version
// (a burst of changes coalesces to the newest) and hands that one object to every local listener;
// listeners derive their own views without touching the database. A change made in this process
// offers its after-image (the snapshot it built from the state it locked and changed), so the local
// fan-out reads nothing back; other instances hear the bus message and load that version from the
// cache or the database, with the same version guard and coalescing.
// The hub also owns each queue day's current snapshot (what a new subscriber starts from) and its
// resync: one timer compares every queue day with listeners here against the database, every
// HUB_CHECKS.quietCheckMs while the bus is up (a lost message) and every downCheckMs while it is
// down, and at once when it comes back; a reader with reason to doubt its snapshot (a client that
// has seen a newer version, an appointment missing from it) gets it rebuilt from the database.

import { findQueueDayVersion, findQueueDayVersions } from "../db/queue-repo.ts";
import { metrics } from "../http/metrics.ts";
import { errorField, log } from "../log.ts";
import { buildSnapshot, getSnapshot, parseTopic, type QueueSnapshot, topicOf } from "../services/snapshot.ts";
import type { QueueUpdate } from "./bus.ts";
import { getBus } from "./bus-index.ts";

/** Gets every newer snapshot, with the newest version this instance heard an emergency notice at. */
export type SnapshotListener = ((snapshot: QueueSnapshot, emergencyVersion: number) => void) & {
  /** How many subscribers one listener serves (the fan-out fast path holds many); 1 if unset. */
  subscribers?: () => number;
};
/** Hears that an appointment's tracking link changed (reissued, rescheduled). */
export type LinkListener = (appointmentId: string) => void;

type Topic = {
  listeners: Set<SnapshotListener>;
  latest: QueueSnapshot | null;
  wanted: number;
  lastUpdate: QueueUpdate | null;
  refreshing: boolean;
  emergencyVersion: number;
  /** An after-image handed over by a local change, not yet delivered. */
  offered: QueueSnapshot | null;
  /** The newest version a local change has promised to hand over (see `offer`). */
  promised: number;
  /** The first read of `latest`, shared by the subscribers that arrive meanwhile. */
  loading: Promise<QueueSnapshot | null> | null;
  /** When `latest` was last compared with the cache for a reader (see `recheck`). */
  checkedAt: number;
};

/** How often the hub compares its queue days with the database (one timer for all of them). */
export const HUB_CHECKS = {
  /** While the bus is down: a change made on another instance reaches subscribers here this late. */
  downCheckMs: 2_000,
  /** While it is up: bounds what a lost bus message can cost (quiet queues get nothing else). */
  quietCheckMs: 30_000,
  /** A newcomer's snapshot is compared with the cache at most this often per queue day. */
  newcomerCheckMs: 1_000,
};

export class Hub {
  private topics = new Map<string, Topic>();
  private hospitals = new Map<string, Set<SnapshotListener>>();
  private links = new Set<LinkListener>();
  private stopBus: (() => void) | null = null;
  private stopStatus: (() => void) | null = null;
  /** The next check against the database (see HUB_CHECKS). */
  private timer: NodeJS.Timeout | null = null;
  private checking = false;
  /** A failed check was logged (once until one succeeds again). */
  private checkFailed = false;
  private busUp = true;
  /** Since when the bus has been down (0: up), so boards can be told of queue days changed since. */
  private downSince = 0;
  /** Checks still to make at the short interval after the bus came back. */
  private extraChecks = 0;
  /** The check intervals (tests and the failure benches change them). */
  checks = { ...HUB_CHECKS };
  messages = 0;
  /** Of `messages`, those that went to each hospital's listeners (system.wsStats shows a hospital its own). */
  private messagesByHospital = new Map<string, number>();
  /** When the newest snapshot started going out, and to how many (fan-out timing for the bench). */
  lastDelivery: { topic: string; version: number; at: number; ms: number; listeners: number } | null = null;

  start() {
    if (this.stopBus) return;
    const bus = getBus();
    this.stopBus = bus.subscribe((update) => this.onUpdate(update));
    this.busUp = true;
    this.schedule(this.checks.quietCheckMs);
    this.stopStatus = bus.onStatus?.((up) => this.busStatus(up)) ?? null;
  }

  async stop() {
    this.stopBus?.();
    this.stopBus = null;
    this.stopStatus?.();
    this.stopStatus = null;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  /**
   * This instance's rooms, listeners and messages; with `hospitalId`, that hospital's only (a topic is
   * `<hospitalId>/<queueDayId>`), so no hospital sees another's rooms or activity.
   */
  stats(hospitalId?: string) {
    const mine = (topic: string) => hospitalId === undefined || parseTopic(topic)?.hospitalId === hospitalId;
    return {
      rooms: [...this.topics.entries()]
        .filter(([topic]) => mine(topic))
        .map(([topic, t]) => ({
          topic,
          subscribers: countOf(t.listeners),
          version: t.latest?.version ?? null,
        })),
      hospitalSubscribers: [...this.hospitals.entries()]
        .filter(([id]) => hospitalId === undefined || id === hospitalId)
        .reduce((n, [, s]) => n + countOf(s), 0),
      messages: hospitalId === undefined ? this.messages : (this.messagesByHospital.get(hospitalId) ?? 0),
      lastDelivery: hospitalId === undefined ? this.lastDelivery : null,
    };
  }

  /** Listens to one queue day; the listener gets every newer snapshot. */
  subscribe(topic: string, listener: SnapshotListener): () => void {
    this.topic(topic).listeners.add(listener);
    return () => {
      const t = this.topics.get(topic);
      if (!t) return;
      t.listeners.delete(listener);
      if (t.listeners.size === 0) this.topics.delete(topic);
    };
  }

  /** Listens to every queue day of a hospital (the reception board). */
  subscribeHospital(hospitalId: string, listener: SnapshotListener): () => void {
    const set = this.hospitals.get(hospitalId) ?? new Set<SnapshotListener>();
    this.hospitals.set(hospitalId, set);
    set.add(listener);
    return () => {
      set.delete(listener);
      if (set.size === 0) this.hospitals.delete(hospitalId);
    };
  }

  /** Listens to tracking-link changes of every appointment. */
  subscribeLinks(listener: LinkListener): () => void {
    this.links.add(listener);
    return () => {
      this.links.delete(listener);
    };
  }

  /** The newest version of a topic at which this instance heard an emergency notice (-1: none). */
  emergencyVersion(topic: string): number {
    return this.topics.get(topic)?.emergencyVersion ?? -1;
  }

  /**
   * Compares a topic with the shared cache: when the cache holds a version newer than `knownVersion`
   * (a bus message was lost), it goes to every listener as if announced. Callers throttle it (the
   * WebSocket feed, the tracking read's local copies). Resolves with what the cache held (null when
   * there was nothing or the read failed).
   */
  resync(topic: string, queueDayId: string, knownVersion: number): Promise<QueueSnapshot | null> {
    return getSnapshot(queueDayId).then(
      (snapshot) => {
        if (snapshot && snapshot.version > knownVersion)
          this.onUpdate({ topic, version: snapshot.version, reason: "resync" });
        return snapshot;
      },
      (err: Error) => {
        log.warn(`[hub] resync of ${topic} failed: ${err.message}`);
        return null;
      },
    );
  }

  /** The newest snapshot of a queue day this instance holds (null when it holds none). */
  current(topic: string): QueueSnapshot | null {
    return this.topics.get(topic)?.latest ?? null;
  }

  /**
   * The queue day's current snapshot, for a subscriber that is starting: what the hub holds (kept
   * current by the bus and the checks), else read once from the cache and shared by everyone who
   * arrives meanwhile. A newcomer also has it compared with the cache (at most once per
   * newcomerCheckMs), so a lost bus message is caught as soon as anyone (re)connects; a newer version
   * found goes to every listener.
   */
  snapshot(topic: string, queueDayId: string): Promise<QueueSnapshot | null> {
    const t = this.topics.get(topic);
    if (!t) return getSnapshot(queueDayId);
    if (t.latest) {
      void this.recheck(topic, queueDayId);
      return Promise.resolve(t.latest);
    }
    t.loading ??= getSnapshot(queueDayId).then(
      (snapshot) => {
        t.loading = null;
        t.checkedAt = Date.now();
        if (snapshot) this.learn(snapshot);
        return t.latest ?? snapshot;
      },
      (err) => {
        t.loading = null;
        throw err;
      },
    );
    return t.loading;
  }

  /**
   * Compares the snapshot held of a queue day with the shared cache, at most once per
   * newcomerCheckMs per queue day whoever asks (a subscriber starting, a tracking read): resolves
   * with what the cache held (see `resync`), or null when no comparison was due or nothing is held.
   */
  recheck(topic: string, queueDayId: string): Promise<QueueSnapshot | null> | null {
    const t = this.topics.get(topic);
    if (!t?.latest) return null;
    const now = Date.now();
    if (now - t.checkedAt < this.checks.newcomerCheckMs) return null;
    t.checkedAt = now;
    return this.resync(topic, queueDayId, t.latest.version);
  }

  /**
   * The queue day as the database has it now, for a reader with reason to doubt the snapshot it holds
   * (a client that has seen a newer version; an appointment missing from it: this instance may have
   * missed a change, e.g. while Redis was down). The committed version is looked up first (one small
   * query; the callers' rate limits bound how often): only when it differs is the snapshot rebuilt
   * from the database, and then handed to the listeners too when newer than theirs.
   */
  async confirm(queueDayId: string, doubted: QueueSnapshot): Promise<QueueSnapshot> {
    const version = await findQueueDayVersion(queueDayId);
    if (version === null || version === doubted.version) return doubted;
    let fresh = await buildSnapshot(queueDayId);
    // A build that started before that commit (builds are shared) comes back older: build again.
    if (fresh && fresh.version < version) fresh = await buildSnapshot(queueDayId);
    if (!fresh) return doubted;
    this.learn(fresh);
    return fresh;
  }

  /**
   * Where a subscriber to a queue day, resuming from `lastVersion` (-1: none), starts; call it once
   * listening, so no change between the two is lost. The snapshot to send first is the current one
   * (`snapshot` above), passed through `holding` (a check that may rebuild it, e.g. a patient's
   * appointment missing from it), or the database's when the client has seen a newer version (this
   * instance may only be behind). The version counted as already sent is `lastVersion`, or -1 when
   * even the database is older (a client from before a database restore), so it starts afresh with
   * the current state instead of waiting for a version that may never come. Null: no such queue day.
   */
  async startingPoint(
    topic: string,
    queueDayId: string,
    lastVersion: number,
    holding?: (snapshot: QueueSnapshot) => Promise<QueueSnapshot>,
  ): Promise<{ snapshot: QueueSnapshot; sent: number } | null> {
    let current = await this.snapshot(topic, queueDayId);
    if (!current) return null;
    if (holding) current = await holding(current);
    if (current.version >= lastVersion) return { snapshot: current, sent: lastVersion };
    const snapshot = await this.confirm(queueDayId, current);
    return { snapshot, sent: snapshot.version < lastVersion ? -1 : lastVersion };
  }

  /** A snapshot read or built outside the bus's flow: goes to the listeners when newer than theirs. */
  learn(snapshot: QueueSnapshot) {
    if (!this.topics.has(snapshot.topic) && !this.hospitals.has(snapshot.hospitalId)) return;
    const t = this.topic(snapshot.topic);
    if (snapshot.version > (t.latest?.version ?? -1)) this.deliver(snapshot.topic, t, snapshot, false);
  }

  /** The bus went down or came back (see HUB_CHECKS). */
  private busStatus(up: boolean) {
    if (up === this.busUp) return;
    this.busUp = up;
    if (!up) {
      this.downSince ||= Date.now();
      this.schedule(this.checks.downCheckMs);
      return;
    }
    // Back: resync every queue day at once, and once more shortly after, for a change committed
    // while the channel subscription was being restored (its message may have gone before it).
    this.extraChecks = 1;
    this.schedule(0);
  }

  private schedule(ms: number) {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => this.tick(), ms);
    this.timer.unref();
  }

  private tick() {
    this.timer = null;
    void this.check().finally(() => {
      if (!this.stopBus || this.timer) return;
      if (!this.busUp) this.schedule(this.checks.downCheckMs);
      else if (this.extraChecks > 0) {
        this.extraChecks--;
        this.schedule(this.checks.downCheckMs);
      } else {
        this.downSince = 0;
        this.schedule(this.checks.quietCheckMs);
      }
    });
  }

  /**
   * Compares every queue day with listeners here with the database, in one query, and loads those
   * that are behind (cache, else database). After an outage began, the boards' hospitals are asked
   * for queue days changed since, which this instance may never have heard of.
   */
  private async check() {
    if (this.checking) return;
    const ids: string[] = [];
    for (const topic of this.topics.keys()) {
      const queueDayId = parseTopic(topic)?.queueDayId;
      if (queueDayId) ids.push(queueDayId);
    }
    const hospitals = this.downSince ? [...this.hospitals.keys()] : [];
    if (ids.length === 0 && hospitals.length === 0) return;
    this.checking = true;
    try {
      // A minute's margin for clocks that differ between the instances and the database.
      const since = new Date(this.downSince - 60_000);
      for (const day of await findQueueDayVersions(ids, hospitals, since))
        this.catchUp(topicOf(day.hospitalId, day.id), day.id, day.version);
      this.checkFailed = false;
    } catch (err) {
      if (!this.checkFailed)
        log.warn(`[hub] comparing queue days with the database failed: ${(err as Error).message}`);
      this.checkFailed = true;
    } finally {
      this.checking = false;
    }
  }

  /** The database holds `version` of a queue day: loads it if the listeners here are behind. */
  private catchUp(topic: string, queueDayId: string, version: number) {
    if (!this.topics.has(topic) && !this.hospitals.has(parseTopic(topic)?.hospitalId ?? "")) return;
    const t = this.topic(topic);
    if (version <= (t.latest?.version ?? -1)) return;
    if (version > t.wanted) {
      t.wanted = version;
      t.lastUpdate = { topic, version, reason: "resync" };
    }
    if (!t.refreshing) void this.refresh(topic, queueDayId, t);
  }

  private topic(topic: string): Topic {
    let t = this.topics.get(topic);
    if (!t) {
      t = {
        listeners: new Set(),
        latest: null,
        wanted: -1,
        lastUpdate: null,
        refreshing: false,
        emergencyVersion: -1,
        offered: null,
        promised: -1,
        loading: null,
        checkedAt: 0,
      };
      this.topics.set(topic, t);
    }
    return t;
  }

  /**
   * A change made in this process hands over its after-image for `update` (the message it is about
   * to publish): the bus message that follows is then no reason to load that version. Nothing goes
   * out until the returned `release` is called, once the change has answered its caller (as a bare
   * broadcast would: answer first, then fan out); `release` must be called, error or not.
   */
  offer(update: QueueUpdate, snapshot: QueueSnapshot): () => void {
    const parsed = parseTopic(update.topic);
    // Not started, or nobody here listens to this queue: the bus message is all there is.
    if (!this.stopBus || !parsed || snapshot.version !== update.version) return noop;
    if (!this.topics.has(update.topic) && !this.hospitals.has(parsed.hospitalId)) return noop;
    const t = this.topic(update.topic);
    if (update.kind === "emergency") t.emergencyVersion = Math.max(t.emergencyVersion, update.version);
    t.promised = Math.max(t.promised, update.version);
    if (update.version > t.wanted) {
      t.wanted = update.version;
      t.lastUpdate = update;
    }
    let released = false;
    return () => {
      if (released) return;
      released = true;
      setImmediate(() => {
        if (snapshot.version > Math.max(t.offered?.version ?? -1, t.latest?.version ?? -1))
          t.offered = snapshot;
        if (!t.refreshing) void this.refresh(update.topic, parsed.queueDayId, t);
      });
    };
  }

  onUpdate(update: QueueUpdate) {
    if (update.kind === "link") {
      if (update.appointmentId) this.linkChanged(update.appointmentId);
      return;
    }
    const parsed = parseTopic(update.topic);
    if (!parsed) return;
    const hasTopic = this.topics.has(update.topic);
    if (!hasTopic && !this.hospitals.has(parsed.hospitalId)) return;
    const t = this.topic(update.topic);
    if (update.kind === "emergency") t.emergencyVersion = Math.max(t.emergencyVersion, update.version);
    if (update.version <= t.wanted) return;
    t.wanted = update.version;
    t.lastUpdate = update;
    if (!t.refreshing) void this.refresh(update.topic, parsed.queueDayId, t);
  }

  private async refresh(topic: string, queueDayId: string, t: Topic) {
    t.refreshing = true;
    try {
      for (let attempt = 0; attempt < 5 && (t.latest?.version ?? -1) < t.wanted; attempt++) {
        // An after-image in hand needs no read. One still promised is on its way (its change hands
        // it over once it has answered): reading that version now would only race it.
        if (this.takeOffered(topic, t)) {
          attempt--;
          continue;
        }
        if (t.promised >= t.wanted) break;
        const wanted = t.wanted;
        let snapshot = await getSnapshot(queueDayId, { minVersion: wanted });
        // A build that started before the commit may come back older than wanted: build again.
        if (snapshot && snapshot.version < wanted) snapshot = await buildSnapshot(queueDayId);
        if (!snapshot) break;
        if (snapshot.version > (t.latest?.version ?? -1)) this.deliver(topic, t, snapshot);
        if (snapshot.version < wanted) await new Promise((r) => setTimeout(r, 50 * (attempt + 1)));
      }
    } catch (err) {
      log.error({ ...errorField(err), topic }, "[hub] refreshing a topic failed");
    } finally {
      t.refreshing = false;
      // Handed over while the last read was running: newer than what that read found.
      this.takeOffered(topic, t);
      if (t.listeners.size === 0 && !this.hospitals.has(parseTopic(topic)?.hospitalId ?? ""))
        this.topics.delete(topic);
    }
  }

  /** Delivers the offered after-image if it is newer than what went out; true when it did. */
  private takeOffered(topic: string, t: Topic): boolean {
    const offered = t.offered;
    t.offered = null;
    if (!offered || offered.version <= (t.latest?.version ?? -1)) return false;
    this.deliver(topic, t, offered);
    return true;
  }

  private deliver(topic: string, t: Topic, snapshot: QueueSnapshot, announced = true) {
    t.latest = snapshot;
    const listeners = [...t.listeners, ...(this.hospitals.get(snapshot.hospitalId) ?? [])];
    const started = performance.now();
    const before = this.messages;
    for (const listener of listeners) {
      try {
        listener(snapshot, t.emergencyVersion);
        this.messages += listener.subscribers?.() ?? 1;
      } catch (err) {
        log.error({ ...errorField(err), topic }, "[hub] a listener failed");
      }
    }
    const sent = this.messages - before;
    if (sent > 0)
      this.messagesByHospital.set(
        snapshot.hospitalId,
        (this.messagesByHospital.get(snapshot.hospitalId) ?? 0) + sent,
      );
    this.lastDelivery = {
      topic,
      version: snapshot.version,
      at: performance.timeOrigin + started,
      ms: performance.now() - started,
      listeners: listeners.length,
    };
    const changedAt = announced ? t.lastUpdate?.at : undefined;
    if (changedAt) metrics().fanout.observe(Math.max(0, Date.now() - changedAt) / 1000);
  }

  private linkChanged(appointmentId: string) {
    for (const listener of this.links) {
      try {
        listener(appointmentId);
      } catch (err) {
        log.error(errorField(err), "[hub] link listener failed");
      }
    }
  }
}

const noop = () => {};

function countOf(listeners: Set<SnapshotListener>): number {
  let n = 0;
  for (const l of listeners) n += l.subscribers?.() ?? 1;
  return n;
}

const g = globalThis as unknown as { __pqHub?: Hub };

export function getHub(): Hub {
  g.__pqHub ??= new Hub();
  return g.__pqHub;
}
