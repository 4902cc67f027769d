import { describe, expect, it } from "vitest";
import { BUS_KINDS, busKindOf } from "./bus.ts";

describe("bus message kinds", () => {
  it("keeps every known kind and reads an unknown one (a newer instance's) as a plain change", () => {
    for (const kind of BUS_KINDS) expect(busKindOf(kind)).toBe(kind);
    expect(busKindOf("queue")).toBeUndefined();
    expect(busKindOf(undefined)).toBeUndefined();
    expect(busKindOf(7)).toBeUndefined();
  });
});
