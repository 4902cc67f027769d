import { describe, expect, it } from "vitest";
import { liveEventFor } from "./tracking.ts";

describe("liveEventFor", () => {
  it("marks the frame that carries a new emergency notice, once", () => {
    expect(liveEventFor(1, 2, 2)).toBe("emergency");
    expect(liveEventFor(2, 2, 3)).toBe("update"); // already seen
  });

  it("does not mark an older frame delivered after a newer notice was heard", () => {
    // v1 goes out while the hub already knows of the notice at v2: v1 is a plain update, v2 alerts.
    expect(liveEventFor(0, 2, 1)).toBe("update");
    expect(liveEventFor(1, 2, 2)).toBe("emergency");
  });

  it("marks a coalesced frame that skipped over the notice's version", () => {
    expect(liveEventFor(1, 2, 3)).toBe("emergency");
  });

  it("never alerts on a first or resumed-from-nothing frame, nor without a notice", () => {
    expect(liveEventFor(-1, 2, 5)).toBe("update");
    expect(liveEventFor(3, -1, 5)).toBe("update");
  });
});
