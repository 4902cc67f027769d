"use client";
// "Are you sure?" for a change that stops something working (deactivate, revoke); the server's
// refusal shows inside the dialog, next to the button that caused it, and goes when it closes.
import type { ReactNode } from "react";
import { Banner } from "../ui/banner";
import { Button } from "../ui/button";
import { Dialog } from "../ui/dialog";

export function ConfirmDialog({
  title,
  description,
  confirmLabel,
  pendingLabel,
  danger = true,
  mutation,
  onConfirm,
  onClose,
}: {
  title: string;
  description: ReactNode;
  confirmLabel: string;
  pendingLabel: string;
  danger?: boolean;
  /** The change's mutation: whether it is on its way, why it was refused; reset on closing. */
  mutation: { isPending: boolean; error: { message: string } | null; reset: () => void };
  onConfirm: () => void;
  onClose: () => void;
}) {
  const close = () => {
    mutation.reset();
    onClose();
  };
  return (
    <Dialog open onOpenChange={(open) => !open && close()} title={title} description={description}>
      <div className="grid gap-4">
        {mutation.error && (
          <Banner tone="bad" role="alert" title="Not done">
            {mutation.error.message}
          </Banner>
        )}
        <div className="flex flex-wrap justify-end gap-2">
          <Button onClick={close}>Keep as it is</Button>
          <Button variant={danger ? "danger" : "primary"} onClick={onConfirm} disabled={mutation.isPending}>
            {mutation.isPending ? pendingLabel : confirmLabel}
          </Button>
        </div>
      </div>
    </Dialog>
  );
}
