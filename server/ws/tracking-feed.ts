// The fan-out fast path for tracking.onUpdate over WebSocket. One hub listener per queue day holds
// every patient subscription of this instance in a Set of small records; a change builds each
// patient's message once (per appointment, per snapshot) and writes it straight to the socket in
// the tRPC wire format wsLink reads. No generator, promise or listener per subscriber: that is what
// keeps a change to 10,000 phones close to the cost of a bare `ws` broadcast (bench/fanout).
// Semantics match the tRPC procedure in server/trpc/routers/tracking.ts, which the tests compare
// (server/trpc/wire.test.ts): a subscription takes the tracking read limits (per IP, per link) before
// it starts, and starts where the procedure's would (Hub.startingPoint, which owns the resync).
import type { WebSocket } from "ws";
import { type VerifiedTracking, verifyTrackingToken } from "../auth/tracking-token.ts";
import { now as clockNow } from "../clock.ts";
import { hashKey, takeTrackingLimits } from "../http/rate-limit.ts";
import { getHub, type SnapshotListener } from "../realtime/hub.ts";
import type { QueueSnapshot } from "../services/snapshot.ts";
import {
  checkTracking,
  isMissingFromSnapshot,
  lastVersionOn,
  liveEventFor,
  snapshotHolding,
  type TrackingRef,
  trackingEventId,
  trackingExpired,
} from "../services/tracking.ts";
import { ZTrackSubscribeInput } from "../trpc/routers/tracking.ts";
import {
  badInput,
  dataPrefix,
  dataSuffix,
  duplicateId,
  errorMessage,
  type RequestId,
  startedMessage,
  stoppedMessage,
} from "../trpc/wire.ts";
import { FrameWriter } from "./frame-writer.ts";
import { sendFrame, sendText } from "./text-frame.ts";
import { type BodyWriter, bodyWriter, referenceBody } from "./tracking-body.ts";

export const TRACKING_PATH = "tracking.onUpdate";
/** A socket this far behind (a phone on a dead network) is dropped; it resyncs when it reconnects. */
const MAX_BUFFERED_BYTES = 1024 * 1024;
const OPEN = 1;

/** What the feed needs of a connection: its socket and the subscriptions it holds. */
export interface FeedClient {
  readonly socket: WebSocket;
  /** The client's address, as the per-IP limits count it. */
  readonly ip: string;
  /** This connection's fast-path subscriptions (null until the first; usually one). */
  fastSubs: FeedSub[] | null;
  onSubscriptionsChanged(): void;
}

/** Kept small on purpose: there may be tens of thousands. What a queue day's subs share is in FeedTopic. */
export type FeedSub = {
  readonly client: FeedClient;
  readonly id: RequestId;
  readonly prefix: string;
  topic: FeedTopic | null;
  appointmentId: string;
  ticket: number;
  scheduledAt: number;
  tokenVersion: number;
  expiresAt: number;
  /**
   * What the link itself says beyond the fields above, checked again when its appointment's link
   * changes (reissued, moved): its signed expiry, when it was issued and the appointment time it
   * names (ms; NaN: none, also before the link is checked). Numbers, not the claims object: with
   * tens of thousands of subscribers, an object with three dates each is memory (bench:fanout).
   */
  linkExpiresAt: number;
  linkIssuedAt: number;
  linkScheduledAt: number;
  /** The last version sent (-1: none). */
  sent: number;
  stopped: boolean;
};

type SharedRef = Omit<TrackingRef, "id" | "ticket" | "scheduledAt" | "tokenVersion" | "expiresAt">;

/** One delivery of a snapshot to a topic's subscribers. */
type Pass = { writer: BodyWriter; suffix: string; now: number };

type FeedTopic = {
  subs: Set<FeedSub>;
  shared: SharedRef;
  unsubscribe: () => void;
  /** The writer of the latest snapshot sent, for subscribers who join after it went out. */
  written: { snapshot: QueueSnapshot; pass: Pass } | null;
};

export class TrackingFeed {
  private readonly topics = new Map<string, FeedTopic>();
  private readonly prefixes = new Map<RequestId, string>();
  private stopLinks: (() => void) | null = null;
  /** Subscriptions whose appointment is being looked up again (it may have moved): nothing is sent meanwhile. */
  private readonly rechecking = new Set<FeedSub>();

  get size() {
    let n = 0;
    for (const t of this.topics.values()) n += t.subs.size;
    return n;
  }

