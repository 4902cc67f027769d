// Cross-instance fan-out over Redis pub/sub: channel `queue_updates`, JSON messages tagged with the
// sender's instance id. An instance ignores its own messages (it delivered them locally already) and
// anything that does not parse. ioredis re-subscribes by itself after a reconnect.
import { z } from "zod";
import { log } from "../log.ts";
import { isRedisReady, type RedisClient } from "../redis.ts";
import {
  busKindOf,
  type EventBus,
  QUEUE_UPDATES_CHANNEL,
  type QueueUpdate,
  type QueueUpdateHandler,
} from "./bus.ts";
import { MemoryBus } from "./bus-memory.ts";

const wireMessage = z.object({
  topic: z.string().min(1),
  version: z.number().finite(),
  reason: z.string(),
  kind: z.string().optional().transform(busKindOf),
  appointmentId: z.string().min(1).max(64).optional(),
  at: z.number().finite().optional(),
  origin: z.string().min(1),
});

export class RedisBus implements EventBus {
  readonly instanceId: string;
  private readonly publisher: RedisClient;
  private readonly subscriber: RedisClient;
  private readonly channel: string;
  private readonly local = new MemoryBus();
  private subscribed: Promise<void> | null = null;
  private readonly statusListeners = new Set<(up: boolean) => void>();
  private lastStatus: boolean | null = null;
  dropped = 0;

  constructor(opts: {
    publisher: RedisClient;
    subscriber: RedisClient;
    instanceId: string;
    channel?: string;
  }) {
    this.publisher = opts.publisher;
    this.subscriber = opts.subscriber;
    this.instanceId = opts.instanceId;
    this.channel = opts.channel ?? QUEUE_UPDATES_CHANNEL;
  }

  /** Whether a publish can reach Redis right now. */
  isUp() {
    return isRedisReady(this.publisher);
  }

  /** Whether messages go both ways right now: publishing, and hearing the other instances. */
  isConnected() {
    return isRedisReady(this.publisher) && isRedisReady(this.subscriber);
  }

  /** Hears `isConnected()` now and on every change (a connection lost or back). */
  onStatus(listener: (up: boolean) => void): () => void {
    if (this.lastStatus === null) {
      this.lastStatus = this.isConnected();
      const changed = () => {
        const up = this.isConnected();
        if (up === this.lastStatus) return;
        this.lastStatus = up;
        for (const l of this.statusListeners) l(up);
      };
      for (const client of [this.publisher, this.subscriber])
        for (const event of ["ready", "close", "end"]) client.on(event, changed);
    }
    this.statusListeners.add(listener);
    listener(this.lastStatus);
    return () => {
      this.statusListeners.delete(listener);
    };
  }

  /** Sends to the other instances only; rejects when Redis is unreachable. */
  async publish(msg: QueueUpdate): Promise<void> {
    const { topic, version, reason, kind, appointmentId, at } = msg;
    await this.publisher.publish(
      this.channel,
      JSON.stringify({ topic, version, reason, kind, appointmentId, at, origin: this.instanceId }),
    );
  }

  /** Hears the other instances' messages. */
  subscribe(handler: QueueUpdateHandler): () => void {
    void this.listen();
    return this.local.subscribe(handler);
  }

  /** Resolves once the channel subscription is active (it waits while Redis is unreachable). */
  listen(): Promise<void> {
    if (!this.subscribed) {
      this.subscriber.on("message", (channel: string, raw: string) => {
        if (channel === this.channel) this.receive(raw);
      });
      this.subscribed = this.subscriber.subscribe(this.channel).then(
        () => undefined,
        (err: Error) => {
          if (this.subscriber.status === "end") return; // closed on purpose
          log.warn(`[bus] could not subscribe to ${this.channel}: ${err.message}`);
        },
      );
    }
    return this.subscribed;
  }

  private receive(raw: string) {
    let parsed: z.infer<typeof wireMessage>;
    try {
      parsed = wireMessage.parse(JSON.parse(raw));
    } catch {
      if (this.dropped++ === 0) log.warn(`[bus] ignoring a malformed message on ${this.channel}`);
      return;
    }
    const { origin, ...update } = parsed;
    if (origin !== this.instanceId) this.local.deliver(update);
  }
}
