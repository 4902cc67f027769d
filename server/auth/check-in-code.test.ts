import { describe, expect, it } from "vitest";
import {
  CODE_ALPHABET,
  CODE_LENGTH,
  checkInCodeFor,
  checkInCodeMatches,
  codeWindowOf,
  currentCheckInCode,
} from "./check-in-code.ts";

const scope = { hospitalId: "h1", doctorId: "d1", date: "2026-03-11" };
const at = new Date("2026-03-10T21:20:00Z");
const minutes = (n: number) => new Date(at.getTime() + n * 60_000);

describe("check-in code", () => {
  it("is five characters of the unambiguous alphabet", () => {
    for (let w = 0; w < 200; w++) {
      const code = checkInCodeFor("secret", scope, w);
      expect(code).toHaveLength(CODE_LENGTH);
      for (const ch of code) expect(CODE_ALPHABET).toContain(ch);
      expect(code).not.toMatch(/[01OIL25SZ8B]/);
    }
  });

  it("is the same for the same inputs and differs per doctor, day, hospital, secret and window", () => {
    const w = codeWindowOf(at);
    const base = checkInCodeFor("secret", scope, w);
    expect(checkInCodeFor("secret", scope, w)).toBe(base);
    const others = [
      checkInCodeFor("secret", { ...scope, doctorId: "d2" }, w),
      checkInCodeFor("secret", { ...scope, date: "2026-03-12" }, w),
      checkInCodeFor("secret", { ...scope, hospitalId: "h2" }, w),
      checkInCodeFor("other", scope, w),
      checkInCodeFor("secret", scope, w + 1),
    ];
    for (const o of others) expect(o).not.toBe(base);
  });

  it("changes every five minutes and shows until the window ends", () => {
    const { code, validUntil } = currentCheckInCode("secret", scope, at);
    expect(validUntil.getTime() % 300_000).toBe(0);
    expect(validUntil.getTime()).toBeGreaterThan(at.getTime());
    expect(validUntil.getTime() - at.getTime()).toBeLessThanOrEqual(300_000);
    expect(currentCheckInCode("secret", scope, validUntil).code).not.toBe(code);
  });

  it("accepts the current and the previous window only, in any case and with spaces", () => {
    const { code, validUntil } = currentCheckInCode("secret", scope, at);
    expect(checkInCodeMatches("secret", scope, code, at)).toBe(true);
    expect(
      checkInCodeMatches("secret", scope, ` ${code.toLowerCase().slice(0, 2)}-${code.slice(2)} `, at),
    ).toBe(true);
    // Still accepted during the next window, not the one after.
    expect(checkInCodeMatches("secret", scope, code, validUntil)).toBe(true);
    expect(checkInCodeMatches("secret", scope, code, new Date(validUntil.getTime() + 300_000))).toBe(false);
    // Not before it was shown.
    expect(checkInCodeMatches("secret", scope, code, minutes(-5))).toBe(false);
  });

  it("refuses another doctor's code, a wrong code, and junk", () => {
    const other = currentCheckInCode("secret", { ...scope, doctorId: "d2" }, at).code;
    expect(checkInCodeMatches("secret", scope, other, at)).toBe(false);
    expect(checkInCodeMatches("secret", scope, "", at)).toBe(false);
    expect(checkInCodeMatches("secret", scope, "AAAAAAAAAAAA", at)).toBe(false);
    expect(checkInCodeMatches("secret", scope, "ÄÄÄÄÄ", at)).toBe(false);
  });
});
