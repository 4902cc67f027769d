import { describe, expect, it, vi } from "vitest";
import { businessNow, clockOffset } from "./business-time";

describe("clockOffset: the server's clock against the browser's Date.now()", () => {
  // The browser's wall clock reads 1_000_000 now, 2 s after the navigation started.
  const wallNow = 1_000_000;
  const perfNow = 2_000;

  it("places the render between request and response, on Date.now()'s clock", () => {
    // Request sent 100 ms in, answer's first byte 300 ms in: rendered at 998_200 on the browser's clock.
    // The server's clock read 998_200 then: the two agree.
    expect(clockOffset(998_200, wallNow, perfNow, { requestStart: 100, responseStart: 300 })).toBe(0);
    // A server clock an hour ahead (a demo clock) is carried as such.
    expect(
      clockOffset(998_200 + 3_600_000, wallNow, perfNow, { requestStart: 100, responseStart: 300 }),
    ).toBe(3_600_000);
  });

  it("businessNow in a page whose performance.timeOrigin sits 5 s ahead of Date.now()'s clock", () => {
    // Date.now() reads 1_000_000, the page has been open 2 s, the request took 100-300 ms, and the
    // server's clock read 998_200 when it rendered: business time is the browser's time. Placed at a
    // timeOrigin 5 s later than Date.now()'s navigation start, it would be 4.8 s behind, and a timer
    // started now would stay at 0:00 that long.
    vi.useFakeTimers({ now: wallNow, toFake: ["Date"] });
    vi.stubGlobal("window", {});
    vi.stubGlobal("document", { querySelector: () => ({ getAttribute: () => "998200" }) });
    vi.stubGlobal("performance", {
      timeOrigin: wallNow - perfNow + 5_000,
      now: () => perfNow,
      getEntriesByType: () => [{ requestStart: 100, responseStart: 300 }],
    });
    try {
      expect(businessNow()).toBe(wallNow);
      vi.setSystemTime(wallNow + 1_000);
      expect(businessNow()).toBe(wallNow + 1_000);
    } finally {
      vi.unstubAllGlobals();
      vi.useRealTimers();
    }
  });

  it("falls back to navigation start without navigation timing, and ignores nonsense", () => {
    expect(clockOffset(998_000, wallNow, perfNow)).toBe(0);
    expect(clockOffset(998_000, wallNow, perfNow, { requestStart: 0, responseStart: 0 })).toBe(0);
    // A response after now, or before the request, is not trusted.
    expect(clockOffset(998_000, wallNow, perfNow, { requestStart: 100, responseStart: 9_999 })).toBe(0);
    expect(clockOffset(998_000, wallNow, perfNow, { requestStart: 500, responseStart: 100 })).toBe(0);
  });

  it("a missing or broken meta gives no offset", () => {
    expect(clockOffset(Number.NaN, wallNow, perfNow)).toBe(0);
    expect(clockOffset(0, wallNow, perfNow)).toBe(0);
  });
});
