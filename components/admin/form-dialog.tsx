"use client";
// An admin dialog around a form and the mutation it sends: the fields, the server's refusal above
// the buttons, Cancel, and a submit button that says when it is busy. Once `done` is given (a secret
// shown once, a confirmation), the same dialog shows that and a Done button instead of the form.
import { type ReactNode, useEffect, useRef } from "react";
import { Banner } from "../ui/banner";
import { Button } from "../ui/button";
import { Dialog } from "../ui/dialog";
import { formErrorsOf } from "./errors";

export function FormDialog({
  title,
  description,
  className,
  formClassName = "grid gap-3",
  onClose,
  onSubmit,
  mutation,
  problem = formErrorsOf(mutation.error).message,
  problemTitle,
  submitLabel,
  pendingLabel = "Saving…",
  done,
  children,
}: {
  title: ReactNode;
  /** Shown above the form (not with `done`). */
  description?: ReactNode;
  className?: string;
  formClassName?: string;
  onClose: () => void;
  onSubmit: () => void;
  mutation: { isPending: boolean; error: unknown };
  /** Why the last attempt was refused, in a banner above the buttons (by default the mutation's
   * error as a form shows it); nothing: no banner. */
  problem?: ReactNode;
  problemTitle?: string;
  submitLabel: string;
  pendingLabel?: string;
  done?: ReactNode;
  children?: ReactNode;
}) {
  // A refusal puts the focus on the first field it marked (the banner says why, as an alert).
  const form = useRef<HTMLFormElement>(null);
  useEffect(() => {
    if (!mutation.error) return;
    requestAnimationFrame(() => form.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus());
  }, [mutation.error]);
  return (
    <Dialog
      open
      onOpenChange={(open) => !open && onClose()}
      title={title}
      description={done ? undefined : description}
      className={className}
    >
      {done ? (
        <div className="grid gap-4">
          {done}
          <div className="flex justify-end">
            <Button variant="primary" onClick={onClose}>
              Done
            </Button>
          </div>
        </div>
      ) : (
        <form
          ref={form}
          noValidate
          className={formClassName}
          onSubmit={(e) => {
            e.preventDefault();
            onSubmit();
          }}
        >
          {children}
          {problem && (
            <Banner tone="bad" role="alert" title={problemTitle}>
              {problem}
            </Banner>
          )}
          <div className="flex flex-wrap justify-end gap-2">
            <Button onClick={onClose}>Cancel</Button>
            <Button type="submit" variant="primary" unavailable={mutation.isPending}>
              {mutation.isPending ? pendingLabel : submitLabel}
            </Button>
          </div>
        </form>
      )}
    </Dialog>
  );
}
