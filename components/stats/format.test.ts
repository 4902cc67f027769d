// How the statistics read: plurals by the locale's rules, not by "n === 1".
import { describe, expect, it } from "vitest";
import { count, plural } from "./format";

describe("plural", () => {
  it("reads one and other by English rules", () => {
    expect(count(1, "day", "days")).toBe("1 day");
    expect(count(7, "day", "days")).toBe("7 days");
    expect(count(0, "walk-in", "walk-ins")).toBe("0 walk-ins");
    expect(count(1, "walk-in", "walk-ins")).toBe("1 walk-in");
    expect(plural(1.5, "minute", "minutes")).toBe("minutes");
  });

  it("follows the locale: French counts 0 as one, and other categories take their own form", () => {
    expect(plural(0, "jour", "jours", "fr")).toBe("jour");
    expect(plural(0, "day", "days", "en")).toBe("days");
    // Polish: 2-4 are "few", 5+ "many".
    const pl = (n: number) => plural(n, "dzień", "dni", "pl", { few: "dni (few)", many: "dni (many)" });
    expect([pl(1), pl(3), pl(5)]).toEqual(["dzień", "dni (few)", "dni (many)"]);
  });
});
