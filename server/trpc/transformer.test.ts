import superjson from "superjson";
import { describe, expect, it } from "vitest";
import { readableInput, serverTransformer, UNREADABLE_INPUT } from "./transformer.ts";

const read = (payload: unknown) => serverTransformer.input.deserialize(payload);

describe("the server's input transformer", () => {
  it("reads what superjson's own serialize gives for what our clients send", () => {
    const shared = { at: new Date("2026-03-10T21:20:00Z") };
    const inputs = [
      { token: "x", lastEventId: null },
      {
        date: new Date(0),
        note: undefined,
        n: Number.NaN,
        big: 10n,
        tags: new Set(["a"]),
        m: new Map([["k", 1]]),
      },
      { one: shared, two: shared },
      [1, "two", { three: new Date(3) }],
      "plain",
    ];
    for (const input of inputs) {
      const payload = JSON.parse(JSON.stringify(superjson.serialize(input)));
      expect(readableInput(payload)).toBe(true);
      expect(read(payload)).toEqual(input);
    }
    expect(read(undefined)).toBeUndefined();
    // A procedure without input: tRPC's clients send `{}` (superjson's `{ json: undefined }`).
    expect(read({})).toBeUndefined();
  });

  it.each([
    ["null", null],
    ["a string", "x"],
    ["values that are not a tree", { json: {}, meta: { values: "x" } }],
    ["a class", { json: { a: {} }, meta: { values: { a: [["class", "X"]] } } }],
    ["a symbol", { json: { a: "s" }, meta: { values: { a: [["symbol", "X"]] } } }],
    ["a custom value", { json: { a: "s" }, meta: { values: { a: [["custom", "x"]] } } }],
    ["a regular expression", { json: { a: "/(a+)+$/" }, meta: { values: { a: ["regexp"] } } }],
    ["an error", { json: { a: {} }, meta: { values: { a: ["Error"] } } }],
    ["an unknown annotation", { json: { a: 1 }, meta: { values: { a: ["number", {}, "extra"] } } }],
    ["meta keys superjson does not have", { json: {}, meta: { values: {}, other: 1 } }],
    ["references that are not paths", { json: {}, meta: { referentialEqualities: { a: [1] } } }],
    ["a version that is not a number", { json: {}, meta: { v: "1" } }],
  ])("refuses %s with the one plain message", (_, payload) => {
    expect(readableInput(payload)).toBe(false);
    expect(() => read(payload)).toThrow(UNREADABLE_INPUT);
  });

  it("refuses annotation trees deeper than 32 levels or of more than 10,000 nodes", () => {
    let deep: unknown = ["Date"];
    for (let i = 0; i < 40; i++) deep = { a: deep };
    expect(readableInput({ json: {}, meta: { values: deep } })).toBe(false);
    const wide = Object.fromEntries(Array.from({ length: 10_001 }, (_, i) => [`k${i}`, ["undefined"]]));
    expect(readableInput({ json: {}, meta: { values: wide } })).toBe(false);
  });

  it("turns superjson's own failures into the plain message", () => {
    // Readable in form, but the annotation's value cannot be made a Set.
    expect(() => read({ json: { a: 5 }, meta: { values: { a: ["set"] } } })).toThrow(UNREADABLE_INPUT);
  });
});
