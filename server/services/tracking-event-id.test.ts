// A patient's live event id names the queue day its version is of: a page that was offline while its
// appointment moved to another day must not take that day's equal version for "nothing new".
import { describe, expect, it } from "vitest";
import { lastVersionOn, trackingEventId } from "./tracking.ts";

describe("tracking event ids", () => {
  const day = "cmday0000000000000000000a";
  const other = "cmday0000000000000000000b";

  it("carry the version and the queue day", () => {
    expect(trackingEventId({ version: 7, queueDayId: day })).toBe(`7:${day}`);
  });

  it("resume from the version they name on that day, and from nothing on another", () => {
    expect(lastVersionOn(day, trackingEventId({ version: 7, queueDayId: day }))).toBe(7);
    expect(lastVersionOn(other, trackingEventId({ version: 7, queueDayId: day }))).toBe(-1);
  });

  it("take a version alone (a page from before the day was in the id) as this day's", () => {
    expect(lastVersionOn(day, "7")).toBe(7);
    expect(lastVersionOn(day, "0")).toBe(0);
  });

  it("treat none, or what is not a version, as nothing seen", () => {
    for (const id of [null, undefined, "", "abc", ":", `x:${day}`]) expect(lastVersionOn(day, id)).toBe(-1);
  });
});
