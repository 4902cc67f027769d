import { describe, expect, it } from "vitest";
import { menuSide } from "./menu-side.ts";

describe("menuSide", () => {
  it("hangs from the right edge where the menu fits to the left of it (the table's last column)", () => {
    expect(menuSide({ left: 1300, right: 1380 }, 192, 1440)).toBe("right");
  });
  it("hangs from the left edge when a right-hung menu would leave the screen (a card's More button)", () => {
    expect(menuSide({ left: 110, right: 180 }, 192, 390)).toBe("left");
    expect(menuSide({ left: 12, right: 80 }, 192, 820)).toBe("left");
  });
  it("keeps the side that overflows least on a screen narrower than the menu", () => {
    expect(menuSide({ left: 20, right: 90 }, 300, 200)).toBe("left");
    expect(menuSide({ left: 150, right: 190 }, 300, 200)).toBe("right");
  });
});
