// The sign-in, set-password and setup pages: one column in the middle of the screen under the
// brand mark and the page's heading, and the form card they hold.
import type { ReactNode } from "react";
import { Card } from "./card";
import { cn } from "./cn";

/** The "+" mark beside a page's main heading. */
export function BrandMark() {
  return (
    <span
      aria-hidden
      className="grid size-11 place-items-center rounded-xl bg-brand text-2xl font-black text-white"
    >
      +
    </span>
  );
}

export function CenteredPage({
  title,
  subtitle,
  className,
  children,
}: {
  title: string;
  subtitle: ReactNode;
  /** The column's width, such as "max-w-[400px]". */
  className: string;
  children: ReactNode;
}) {
  return (
    <main className="grid min-h-dvh place-items-center px-4 py-10">
      <div className={cn("grid w-full gap-5", className)}>
        <div className="flex items-center gap-3">
          <BrandMark />
          <div>
            <h1 className="m-0 text-2xl font-bold">{title}</h1>
            <p className="m-0 text-muted">{subtitle}</p>
          </div>
        </div>
        {children}
      </div>
    </main>
  );
}

/** A form as a card, named for screen readers; `onSubmit` runs instead of the browser's submit. */
export function FormCard({
  label,
  onSubmit,
  children,
}: {
  label: string;
  onSubmit: () => void;
  children: ReactNode;
}) {
  return (
    <Card
      as="form"
      className="grid gap-4 p-5"
      aria-label={label}
      onSubmit={(e) => {
        e.preventDefault();
        onSubmit();
      }}
    >
      {children}
    </Card>
  );
}
