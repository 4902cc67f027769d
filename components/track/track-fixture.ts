// One patient's tracking answer for the page's unit tests, and a live message made from it.
import type { LiveData } from "./live";
import type { TrackData } from "./view";

export const base: TrackData = {
  appointment: {
    ticket: 4,
    scheduledAt: "2026-11-29T09:00:00.000Z",
    doctor: { name: "Dr Chen", room: "2" },
    hospital: { name: "H", timeZone: "UTC" },
  },
  queue: {
    position: 5,
    peopleAhead: 4,
    estimatedWaitTime: 40,
    estimatedStartAt: null,
    queueStatus: "checked_in",
  },
  notice: null,
  paused: false,
  version: 10,
};

/** The live message for `base`, with some of its fields and some of its queue's changed. */
export const live = (over: Partial<LiveData> = {}, queue: Partial<TrackData["queue"]> = {}): LiveData => ({
  ...base,
  ...over,
  queue: { ...base.queue, ...queue },
});
