// The process's event bus: local subscribers hear every change at once, in-process; Redis, when
// configured and up, carries it to the other instances. Publishing never fails because Redis is away
// (those messages do not reach other instances; their subscribers resync by version later).

import { log } from "../log.ts";
import { getRedis, getRedisSubscriber } from "../redis.ts";
import type { EventBus, QueueUpdate, QueueUpdateHandler } from "./bus.ts";
import { MemoryBus } from "./bus-memory.ts";
import { RedisBus } from "./bus-redis.ts";
import { instanceId } from "./instance.ts";

export class HybridBus implements EventBus {
  private readonly local = new MemoryBus();
  private readonly remote: RedisBus | null;
  private warned = false;

  constructor(remote: RedisBus | null) {
    this.remote = remote;
    remote?.subscribe((msg) => this.local.deliver(msg));
  }

  async publish(msg: QueueUpdate): Promise<void> {
    this.local.deliver(msg);
    if (!this.remote?.isUp()) return;
    try {
      await this.remote.publish(msg);
      this.warned = false;
    } catch (err) {
      if (this.warned) return;
      this.warned = true;
      log.warn(`[bus] publish to Redis failed, delivered locally only: ${(err as Error).message}`);
    }
  }

  subscribe(handler: QueueUpdateHandler): () => void {
    return this.local.subscribe(handler);
  }

  onStatus(listener: (up: boolean) => void): () => void {
    return this.remote ? this.remote.onStatus(listener) : () => {};
  }
}

const g = globalThis as unknown as { __pqBus?: HybridBus };

export function getBus(): EventBus {
  if (!g.__pqBus) {
    const publisher = getRedis();
    const subscriber = getRedisSubscriber();
    g.__pqBus = new HybridBus(
      publisher && subscriber ? new RedisBus({ publisher, subscriber, instanceId }) : null,
    );
  }
  return g.__pqBus;
}
