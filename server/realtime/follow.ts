// Following one queue day live, the way every live procedure does it (a patient's link, a doctor's
// day, a waiting-room screen): listen first, then start from the hub's current snapshot resumed from
// the client's last version (Hub.startingPoint, which owns the resync), then every newer version.
// A burst of versions coalesces to the newest. The WebSocket fast path (server/ws/tracking-feed.ts)
// takes the same steps for thousands of patients at once, without a generator each.
import type { QueueSnapshot } from "../services/snapshot.ts";
import { type LiveEvent, liveEventFor } from "../services/tracking.ts";
import { getHub } from "./hub.ts";
import { latestValues } from "./latest.ts";

export type QueueDayChange = {
  snapshot: QueueSnapshot;
  /** "emergency" when an emergency notice was published since the previous change given. */
  event: LiveEvent;
};

export async function* followQueueDay(
  day: { topic: string; queueDayId: string },
  opts: {
    /** The last version the client has seen (-1: none); only newer ones are given. */
    lastVersion: number;
    /** Ends the following (the generator then returns). */
    signal?: AbortSignal;
    /** A check of the starting snapshot that may rebuild it (see Hub.startingPoint). */
    holding?: (snapshot: QueueSnapshot) => Promise<QueueSnapshot>;
  },
): AsyncGenerator<QueueDayChange> {
  if (opts.signal?.aborted) return;
  const hub = getHub();
  // Listen before reading the current state, so no change between the two is lost.
  const updates = latestValues<QueueSnapshot>((push) => hub.subscribe(day.topic, push), opts.signal);
  try {
    const start = await hub.startingPoint(day.topic, day.queueDayId, opts.lastVersion, opts.holding);
    let sent = start?.sent ?? opts.lastVersion;
    const next = (snapshot: QueueSnapshot): QueueDayChange => {
      const event = liveEventFor(sent, hub.emergencyVersion(day.topic), snapshot.version);
      sent = snapshot.version;
      return { snapshot, event };
    };
    if (start && start.snapshot.version > sent) yield next(start.snapshot);
    for await (const snapshot of updates) if (snapshot.version > sent) yield next(snapshot);
  } finally {
    updates.close();
  }
}
