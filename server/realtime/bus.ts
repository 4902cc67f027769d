// The one event bus: "queue day <topic> is now at <version>", from whichever instance made the change.
// Messages may be lost (Redis pub/sub is fire-and-forget); subscribers resync by version.
// `kind`: "emergency" for an emergency notice (pages alert); "link" when an appointment's tracking
// link changed (`appointmentId`; `version` is then meaningless): its open subscriptions re-check it.
export type QueueUpdate = {
  topic: string;
  version: number;
  reason: string;
  kind?: string;
  appointmentId?: string;
  at?: number;
};

export type QueueUpdateHandler = (msg: QueueUpdate) => void;

export interface EventBus {
  publish(msg: QueueUpdate): Promise<void>;
  /** Returns the unsubscribe function. */
  subscribe(handler: QueueUpdateHandler): () => void;
  /**
   * Hears whether messages reach the other instances (both ways): at once with the current state,
   * then on every change. Absent when there are no other instances to reach.
   */
  onStatus?(listener: (up: boolean) => void): () => void;
}

export const QUEUE_UPDATES_CHANNEL = "queue_updates";
