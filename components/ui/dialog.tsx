"use client";
// A modal dialog on Radix (focus trap, Escape, aria-labelledby/-describedby handled): pass a title,
// an optional description and the body; `trigger` is the element that opens it.
import * as RadixDialog from "@radix-ui/react-dialog";
import { type ReactNode, useRef } from "react";
import { cn } from "./cn";

export function Dialog({
  open,
  onOpenChange,
  trigger,
  title,
  description,
  children,
  className,
}: {
  open?: boolean;
  onOpenChange?: (open: boolean) => void;
  trigger?: ReactNode;
  title: ReactNode;
  description?: ReactNode;
  children: ReactNode;
  className?: string;
}) {
  // Without a Radix trigger, Radix returns focus to nothing (the page's body) when the dialog
  // closes: focus goes back to what had it when the dialog opened, as a keyboard user expects.
  const opener = useRef<HTMLElement | null>(null);
  return (
    <RadixDialog.Root open={open} onOpenChange={onOpenChange}>
      {trigger && <RadixDialog.Trigger asChild>{trigger}</RadixDialog.Trigger>}
      <RadixDialog.Portal>
        <RadixDialog.Overlay className="fixed inset-0 z-40 bg-[#0b1a24]/50" />
        <RadixDialog.Content
          className={cn(
            "fixed top-1/2 left-1/2 z-50 max-h-[90vh] w-[min(94vw,520px)] -translate-x-1/2 -translate-y-1/2",
            "overflow-auto rounded-[16px] bg-white p-5 shadow-2xl",
            className,
          )}
          {...(description ? {} : { "aria-describedby": undefined })}
          onOpenAutoFocus={() => {
            opener.current = document.activeElement instanceof HTMLElement ? document.activeElement : null;
          }}
          onCloseAutoFocus={(event) => {
            if (trigger) return;
            event.preventDefault();
            const back = opener.current;
            if (back?.isConnected) back.focus();
          }}
        >
          <div className="mb-3 flex items-start justify-between gap-4">
            <RadixDialog.Title className="m-0 text-xl font-bold text-ink">{title}</RadixDialog.Title>
            <RadixDialog.Close
              className="-mt-1 -mr-1 grid size-10 shrink-0 cursor-pointer place-items-center rounded-full text-2xl leading-none text-muted hover:bg-canvas"
              aria-label="Close"
            >
              ×
            </RadixDialog.Close>
          </div>
          {description && (
            <RadixDialog.Description className="mt-0 mb-4 text-muted">{description}</RadixDialog.Description>
          )}
          {children}
        </RadixDialog.Content>
      </RadixDialog.Portal>
    </RadixDialog.Root>
  );
}

export const DialogClose = RadixDialog.Close;
