// The new-password policy (NIST 800-63B): length, the common-password list (case-insensitive), one
// repeated character, the account's own email or name; and the one schema every password input uses.
import { describe, expect, it } from "vitest";
import { DEMO_PASSWORD } from "../../prisma/seed.ts";
import { ZCreateStaffInput } from "../trpc/routers/admin-staff.ts";
import { COMMON_PASSWORDS_TEXT } from "./common-passwords.ts";
import { isCommonPassword, PASSWORD_MIN_LENGTH, passwordProblem, ZNewPassword } from "./password-policy.ts";

describe("new passwords", () => {
  it("refuses what was accepted before: short, common, one repeated character", () => {
    for (const weak of ["password", "aaaaaaaa", "demo1234", "long enough".slice(0, 9)])
      expect(passwordProblem(weak), weak).toMatch(/at least 10/);
    expect(passwordProblem("aaaaaaaaaaaa")).toMatch(/repeated/);
    expect(passwordProblem("            ")).toMatch(/repeated/);
    for (const common of [
      "password123",
      "PassWord123",
      "QWERTYUIOP",
      "1234567890",
      "basketball",
      "Harbourview",
    ])
      expect(passwordProblem(common), common).toMatch(/most common/);
  });

  it("ships a list of common passwords, all long enough to matter, and checks it case-insensitively", () => {
    const list = COMMON_PASSWORDS_TEXT.split("\n").filter((l) => l.trim() !== "");
    expect(list.length).toBeGreaterThan(1000);
    for (const p of list) expect([...p].length).toBeGreaterThanOrEqual(PASSWORD_MIN_LENGTH);
    expect(isCommonPassword(list[0]!.toUpperCase())).toBe(true);
    expect(isCommonPassword("a quiet harbour at dawn")).toBe(false);
  });

  it("refuses the account's own email, the part before its @, or its name", () => {
    const account = { email: "rita.reception@clinic.example", name: "Rita Reception" };
    expect(passwordProblem("rita.reception@clinic.example", account)).toMatch(/email or name/);
    expect(passwordProblem("RITA.RECEPTION", account)).toMatch(/email or name/);
    expect(passwordProblem("rita reception", account)).toMatch(/email or name/);
    expect(passwordProblem("rita reception 2", account)).toBeNull();
  });

  it("accepts a long, uncommon password, counted in characters (not bytes), up to 200", () => {
    expect(passwordProblem("correct horse battery")).toBeNull();
    expect(passwordProblem("ñandú-éclair")).toBeNull();
    expect(passwordProblem("日本語のパスワードです")).toBeNull();
    expect(passwordProblem("x".repeat(100) + "y".repeat(101))).toMatch(/at most 200/);
  });

  it("the demo's password is under the policy (the README's quick start signs in with it)", () => {
    expect(passwordProblem(DEMO_PASSWORD)).toBeNull();
  });

  it("ZNewPassword is the schema of a new password; adding staff also checks their email and name", () => {
    expect(ZNewPassword.safeParse("password").success).toBe(false);
    expect(ZNewPassword.safeParse("aaaaaaaa").success).toBe(false);
    expect(ZNewPassword.safeParse("a long passphrase").success).toBe(true);
    const add = { email: "sam@clinic.example", name: "Sam Spare", role: "RECEPTIONIST" };
    expect(ZCreateStaffInput.safeParse({ ...add, password: "a long passphrase" }).success).toBe(true);
    const own = ZCreateStaffInput.safeParse({ ...add, password: "sam@clinic.example" });
    expect(own.success).toBe(false);
    expect(own.error?.issues[0]).toMatchObject({
      path: ["password"],
      message: expect.stringMatching(/email/),
    });
  });
});
