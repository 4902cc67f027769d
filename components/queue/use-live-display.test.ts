import { describe, expect, it } from "vitest";
import { STALE_AFTER_MS, staleDisplay } from "./use-live-display";

describe("the waiting-room screen out of date", () => {
  it("says so once nothing has brought news for 30 s, not before", () => {
    const droppedAt = 1_000_000;
    expect(staleDisplay(droppedAt + 5_000, droppedAt)).toBe(false);
    expect(staleDisplay(droppedAt + STALE_AFTER_MS, droppedAt)).toBe(false);
    expect(staleDisplay(droppedAt + STALE_AFTER_MS + 1, droppedAt)).toBe(true);
    // A successful read moves the mark: polling that works is not out of date.
    expect(staleDisplay(droppedAt + 60_000, droppedAt + 55_000)).toBe(false);
    // Nothing known yet (never dropped, never read): not out of date.
    expect(staleDisplay(droppedAt, 0)).toBe(false);
  });
});
