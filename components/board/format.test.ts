import { describe, expect, it } from "vitest";
import { UNDO_WINDOW_MINUTES } from "../../server/domain/transitions";
import { cancelUndoText } from "./format";
import { UNDO_WINDOW_MS } from "./use-live-board";

describe("cancelUndoText", () => {
  it("on the board, offers the Undo the row keeps, for as long as the server allows it", () => {
    expect(UNDO_WINDOW_MS).toBe(UNDO_WINDOW_MINUTES * 60_000);
    expect(cancelUndoText(UNDO_WINDOW_MS)).toBe(
      "You can undo it for 5 minutes: Undo on its row under Finished today.",
    );
  });

  it("elsewhere, where nothing offers an Undo, says so", () => {
    expect(cancelUndoText(null)).toBe("It cannot be undone from here.");
  });
});
