// Keeping the keyboard focus when the button pressed goes away (a row's "Check in" once checked in,
// the doctor's "Complete" once the room is free): without this the focus drops to the page's body
// and a keyboard or screen-reader user starts again from the top of the page.

/** After the change has drawn, focuses `find()` if the focus was lost (on nothing or the body). */
export function focusIfLost(find: () => HTMLElement | null | undefined, delayMs = 60): void {
  setTimeout(() => {
    if (!focusLost()) return;
    const target = find();
    if (target?.isConnected) target.focus();
  }, delayMs);
}

/** The focus is on nothing in particular: the page's body (or no element at all). */
export function focusLost(): boolean {
  const active = document.activeElement;
  return !active || active === document.body;
}