  /**
   * A `subscription` request for tracking.onUpdate. `rateLimit: false` leaves the tracking read
   * limits out (WebSocketOptions.rateLimit, for benchmarks whose clients all share one address).
   */
  async subscribe(client: FeedClient, id: RequestId, input: unknown, opts: { rateLimit?: boolean } = {}) {
    if (client.fastSubs?.some((s) => s.id === id)) {
      send(client.socket, errorMessage(id, duplicateId(id), { path: TRACKING_PATH, input, ctx: undefined }));
      return;
    }
    const parsed = ZTrackSubscribeInput.safeParse(input);
    if (!parsed.success) {
      send(
        client.socket,
        errorMessage(id, badInput(parsed.error), { path: TRACKING_PATH, input, ctx: undefined }),
      );
      return;
    }
    const sub: FeedSub = {
      client,
      id,
      prefix: this.prefixOf(id),
      topic: null,
      appointmentId: "",
      ticket: 0,
      scheduledAt: 0,
      tokenVersion: 0,
      expiresAt: Number.POSITIVE_INFINITY,
      linkExpiresAt: Number.NaN,
      linkIssuedAt: Number.NaN,
      linkScheduledAt: Number.NaN,
      sent: -1, // until the link says which queue day the client's last event id is of
      stopped: false,
    };
    client.fastSubs ??= [];
    client.fastSubs.push(sub);
    client.onSubscriptionsChanged();
    try {
      // Taken like a read of the link, before anything is done for it (as the procedure does).
      if (opts.rateLimit !== false) {
        const taken = takeTrackingLimits(client.ip, hashKey(parsed.data.token));
        const refused = taken instanceof Promise ? await taken : taken;
        if (sub.stopped) return;
        if (refused) {
          this.remove(sub);
          send(client.socket, errorMessage(id, refused, { path: TRACKING_PATH, input, ctx: undefined }));
          return;
        }
      }
      send(client.socket, startedMessage(id));
      const claims = await verifyTrackingToken(parsed.data.token);
      const ref = await checkTracking(claims);
      if (sub.stopped) return;
      sub.linkExpiresAt = claims.expiresAt.getTime();
      sub.linkIssuedAt = claims.issuedAt.getTime();
      sub.linkScheduledAt = claims.scheduledAt?.getTime() ?? Number.NaN;
      sub.sent = lastVersionOn(ref.queueDayId, parsed.data.lastEventId);
      await this.start(sub, ref);
    } catch (err) {
      if (!sub.stopped) this.fail(sub, err);
    }
  }

  /** Follows `ref`'s queue day: joins its topic, then sends where the subscriber starts. */
  private async start(sub: FeedSub, ref: TrackingRef) {
    this.take(sub, ref);
    // Listen before reading the current state, so no change between the two is lost.
    this.join(ref, sub);
    const requested = sub.sent;
    const hub = getHub();
    const start = await hub.startingPoint(ref.topic, ref.queueDayId, requested, (snapshot) =>
      snapshotHolding(ref, snapshot),
    );
    if (!start || sub.stopped || sub.topic?.shared.topic !== ref.topic) return;
    if (start.sent < 0 && sub.sent === requested) sub.sent = -1;
    // A newer version may have reached the listener meanwhile (and been skipped, if it was not
    // newer than what the client said it had seen): that one is the state to send.
    const latest = hub.current(ref.topic);
    const first = latest && latest.version > start.snapshot.version ? latest : start.snapshot;
    const t = sub.topic;
    this.deliverTo(sub, first, hub.emergencyVersion(ref.topic), t ? this.passOf(t, first, sub) : null);
  }

  /** What a subscriber keeps of its appointment (its ticket and time change when it is rescheduled). */
  private take(sub: FeedSub, ref: TrackingRef) {
    sub.appointmentId = ref.id;
    sub.ticket = ref.ticket;
    sub.scheduledAt = ref.scheduledAt.getTime();
    sub.tokenVersion = ref.tokenVersion;
    sub.expiresAt = ref.expiresAt.getTime();
  }

  /** A `subscription.stop` request: true when the id was one of ours. */
  unsubscribe(client: FeedClient, id: RequestId): boolean {
    const sub = client.fastSubs?.find((s) => s.id === id);
    if (!sub) return false;
    this.remove(sub);
    send(client.socket, stoppedMessage(id));
    return true;
  }

  /** The connection closed. */
  drop(client: FeedClient) {
    if (!client.fastSubs) return;
    for (const sub of [...client.fastSubs]) this.remove(sub);
  }

  /** Ends subscriptions whose link has expired (called by the connection sweep; the hub resyncs topics). */
  expire(now = clockNow().getTime()) {
    for (const t of this.topics.values())
      for (const sub of t.subs) if (now >= sub.expiresAt) this.fail(sub, trackingExpired());
  }

