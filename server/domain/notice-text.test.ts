import { describe, expect, it } from "vitest";
import { noticeStatesDelay } from "./notice-text";

describe("noticeStatesDelay", () => {
  it("finds the delay in the texts staff send, in each language", () => {
    expect(
      noticeStatesDelay("Dr Ngata has been called to an emergency. Expect a delay of about 20 minutes.", 20),
    ).toBe(true);
    expect(
      noticeStatesDelay("Dr Chen is running about 30 minutes late. Thank you for your patience.", 30),
    ).toBe(true);
    expect(noticeStatesDelay("Retraso de 45 minutos", 45)).toBe(true);
    expect(noticeStatesDelay("लगभग 20 मिनट की देरी", 20)).toBe(true);
    expect(noticeStatesDelay("Running 15min behind", 15)).toBe(true);
  });

  it("does not take another number, or the same number for something else, for the delay", () => {
    expect(noticeStatesDelay("Dr Raman is running late after an urgent case.", 20)).toBe(false);
    expect(noticeStatesDelay("Running about 120 minutes late", 20)).toBe(false);
    expect(noticeStatesDelay("Please wait by room 20.", 20)).toBe(false);
    expect(noticeStatesDelay("About 25 minutes late", 20)).toBe(false);
    expect(noticeStatesDelay("", 20)).toBe(false);
    expect(noticeStatesDelay("0 min", 0)).toBe(false);
  });
});
