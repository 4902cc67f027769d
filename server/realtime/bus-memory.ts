// In-process bus: delivers synchronously to this process's handlers. One failing handler does not
// keep the message from the others.

import { errorField, log } from "../log.ts";
import type { EventBus, QueueUpdate, QueueUpdateHandler } from "./bus.ts";

export class MemoryBus implements EventBus {
  private readonly handlers = new Set<QueueUpdateHandler>();

  get size() {
    return this.handlers.size;
  }

  async publish(msg: QueueUpdate): Promise<void> {
    this.deliver(msg);
  }

  deliver(msg: QueueUpdate) {
    for (const handler of this.handlers) {
      try {
        handler(msg);
      } catch (err) {
        log.error({ ...errorField(err), topic: msg.topic }, "[bus] a subscriber failed");
      }
    }
  }

  subscribe(handler: QueueUpdateHandler): () => void {
    // A wrapper per subscription, so the same function subscribed twice is two subscriptions.
    const entry: QueueUpdateHandler = (msg) => handler(msg);
    this.handlers.add(entry);
    return () => {
      this.handlers.delete(entry);
    };
  }
}