  private prefixOf(id: RequestId): string {
    let prefix = this.prefixes.get(id);
    if (prefix === undefined) {
      prefix = dataPrefix(id);
      if (this.prefixes.size < 1000) this.prefixes.set(id, prefix);
    }
    return prefix;
  }

  private join(ref: TrackingRef, sub: FeedSub): FeedTopic {
    let t = this.topics.get(ref.topic);
    if (!t) {
      const { id, ticket, scheduledAt, tokenVersion, expiresAt, ...shared } = ref;
      const subs = new Set<FeedSub>();
      const topic: FeedTopic = { subs, shared, unsubscribe: () => {}, written: null };
      const listener: SnapshotListener = (snapshot, emergencyVersion) => {
        const first = subs.values().next().value;
        if (!first) return;
        // One message body per appointment and event kind, for this pass only.
        const pass = this.passOf(topic, snapshot, first);
        for (const s of subs) this.deliverTo(s, snapshot, emergencyVersion, pass);
      };
      listener.subscribers = () => subs.size;
      topic.unsubscribe = getHub().subscribe(ref.topic, listener);
      this.topics.set(ref.topic, topic);
      t = topic;
    }
    sub.topic = t;
    t.subs.add(sub);
    this.stopLinks ??= getHub().subscribeLinks((appointmentId) => void this.linkChanged(appointmentId));
    return t;
  }

  /**
   * The writer of `snapshot`'s messages for this topic's patients (`sub` is one of them): the one
   * made for the snapshot last sent if it is that one, so a subscriber joining later (a page opened,
   * a reconnect, a restart's thousands at once) gets the same fast writer as a change's pass.
   */
  private passOf(t: FeedTopic, snapshot: QueueSnapshot, sub: FeedSub): Pass {
    const now = clockNow().getTime();
    const written = t.written?.snapshot === snapshot ? t.written.pass : null;
    // Made the same way each time: one shape of pass for the per-patient code.
    if (written) return { writer: written.writer, suffix: written.suffix, now };
    const pass: Pass = {
      writer: bodyWriter(snapshot, this.refOf(sub, t)),
      suffix: dataSuffix(trackingEventId(snapshot)),
      now,
    };
    t.written = { snapshot, pass };
    return pass;
  }

  /** Sends the queue day's current state to a subscriber who has not had it yet. */
  private async catchUp(sub: FeedSub) {
    const t = sub.topic;
    if (!t) return;
    const hub = getHub();
    const latest = hub.current(t.shared.topic);
    if (!latest || latest.version <= sub.sent) return;
    const snapshot = await snapshotHolding(this.refOf(sub, t), latest);
    if (sub.stopped || sub.topic !== t) return;
    this.deliverTo(sub, snapshot, hub.emergencyVersion(t.shared.topic), this.passOf(t, snapshot, sub));
  }

  private refOf(sub: FeedSub, t: FeedTopic): TrackingRef {
    return {
      ...t.shared,
      id: sub.appointmentId,
      ticket: sub.ticket,
      scheduledAt: new Date(sub.scheduledAt),
      tokenVersion: sub.tokenVersion,
      expiresAt: new Date(sub.expiresAt),
    };
  }

  private remove(sub: FeedSub) {
    sub.stopped = true;
    const { client } = sub;
    const i = client.fastSubs?.indexOf(sub) ?? -1;
    if (i >= 0) {
      client.fastSubs!.splice(i, 1);
      if (client.fastSubs!.length === 0) client.fastSubs = null;
      client.onSubscriptionsChanged();
    }
    this.leave(sub);
  }

  /** Takes a subscriber out of its queue day's topic (the topic goes when it was the last). */
  private leave(sub: FeedSub) {
    const t = sub.topic;
    if (!t) return;
    sub.topic = null;
    t.subs.delete(sub);
    if (t.subs.size === 0 && this.topics.get(t.shared.topic) === t) {
      t.unsubscribe();
      this.topics.delete(t.shared.topic);
    }
    if (this.topics.size === 0) {
      this.stopLinks?.();
      this.stopLinks = null;
    }
  }

  /** Ends a subscription with an error the page shows, as the procedure would. */
  private fail(sub: FeedSub, err: unknown) {
    this.remove(sub);
    const { socket } = sub.client;
    send(socket, errorMessage(sub.id, err, { path: TRACKING_PATH, input: undefined, ctx: undefined }));
    send(socket, stoppedMessage(sub.id));
  }

