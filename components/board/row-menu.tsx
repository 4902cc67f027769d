"use client";
// A row's less frequent actions behind a "More" button (a disclosure: the buttons appear under it,
// Escape, a click elsewhere or tabbing away closes it; Escape puts the focus back on the button).
import { type ReactNode, useEffect, useId, useLayoutEffect, useRef, useState } from "react";
import { buttonClasses } from "../ui/button";
import { cn } from "../ui/cn";
import { type MenuSide, menuOpensUp, menuSide } from "./menu-side";

export type RowMenuItem = { label: string; onSelect: () => void; tone?: "bad"; hidden?: boolean };

export function RowMenu({
  label,
  items,
  trigger,
}: {
  label: string;
  items: RowMenuItem[];
  trigger?: ReactNode;
}) {
  const [open, setOpen] = useState(false);
  const id = useId();
  const root = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);
  const menu = useRef<HTMLDivElement>(null);
  const [side, setSide] = useState<MenuSide>("right");
  const [up, setUp] = useState(false);

  // Measured before the menu is painted, so it never shows off the screen first.
  useLayoutEffect(() => {
    if (!open || !button.current || !menu.current) return;
    const { width, height } = menu.current.getBoundingClientRect();
    const at = button.current.getBoundingClientRect();
    setSide(menuSide(at, width, document.documentElement.clientWidth));
    setUp(menuOpensUp(at, height, document.documentElement.clientHeight));
  }, [open]);

  useEffect(() => {
    if (!open) return;
    const outside = (e: PointerEvent) => {
      if (!root.current?.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener("pointerdown", outside);
    return () => document.removeEventListener("pointerdown", outside);
  }, [open]);

  const shown = items.filter((i) => !i.hidden);
  if (shown.length === 0) return null;
  return (
    // biome-ignore lint/a11y/noStaticElementInteractions: Escape closes the disclosure from any of its buttons.
    <div
      ref={root}
      className="relative inline-block"
      // Tabbing out of it closes it, like a click elsewhere (an open menu left behind covered the
      // rows above, and Escape no longer reached it).
      onBlur={(e) => {
        if (open && e.relatedTarget instanceof Node && !e.currentTarget.contains(e.relatedTarget))
          setOpen(false);
      }}
      onKeyDown={(e) => {
        if (e.key === "Escape" && open) {
          e.stopPropagation();
          setOpen(false);
          button.current?.focus();
        }
      }}
    >
      <button
        ref={button}
        type="button"
        className={buttonClasses("ghost", "sm")}
        aria-expanded={open}
        aria-controls={id}
        aria-label={label}
        onClick={() => setOpen((o) => !o)}
      >
        {trigger ?? "More"}
        <span aria-hidden>▾</span>
      </button>
      {open && (
        <div
          id={id}
          ref={menu}
          data-side={side}
          data-up={up || undefined}
          className={cn(
            "absolute z-30 grid min-w-48 gap-0.5 rounded-[12px] border border-line bg-white p-1.5 shadow-lg",
            side === "right" ? "right-0" : "left-0",
            up ? "bottom-full mb-1" : "mt-1",
          )}
        >
          {shown.map((item) => (
            <button
              key={item.label}
              type="button"
              className={cn(
                "min-h-10 cursor-pointer rounded-lg px-3 text-left font-semibold hover:bg-canvas",
                item.tone === "bad" ? "text-bad" : "text-ink",
              )}
              onClick={() => {
                setOpen(false);
                button.current?.focus();
                item.onSelect();
              }}
            >
              {item.label}
            </button>
          ))}
        </div>
      )}
    </div>
  );
}
