import { describe, expect, it } from "vitest";
import {
  dayLabel,
  flatten,
  groupMatches,
  isTypingTarget,
  localDateIn,
  moveActive,
  resultsAnnouncement,
  searchable,
} from "./find-patient-logic";

const today = "2026-03-11";
const m = (name: string, date: string, time: string) => ({
  name,
  date,
  scheduledAt: `${date}T${time}:00+13:00`,
});

describe("groupMatches", () => {
  it("puts today first, then coming days soonest first, then past days latest first", () => {
    const groups = groupMatches(
      [
        m("past-far", "2026-03-01", "09:00"),
        m("later", "2026-03-20", "09:00"),
        m("today-late", today, "15:00"),
        m("past-near", "2026-03-10", "09:00"),
        m("tomorrow", "2026-03-12", "11:00"),
        m("today-early", today, "09:00"),
      ],
      today,
    );
    expect(groups.map((g) => g.label)).toEqual([
      "Today",
      "Tomorrow",
      "Friday 20 March",
      "Yesterday",
      "Sunday 1 March",
    ]);
    expect(flatten(groups).map((x) => x.name)).toEqual([
      "today-early",
      "today-late",
      "tomorrow",
      "later",
      "past-near",
      "past-far",
    ]);
  });

  it("gives nothing for no matches", () => {
    expect(groupMatches([], today)).toEqual([]);
  });

  it("labels days in the desk's words", () => {
    expect(dayLabel("2026-03-12", today)).toBe("Tomorrow");
    expect(dayLabel("2026-03-13", today)).toBe("Friday 13 March");
  });
});

describe("moveActive", () => {
  it("walks down and up with wrap-around", () => {
    expect(moveActive(-1, "ArrowDown", 3)).toBe(0);
    expect(moveActive(0, "ArrowDown", 3)).toBe(1);
    expect(moveActive(2, "ArrowDown", 3)).toBe(0);
    expect(moveActive(0, "ArrowUp", 3)).toBe(2);
    expect(moveActive(-1, "ArrowUp", 3)).toBe(2);
    expect(moveActive(2, "ArrowUp", 3)).toBe(1);
  });

  it("jumps with Home and End, ignores other keys and empty lists", () => {
    expect(moveActive(1, "Home", 3)).toBe(0);
    expect(moveActive(0, "End", 3)).toBe(2);
    expect(moveActive(0, "Enter", 3)).toBeNull();
    expect(moveActive(-1, "ArrowDown", 0)).toBeNull();
  });
});

describe("announcements and rules", () => {
  it("says the count plainly", () => {
    expect(resultsAnnouncement(0, 20)).toBe("No patient matches.");
    expect(resultsAnnouncement(1, 20)).toBe("1 patient matches.");
    expect(resultsAnnouncement(4, 20)).toBe("4 patients match.");
    expect(resultsAnnouncement(20, 20)).toBe("20 or more patients match; type more to narrow.");
  });

  it("searches from two characters", () => {
    expect(searchable(" a ")).toBe(false);
    expect(searchable("an")).toBe(true);
  });

  it("knows when someone is typing", () => {
    expect(isTypingTarget({ tagName: "INPUT", getAttribute: () => null } as unknown as EventTarget)).toBe(
      true,
    );
    expect(isTypingTarget({ tagName: "BUTTON", getAttribute: () => null } as unknown as EventTarget)).toBe(
      false,
    );
    expect(
      isTypingTarget({
        tagName: "DIV",
        isContentEditable: true,
        getAttribute: () => null,
      } as unknown as EventTarget),
    ).toBe(true);
    expect(isTypingTarget(null)).toBe(false);
  });

  it("reads the local date in the hospital's zone", () => {
    // 2026-03-10T21:20Z is already the 11th in Auckland.
    expect(localDateIn(Date.parse("2026-03-10T21:20:00Z"), "Pacific/Auckland")).toBe("2026-03-11");
    expect(localDateIn(Date.parse("2026-03-10T21:20:00Z"), "UTC")).toBe("2026-03-10");
  });
});
