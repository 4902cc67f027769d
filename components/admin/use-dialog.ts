"use client";
// Which dialog is open, for dialogs opened from a row's button (they have no Radix trigger): when
// one closes, focus goes back to the button that opened it, as a keyboard user expects.
import { useCallback, useRef, useState } from "react";

export function useDialog<T>() {
  const [open, setOpenState] = useState<T | null>(null);
  const opener = useRef<HTMLElement | null>(null);
  const setOpen = useCallback((next: T | null) => {
    if (next !== null) {
      opener.current = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    } else {
      const back = opener.current;
      requestAnimationFrame(() => back?.isConnected && back.focus());
    }
    setOpenState(next);
  }, []);
  return [open, setOpen] as const;
}
