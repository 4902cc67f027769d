import { describe, expect, it } from "vitest";
import { hashPassword, verifyPassword } from "./password.ts";

describe("password hashing", () => {
  it("stores scrypt$N$r$p$salt$hash and verifies only the right password", async () => {
    const stored = await hashPassword("demo-clinic-1234");
    expect(stored).toMatch(/^scrypt\$16384\$8\$1\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]{88}$/);
    expect(await verifyPassword("demo-clinic-1234", stored)).toBe(true);
    expect(await verifyPassword("demo-clinic-12345", stored)).toBe(false);
    expect(await verifyPassword("", stored)).toBe(false);
  });

  it("salts every hash", async () => {
    expect(await hashPassword("same")).not.toBe(await hashPassword("same"));
  });

  it("rejects malformed or tampered hashes without throwing", async () => {
    const stored = await hashPassword("pw");
    const parts = stored.split("$");
    for (const bad of [
      "",
      "plain",
      stored.replace("scrypt", "bcrypt"),
      [...parts.slice(0, 1), "99999999", ...parts.slice(2)].join("$"),
      [...parts.slice(0, 5), ""].join("$"),
    ]) {
      expect(await verifyPassword("pw", bad)).toBe(false);
    }
  });
});
