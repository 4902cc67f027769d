import { describe, expect, it } from "vitest";
import { DomainError } from "./errors.ts";
import { assertQueueDayCanOpen, MAX_AHEAD_DAYS } from "./horizon.ts";
import { addDays } from "./time.ts";

const reasonOf = (date: string, today: string) => {
  try {
    assertQueueDayCanOpen(date, today);
    return null;
  } catch (err) {
    return err instanceof DomainError ? err.reason : String(err);
  }
};

describe("assertQueueDayCanOpen", () => {
  const today = "2026-03-11";
  it("opens today and every day up to the booking horizon", () => {
    expect(reasonOf(today, today)).toBeNull();
    expect(reasonOf("2026-03-12", today)).toBeNull();
    expect(reasonOf(addDays(today, MAX_AHEAD_DAYS), today)).toBeNull();
  });
  it("refuses a day that is over, however long ago", () => {
    expect(reasonOf("2026-03-10", today)).toBe("DAY_PASSED");
    expect(reasonOf("2000-01-01", today)).toBe("DAY_PASSED");
  });
  it("refuses a day past the horizon", () => {
    expect(reasonOf(addDays(today, MAX_AHEAD_DAYS + 1), today)).toBe("DAY_TOO_FAR_AHEAD");
    expect(reasonOf("2099-12-31", today)).toBe("DAY_TOO_FAR_AHEAD");
  });
  it("counts across a year's end and a leap day", () => {
    expect(reasonOf("2028-02-29", "2027-12-31")).toBeNull();
    expect(reasonOf("2027-12-30", "2027-12-31")).toBe("DAY_PASSED");
  });
});
