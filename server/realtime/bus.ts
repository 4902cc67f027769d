// The one event bus: "queue day <topic> is now at <version>", from whichever instance made the change.
// Messages may be lost (Redis pub/sub is fire-and-forget); subscribers resync by version.
// `kind` (BUS_KINDS): "emergency" / "emergency_cleared" for an emergency notice given or withdrawn
// (pages alert); "link" when an appointment's tracking link changed (`appointmentId`; `version` is
// then meaningless): its open subscriptions re-check it; "screen" when a waiting-room screen link
// changed; "revoked" on the identity channel when a session or token ended (`topic` names it).

/** Every kind of bus message besides a plain queue change. */
export const BUS_KINDS = ["emergency", "emergency_cleared", "link", "screen", "revoked"] as const;
export type BusKind = (typeof BUS_KINDS)[number];

/** A kind read off the wire: one we know, else none (a newer instance's kind is a plain change here). */
export function busKindOf(kind: unknown): BusKind | undefined {
  return (BUS_KINDS as readonly unknown[]).includes(kind) ? (kind as BusKind) : undefined;
}

export type QueueUpdate = {
  topic: string;
  version: number;
  reason: string;
  kind?: BusKind;
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
