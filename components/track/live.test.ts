import { describe, expect, it } from "vitest";
import { type LiveData, modeOf, nudgesFor, pollInterval, reconnectDelay, SOCKET_GRACE_MS } from "./live";
import type { TrackData } from "./view";

const base: TrackData = {
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
const live = (over: Partial<LiveData> = {}, queue: Partial<TrackData["queue"]> = {}): LiveData => ({
  ...base,
  ...over,
  queue: { ...base.queue, ...queue },
});

describe("modes and timing", () => {
  it("live, then reconnecting, then polling after the grace period", () => {
    expect(modeOf({ live: true, downSince: null }, 1_000)).toBe("live");
    expect(modeOf({ live: false, downSince: 1_000 }, 1_000 + SOCKET_GRACE_MS)).toBe("reconnecting");
    expect(modeOf({ live: false, downSince: 1_000 }, 1_001 + SOCKET_GRACE_MS)).toBe("polling");
  });

  it("polls every 15 s, every 5 s near the front; reconnects with backoff up to 15 s", () => {
    expect(pollInterval(live())).toBe(15_000);
    expect(pollInterval(live({}, { position: 2 }))).toBe(5_000);
    expect(pollInterval(live({}, { position: null }))).toBe(15_000);
    expect([0, 1, 2, 3, 4, 5].map((n) => reconnectDelay(n, 0))).toEqual([1e3, 2e3, 4e3, 8e3, 15e3, 15e3]);
    expect(reconnectDelay(4, 1)).toBe(11_250);
  });
});

describe("nudgesFor", () => {
  const seen = { status: "checked_in" as const, alerted: null, alertedVersion: 10 };
  it("becoming next or called nudges once", () => {
    expect(nudgesFor(seen, live({}, { queueStatus: "next" })).turn).toBe("next");
    expect(nudgesFor(seen, live({}, { queueStatus: "called" })).turn).toBe("called");
    expect(nudgesFor({ ...seen, status: "next" }, live({}, { queueStatus: "next" })).turn).toBeNull();
    expect(nudgesFor(seen, live()).turn).toBeNull();
  });

  it("a new notice alerts; the same one does not", () => {
    const notice = { message: "Emergency", delayMinutes: 30, since: "2026-11-29T09:00:00.000Z" };
    const withNotice = live({ notice, version: 11 });
    expect(nudgesFor(seen, withNotice).notice).toBe(true);
    const alerted = { ...seen, alerted: "Emergency|30|2026-11-29T09:00:00.000Z", alertedVersion: 11 };
    expect(nudgesFor(alerted, live({ notice, version: 12 })).notice).toBe(false);
    expect(nudgesFor(alerted, live({ notice: null, version: 12 })).notice).toBe(false);
  });

  it("an emergency event alerts even when the notice text is unchanged, once per version", () => {
    const notice = { message: "Emergency", delayMinutes: 30, since: null };
    const alerted = { ...seen, alerted: "Emergency|30|", alertedVersion: 11 };
    expect(nudgesFor(alerted, live({ notice, version: 12, event: "emergency" })).notice).toBe(true);
    // A reconnect that resends the version already alerted for does not alert again.
    expect(nudgesFor(alerted, live({ notice, version: 11, event: "emergency" })).notice).toBe(false);
  });
});
