import { describe, expect, it } from "vitest";
import {
  keepPlaceChange,
  modeOf,
  nudgesFor,
  pollInterval,
  reconnectDelay,
  replacesShown,
  SOCKET_GRACE_MS,
} from "./live";
import { base, live } from "./track-fixture";
import type { TrackData } from "./view";

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

  it("a visit that is over is not alerted to a notice", () => {
    const notice = { message: "Emergency", delayMinutes: 30, since: null };
    for (const queueStatus of ["completed", "no_show", "cancelled"] as const)
      expect(nudgesFor(seen, live({ notice, version: 12 }, { queueStatus, position: null })).notice).toBe(
        false,
      );
    expect(
      nudgesFor(seen, live({ notice, version: 12 }, { queueStatus: "called", position: 0 })).notice,
    ).toBe(true);
  });

  it("an emergency event alerts even when the notice text is unchanged, once per version", () => {
    const notice = { message: "Emergency", delayMinutes: 30, since: null };
    const alerted = { ...seen, alerted: "Emergency|30|", alertedVersion: 11 };
    expect(nudgesFor(alerted, live({ notice, version: 12, event: "emergency" })).notice).toBe(true);
    // A reconnect that resends the version already alerted for does not alert again.
    expect(nudgesFor(alerted, live({ notice, version: 11, event: "emergency" })).notice).toBe(false);
  });
});

describe("keepPlaceChange", () => {
  const at = (position: number, placeChange: TrackData["queue"]["placeChange"] = null, status = "waiting") =>
    ({
      queue: { position, peopleAhead: position - 1, queueStatus: status, placeChange },
    }) as unknown as TrackData;
  it("keeps saying why until the place improves or the patient leaves the line", () => {
    expect(keepPlaceChange(at(3), at(4, "urgent")).queue.placeChange).toBe("urgent");
    // A later update that did not move the patient: the reason stays.
    expect(keepPlaceChange(at(4, "urgent"), at(4)).queue.placeChange).toBe("urgent");
    // The patient moved up: it goes.
    expect(keepPlaceChange(at(4, "urgent"), at(3)).queue.placeChange).toBeNull();
    expect(keepPlaceChange(at(4, "urgent"), at(0, null, "called")).queue.placeChange).toBeNull();
    // A newer reason replaces it.
    expect(keepPlaceChange(at(4, "urgent"), at(5, "reordered")).queue.placeChange).toBe("reordered");
    expect(keepPlaceChange(null, at(4)).queue.placeChange).toBeNull();
  });
});

describe("which state the page shows", () => {
  it("takes newer versions of the same booking, and any state once the appointment was rescheduled", () => {
    const moved = (appointment: Partial<TrackData["appointment"]>, version: number): TrackData => ({
      ...base,
      appointment: { ...base.appointment, ...appointment },
      version,
    });
    expect(replacesShown(null, base)).toBe(true);
    expect(replacesShown(base, { ...base, version: 11 })).toBe(true);
    expect(replacesShown(base, { ...base, version: 9 })).toBe(false);
    // Another day's queue counts its versions afresh: version 2 there replaces version 10 here.
    expect(replacesShown(base, moved({ scheduledAt: "2026-11-30T10:00:00.000Z", ticket: 1 }, 2))).toBe(true);
    expect(replacesShown(base, moved({ doctor: { name: "Dr Park", room: "5" } }, 1))).toBe(true);
    expect(replacesShown(base, moved({ ticket: 9 }, 3))).toBe(true);
  });
});
