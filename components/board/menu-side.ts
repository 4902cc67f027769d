// Where a drop-down menu opens, so it opens inside the screen: under (or, near the bottom, over) the
// button, from its right edge (growing leftwards) where there is room, else from its left edge. On the
// board's cards the "More" button sits at the left of the card, where a right-hung menu fell off
// the screen.

export type MenuSide = "right" | "left";

export function menuSide(
  button: { left: number; right: number },
  menuWidth: number,
  viewportWidth: number,
  margin = 8,
): MenuSide {
  if (button.right - menuWidth >= margin) return "right";
  // Not enough room to the left: hang from the left edge, unless that overflows further still.
  const overflowLeft = margin - (button.right - menuWidth);
  const overflowRight = button.left + menuWidth - (viewportWidth - margin);
  return overflowRight <= 0 || overflowRight < overflowLeft ? "left" : "right";
}

/** Whether the menu opens above its button: only when it does not fit below and does fit above. */
export function menuOpensUp(
  button: { top: number; bottom: number },
  menuHeight: number,
  viewportHeight: number,
  margin = 8,
): boolean {
  return button.bottom + menuHeight > viewportHeight - margin && button.top - menuHeight >= margin;
}
