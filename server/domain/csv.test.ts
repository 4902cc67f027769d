import { describe, expect, it } from "vitest";
import { csvCell, csvLine } from "./csv.ts";

describe("csvCell", () => {
  it("quotes commas, quotes and line breaks (RFC 4180)", () => {
    expect(csvCell("plain")).toBe("plain");
    expect(csvCell('Smith, "Jo"')).toBe('"Smith, ""Jo"""');
    expect(csvCell("a\nb")).toBe('"a\nb"');
    expect(csvCell(null)).toBe("");
    expect(csvCell(12)).toBe("12");
    expect(csvLine(["a", 1, null])).toBe("a,1,\r\n");
  });

  it("neutralises what a spreadsheet would run as a formula", () => {
    for (const danger of ["=1+1", "+64 21", "-2", "@SUM(A1)", "\tx", "\rx"])
      expect(csvCell(danger).replace(/^"/, "").startsWith("'")).toBe(true);
    expect(csvCell('=HYPERLINK("x","y")')).toBe('"\'=HYPERLINK(""x"",""y"")"');
    expect(csvCell(-3)).toBe("-3");
  });
});
