// Keeping the keyboard focus when the button pressed goes away (a row's "Check in" once checked in,
// the doctor's "Complete" once the room is free): without this the focus drops to the page's body
// and a keyboard or screen-reader user starts again from the top of the page.

const CHECKS_MS = [60, 200, 500, 1_000, 2_000];

/**
 * Once the change has drawn, focuses `find()` if the focus was lost (on nothing or the body). The
 * change may draw late (a slow machine, an answer awaited): it looks again for up to 2 s while the
 * focus is still where it was, and stops as soon as the user has moved it themselves.
 */
export function focusIfLost(find: () => HTMLElement | null | undefined): void {
  const origin = document.activeElement;
  let at = 0;
  const check = () => {
    if (focusLost()) {
      const target = find();
      if (target?.isConnected) return target.focus();
    } else if (document.activeElement !== origin) return;
    const next = CHECKS_MS[++at];
    if (next !== undefined) setTimeout(check, next - (CHECKS_MS[at - 1] ?? 0));
  };
  setTimeout(check, CHECKS_MS[0]);
}

/** The focus is on nothing in particular: the page's body (or no element at all). */
export function focusLost(): boolean {
  const active = document.activeElement;
  return !active || active === document.body;
}
