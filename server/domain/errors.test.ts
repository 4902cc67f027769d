import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { DomainError, isReason, REASON_STATUS, REASONS, statusOf } from "./errors.ts";

const STATUSES = ["BAD_REQUEST", "UNAUTHORIZED", "FORBIDDEN", "NOT_FOUND", "CONFLICT"];

describe("reasons", () => {
  it("each maps to one status, and a domain error's status follows from its reason", () => {
    expect(REASONS.length).toBeGreaterThan(50);
    for (const reason of REASONS) {
      expect(STATUSES, reason).toContain(statusOf(reason));
      const error = new DomainError(reason, "What the person reads.");
      expect(error).toMatchObject({ reason, code: statusOf(reason), message: "What the person reads." });
    }
  });

  it("are upper snake case; a status's own name, where it is a reason, means that status", () => {
    for (const reason of REASONS) expect(reason).toMatch(/^[A-Z]+(_[A-Z]+)*$/);
    for (const status of STATUSES) if (isReason(status)) expect(statusOf(status)).toBe(status);
    expect(isReason("LINK_EXPIRED")).toBe(true);
    expect(isReason("toString")).toBe(false);
    expect(isReason("TOO_MANY_REQUESTS")).toBe(false);
  });

  it("are all in the README's table, each with its status", () => {
    const readme = readFileSync(path.join(import.meta.dirname, "../../README.md"), "utf8");
    const rows = new Map(
      [...readme.matchAll(/^\| `([A-Z_]+)` +\| (\d{3}) /gm)].map((m) => [m[1], Number(m[2])] as const),
    );
    const http: Record<string, number> = {
      BAD_REQUEST: 400,
      UNAUTHORIZED: 401,
      FORBIDDEN: 403,
      NOT_FOUND: 404,
      CONFLICT: 409,
    };
    const missing = REASONS.filter((r) => rows.get(r) !== http[REASON_STATUS[r]]);
    expect(missing).toEqual([]);
  });
});
