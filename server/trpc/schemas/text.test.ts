import { describe, expect, it } from "vitest";
import { BROKEN_TEXT, brokenTextAt, INVISIBLE_TEXT, ZText } from "./text.ts";

/** `levels` objects, each under both keys of the one above: 2^levels paths, `levels` objects. */
function sharedChain(levels: number, leaf: unknown) {
  let node: Record<string, unknown> = { leaf };
  for (let i = 0; i < levels; i++) node = { a: node, b: node };
  return node;
}

/** The same object graph, counting every property read brokenTextAt makes. */
function counted(input: unknown, counter: { reads: number }): unknown {
  if (typeof input !== "object" || input === null) return input;
  const seen = new Map<object, unknown>();
  const wrap = (o: object): unknown => {
    const known = seen.get(o);
    if (known) return known;
    const proxy = new Proxy(o, {
      get(target, key, receiver) {
        counter.reads++;
        const v = Reflect.get(target, key, receiver);
        return typeof v === "object" && v !== null ? wrap(v) : v;
      },
    });
    seen.set(o, proxy);
    return proxy;
  };
  return wrap(input);
}

describe("brokenTextAt", () => {
  it("walks an object shared under many keys once, not once per path", () => {
    const counter = { reads: 0 };
    // 2^16 paths: the walk before this change made 196,606 reads here (2^32 paths on a 32-level
    // chain). Not deeper: that walk is synchronous, so no timeout could end this test were it to come
    // back; at this depth it is a fraction of a second and a plain failure.
    expect(brokenTextAt(counted(sharedChain(16, "fine"), counter))).toBeNull();
    expect(counter.reads).toBeLessThan(200);
  });

  it("still finds broken text in a shared object, by the path it first met it", () => {
    expect(brokenTextAt(sharedChain(3, "\ud800"))).toEqual(["a", "a", "a", "leaf"]);
  });

  it("walks an object met deep once more when it is met nearer the top (below the 32-level cut)", () => {
    const hidden = { x: { note: "\udc00" } };
    let deep: Record<string, unknown> = hidden;
    for (let i = 0; i < 31; i++) deep = { d: deep };
    // Met first 32 levels down, where what it holds is past the cut; then at the top, where it is not.
    expect(brokenTextAt({ first: deep, later: hidden })).toEqual(["later", "x", "note"]);
  });

  it("ends on a cycle", () => {
    const a: Record<string, unknown> = { name: "ok" };
    a.self = a;
    expect(brokenTextAt(a)).toBeNull();
  });
});

describe("ZText", () => {
  const name = ZText(120);
  const message = (text: string) => name.safeParse(text).error?.issues[0]?.message;

  it("refuses text of invisible characters only (a blank row on the board: a probe, 2026-12-07)", () => {
    for (const text of ["\u200B", "\u200B\u200C\u200D", "\u200B\uFEFF", "\u00AD\u2060", " \u200B \u2063 "])
      expect(message(text), JSON.stringify(text)).toBe(INVISIBLE_TEXT);
    expect(name.safeParse("\uFEFF").success).toBe(false); // trimmed away: empty
  });

  it("keeps names that join with zero-width characters, and emoji", () => {
    for (const text of ["क्‍ष", "ज़\u200Cरा", "👩\u200D⚕️", "Ann\u200B"])
      expect(name.safeParse(text).data, JSON.stringify(text)).toBe(text);
  });

  it("strips bidi controls, trims, and refuses broken and empty text", () => {
    expect(name.parse("  \u202EAnn\u202C ")).toBe("Ann");
    expect(message("\uD800x")).toBe(BROKEN_TEXT);
    expect(name.safeParse("   ").success).toBe(false);
    expect(name.safeParse("\u202E").success).toBe(false);
  });

  it("an optional text (min 0) may be empty, or invisible", () => {
    const note = ZText(500, { min: 0 });
    expect(note.parse("")).toBe("");
    expect(note.parse("\u200B")).toBe("\u200B");
  });
});
