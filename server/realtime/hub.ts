// The topic hub: one topic per QueueDay. On a change event it builds the snapshot once per version
// (a burst of changes coalesces to the newest) and hands that one object to every local listener;
// listeners derive their own views without touching the database.

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
      };
      this.topics.set(topic, t);
    }
    return t;
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
      if (t.listeners.size === 0 && !this.hospitals.has(parseTopic(topic)?.hospitalId ?? ""))
        this.topics.delete(topic);
    }
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