  private deliverTo(
    sub: FeedSub,
    snapshot: QueueSnapshot,
    emergencyVersion: number,
    pass: Pass | null = null,
  ) {
    const t = sub.topic;
    if (snapshot.version <= sub.sent || !t) return;
    if ((pass?.now ?? clockNow().getTime()) >= sub.expiresAt) {
      this.fail(sub, trackingExpired());
      return;
    }
    const event = liveEventFor(sub.sent, emergencyVersion, snapshot.version);
    if (this.rechecking.has(sub)) return;
    // The pass's writer writes the message straight into its frame (frame-writer.ts); without one
    // (a subscriber's first message before any pass) the reference body is built as text.
    const frame = pass ? frames.begin().ascii(sub.prefix) : null;
    let body = "";
    try {
      if (frame && pass) pass.writer.write(frame, sub, event);
      else body = referenceBody(this.refOf(sub, t), snapshot, event);
    } catch (err) {
      if (isMissingFromSnapshot(err)) void this.recheck(sub, err);
      else this.fail(sub, err);
      return;
    }
    sub.sent = snapshot.version;
    const socket = sub.client.socket;
    if (frame && pass) {
      if (writable(socket)) sendFrame(socket, frame.ascii(pass.suffix));
    } else send(socket, sub.prefix + body + dataSuffix(trackingEventId(snapshot)));
  }

  /**
   * A link was reissued or its appointment rescheduled: check each open subscription of it again. A
   * replaced or expired link ends it; an appointment moved to another day or doctor is followed
   * there (the subscriber gets that day's current state at once, then its changes).
   */
  private async linkChanged(appointmentId: string) {
    const affected: FeedSub[] = [];
    for (const t of this.topics.values())
      for (const sub of t.subs) if (sub.appointmentId === appointmentId) affected.push(sub);
    await Promise.all(affected.map((sub) => this.recheck(sub)));
  }

  /**
   * Checks a subscription's link against its appointment as it is now, and follows the appointment
   * if it moved. `missing` is why a snapshot could not be shown (the appointment is not in it: the
   * move's snapshot of the old day may come before the news of the move); it ends the subscription
   * if the appointment did not move after all.
   */
  private async recheck(sub: FeedSub, missing?: unknown) {
    if (!sub.topic || Number.isNaN(sub.linkExpiresAt) || this.rechecking.has(sub)) return;
    this.rechecking.add(sub);
    try {
      const now = await checkTracking(linkClaimsOf(sub, sub.topic), { fresh: true });
      const t = sub.topic;
      if (sub.stopped || !t) return;
      const sameDay = now.queueDayId === t.shared.queueDayId;
      if (sameDay && now.scheduledAt.getTime() === sub.scheduledAt) {
        if (missing) {
          this.fail(sub, missing);
          return;
        }
        this.take(sub, now);
        // A start that finished while this check ran skipped its first message (nothing is sent
        // while a subscription is checked): send the current state now if it has not gone out.
        this.rechecking.delete(sub);
        await this.catchUp(sub);
        return;
      }
      // Another day starts from its current state; a new time on the same day sends the current
      // state again, with the new time.
      this.leave(sub);
      sub.sent = sameDay && sub.sent >= 0 ? sub.sent - 1 : -1;
      this.rechecking.delete(sub);
      await this.start(sub, now);
    } catch (err) {
      if (!sub.stopped) this.fail(sub, err);
    } finally {
      this.rechecking.delete(sub);
    }
  }
}

/** The claims of a subscriber's link, as verifyTrackingToken gave them (the hospital is its topic's). */
function linkClaimsOf(sub: FeedSub, t: FeedTopic): VerifiedTracking {
  return {
    appointmentId: sub.appointmentId,
    hospitalId: t.shared.hospitalId,
    doctorId: t.shared.doctorId,
    tokenVersion: sub.tokenVersion,
    expiresAt: new Date(sub.linkExpiresAt),
    issuedAt: new Date(sub.linkIssuedAt),
    ...(Number.isNaN(sub.linkScheduledAt) ? {} : { scheduledAt: new Date(sub.linkScheduledAt) }),
  };
}

/** The frames of every pass, written one after another into shared slabs. */
const frames = new FrameWriter();

/** Whether to send to `socket`: open, and not too far behind (then it is dropped). */
function writable(socket: WebSocket): boolean {
  if (socket.readyState !== OPEN) return false;
  if (socket.bufferedAmount > MAX_BUFFERED_BYTES) {
    socket.terminate();
    return false;
  }
  return true;
}

/** Sends a text frame (one buffer, one write: text-frame.ts), dropping a socket too far behind. */
function send(socket: WebSocket, message: string) {
  if (writable(socket)) sendText(socket, message);
}

const g = globalThis as unknown as { __pqTrackingFeed?: TrackingFeed };

export function getTrackingFeed(): TrackingFeed {
  g.__pqTrackingFeed ??= new TrackingFeed();
  return g.__pqTrackingFeed;
}
