import { describe, expect, it } from "vitest";
import en from "../i18n/messages/en.json";
import es from "../i18n/messages/es.json";
import hi from "../i18n/messages/hi.json";
import { clockTime, formatMessage, translator } from "./format";

describe("formatMessage", () => {
  it("fills plain arguments and leaves apostrophes alone", () => {
    expect(formatMessage("{doctor} · Room {room}", { doctor: "Dr Chen", room: "2" })).toBe(
      "Dr Chen · Room 2",
    );
    expect(formatMessage("You're next. Please stay close to room {room}.", { room: 4 })).toBe(
      "You're next. Please stay close to room 4.",
    );
    expect(formatMessage("It''s {x}", { x: 1 })).toBe("It's 1");
  });

  it("picks exact, then plural-rule forms, with # as the number", () => {
    const msg = en.track.peopleAhead;
    expect(formatMessage(msg, { count: 0 }, "en")).toBe("Nobody ahead of you");
    expect(formatMessage(msg, { count: 1 }, "en")).toBe("1 person ahead of you");
    expect(formatMessage(msg, { count: 7 }, "en")).toBe("7 people ahead of you");
    expect(formatMessage(msg, { count: 1200 }, "en")).toBe("1,200 people ahead of you");
    expect(formatMessage(es.track.peopleAhead, { count: 1 }, "es")).toBe("1 persona delante de usted");
    expect(formatMessage(hi.track.peopleAhead, { count: 3 }, "hi")).toBe("आपसे आगे 3 लोग हैं");
  });

  it("every message of every language formats without leftover braces", () => {
    const values = {
      count: 2,
      minutes: 5,
      time: "2:30\u00a0pm",
      room: "3",
      doctor: "Dr A",
      seconds: 4,
      ticket: 9,
    };
    for (const messages of [en.track, es.track, hi.track]) {
      const walk = (node: object) => {
        for (const value of Object.values(node)) {
          if (typeof value === "string") expect(formatMessage(value, values)).not.toMatch(/[{}]/);
          else walk(value);
        }
      };
      walk(messages);
    }
  });
});

describe("translator", () => {
  const t = translator(en.track, "en");
  it("reads nested keys and shows a missing key as itself", () => {
    expect(t("states.called", { room: "5" })).toBe("It's your turn. Please go to room 5 now.");
    expect(t("problems.expiredTitle")).toBe("This link has expired");
    expect(t("states.nope")).toBe("states.nope");
  });
});

describe("clockTime", () => {
  it("shows the time in the hospital's time zone, in the patient's language", () => {
    const at = "2026-11-29T08:30:00.000Z";
    expect(clockTime(at, "en", "Pacific/Auckland")).toBe("9:30\u00a0PM");
    expect(clockTime(new Date(at), "en", "Asia/Kolkata")).toBe("2:00\u00a0PM");
    expect(clockTime(at, "es", "Europe/Madrid")).toBe("9:30");
    expect(clockTime(null, "en", "UTC")).toBeNull();
    expect(clockTime("not a date", "en", "UTC")).toBeNull();
  });
});
