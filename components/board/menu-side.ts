// Which edge of its button a drop-down menu hangs from, so it opens inside the screen: under the
// button's right edge (growing leftwards) where there is room, else under its left edge. On the
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
