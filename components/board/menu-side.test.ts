import { describe, expect, it } from "vitest";
import { menuOpensUp, menuSide } from "./menu-side.ts";

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

describe("menuOpensUp", () => {
  it("opens below where it fits, above a button near the bottom of the screen", () => {
    expect(menuOpensUp({ top: 300, bottom: 340 }, 400, 844)).toBe(false);
    expect(menuOpensUp({ top: 700, bottom: 740 }, 400, 844)).toBe(true);
  });
  it("stays below when it fits neither way (the page scrolls to it)", () => {
    expect(menuOpensUp({ top: 200, bottom: 240 }, 700, 844)).toBe(false);
  });
});
