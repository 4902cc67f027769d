import { describe, expect, it } from "vitest";
import { foldName, isSearchableQuery, parsePatientQuery } from "./patient-search.ts";

describe("parsePatientQuery", () => {
  it("folds case and accents of a name", () => {
    expect(foldName("Zoë ÅNGSTRÖM Łukasz")).toBe("zoe angstrom lukasz");
    expect(parsePatientQuery("  José ")).toEqual({ name: "jose", phoneDigits: [], ticket: null });
  });

  it("reads phone digits however typed, and also without a trunk 0", () => {
    expect(parsePatientQuery("021 555").phoneDigits).toEqual(["021555", "21555"]);
    expect(parsePatientQuery("+64 (21) 555-1234").phoneDigits).toEqual(["64215551234"]);
    expect(parsePatientQuery("Ana 21").phoneDigits).toEqual([]);
  });

  it("reads a ticket: '#12' only as a ticket, '12' as a ticket or digits", () => {
    expect(parsePatientQuery("#12")).toEqual({ name: null, phoneDigits: [], ticket: 12 });
    expect(parsePatientQuery("12")).toMatchObject({ ticket: 12, phoneDigits: ["12"] });
    expect(parsePatientQuery("1234567").ticket).toBeNull();
  });

  it("needs 2 characters, or # and a ticket number", () => {
    expect(isSearchableQuery("a")).toBe(false);
    expect(isSearchableQuery("7")).toBe(false);
    expect(isSearchableQuery("#7")).toBe(true);
    expect(isSearchableQuery("al")).toBe(true);
  });
});
