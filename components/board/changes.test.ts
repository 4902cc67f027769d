import { describe, expect, it } from "vitest";
import { describeChanges } from "./changes";
import { entry, snapshot } from "./test-fixtures";

const none = { ids: new Set<string>(), queue: false };
const before = snapshot([entry(1), entry(2), entry(3), entry(4)]);

describe("colleagues' changes on the board", () => {
  it("highlights and tells a status change", () => {
    const after = snapshot([entry(1), entry(2, { status: "CHECKED_IN" }), entry(3), entry(4)]);
    expect(describeChanges(before, after, none)).toEqual({
      entryIds: ["a2"],
      finishedIds: [],
      lines: ["ticket 2 checked in"],
    });
  });

  it("does not highlight what this screen changed itself", () => {
    const after = snapshot([entry(1), entry(2, { status: "CHECKED_IN" }), entry(3), entry(4)]);
    expect(describeChanges(before, after, { ids: new Set(["a2"]), queue: false }).entryIds).toEqual([]);
  });

  it("finds the one patient moved, not the ones that shifted", () => {
    const after = snapshot([entry(1), entry(4), entry(2), entry(3)]);
    const changes = describeChanges(before, after, none);
    expect(changes.entryIds).toEqual(["a4"]);
    expect(changes.lines).toEqual(["ticket 4 moved to position 2"]);
  });

  it("neighbours that swapped: this screen's own move is not told, a colleague's names both", () => {
    // An accessibility review (2026-12-07): moving ticket 3 up one place announced "ticket 2 moved
    // to position 3", as if a colleague had moved someone else.
    const after = snapshot([entry(1), entry(3), entry(2), entry(4)]);
    expect(describeChanges(before, after, { ids: new Set(["a3"]), queue: false })).toEqual({
      entryIds: [],
      finishedIds: [],
      lines: [],
    });
    expect(describeChanges(before, after, { ids: new Set(["a2"]), queue: false }).lines).toEqual([]);
    const colleague = describeChanges(before, after, none);
    expect(colleague.entryIds.sort()).toEqual(["a2", "a3"]);
    expect(colleague.lines).toEqual(["tickets 3 and 2 swapped places"]);
  });

  it("notes a new walk-in and a finished visit (for undo)", () => {
    const after = snapshot([
      entry(2),
      entry(3),
      entry(4),
      entry(5, { walkIn: true }),
      entry(1, { status: "NO_SHOW" }),
    ]);
    const changes = describeChanges(before, after, none);
    expect(changes.finishedIds).toEqual(["a1"]);
    expect(changes.lines).toEqual(["ticket 5 added (walk-in)", "ticket 1 no-show"]);
  });

  it("tells a notice or a pause unless this screen made it", () => {
    const after = {
      ...before,
      notice: { message: "Late", delayMinutes: 20, priority: "normal", since: null },
    };
    expect(describeChanges(before, after, none).lines).toEqual(["a notice was sent to the patients"]);
    expect(describeChanges(before, after, { ids: new Set(), queue: true }).lines).toEqual([]);
  });
});
