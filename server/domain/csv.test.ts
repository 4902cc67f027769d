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

  it("neutralises a formula after a semicolon, tab or line break: where ';' separates, it would start a cell", () => {
    expect(csvCell("Ann;=cmd|' /C calc'!A0")).toBe("\"Ann;'=cmd|' /C calc'!A0\"");
    expect(csvCell("+1-2;=1+1")).toBe("\"'+1-2;'=1+1\"");
    expect(csvCell("a\t@x")).toBe('"a\t\'@x"');
    expect(csvCell("first line\n-2")).toBe('"first line\n\'-2"');
    expect(csvCell("a;b")).toBe('"a;b"');
    // Read as a ";" spreadsheet reads it (a new cell at every ";", a new row at every line break,
    // quotes that do not open a cell kept as text): no cell starts with a formula.
    const line = csvLine(["x", "Ann;=cmd|' /C calc'!A0", "+1-2;=1+1", "note\n=2+2", "a\t+3"]);
    for (const cell of line.split(/[;\r\n\t]/)) expect(cell.replace(/^"/, "")).not.toMatch(/^[=+\-@]/);
  });
});
