// The topic hub: one topic per QueueDay. On a change event it builds the snapshot once per version
// (a burst of changes coalesces to the newest) and hands that one object to every local listener;
// listeners derive their own views without touching the database. A change made in this process
// offers its after-image (the snapshot it built from the state it locked and changed), so the local
// fan-out reads nothing back; other instances hear the bus message and load that version from the
// cache or the database, with the same version guard and coalescing.

import { metrics } from "../http/metrics.ts";
import { errorField, log } from "../log.ts";
import { buildSnapshot, getSnapshot, parseTopic, type QueueSnapshot } from "../services/snapshot.ts";
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
};

export class Hub {
  private topics = new Map<string, Topic>();
  private hospitals = new Map<string, Set<SnapshotListener>>();
  private links = new Set<LinkListener>();
  private stopBus: (() => void) | null = null;
  messages = 0;
  /** When the newest snapshot started going out, and to how many (fan-out timing for the bench). */
  lastDelivery: { topic: string; version: number; at: number; ms: number; listeners: number } | null = null;

  start() {
    this.stopBus ??= getBus().subscribe((update) => this.onUpdate(update));
  }

  async stop() {
    this.stopBus?.();
    this.stopBus = null;
  }

  stats() {
    return {
      rooms: [...this.topics.entries()].map(([topic, t]) => ({
        topic,
        subscribers: countOf(t.listeners),
        version: t.latest?.version ?? null,
      })),
      hospitalSubscribers: [...this.hospitals.values()].reduce((n, s) => n + countOf(s), 0),
      messages: this.messages,
      lastDelivery: this.lastDelivery,
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

  private deliver(topic: string, t: Topic, snapshot: QueueSnapshot) {
    t.latest = snapshot;
    const listeners = [...t.listeners, ...(this.hospitals.get(snapshot.hospitalId) ?? [])];
    const started = performance.now();
    for (const listener of listeners) {
      try {
        listener(snapshot, t.emergencyVersion);
        this.messages += listener.subscribers?.() ?? 1;
      } catch (err) {
        log.error({ ...errorField(err), topic }, "[hub] a listener failed");
      }
    }
    this.lastDelivery = {
      topic,
      version: snapshot.version,
      at: performance.timeOrigin + started,
      ms: performance.now() - started,
      listeners: listeners.length,
    };
    const changedAt = t.lastUpdate?.at;
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
