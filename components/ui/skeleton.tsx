// Loading placeholders: grey blocks where content will be, and a spinner for short waits.
import { cn } from "./cn";

export function Skeleton({ className }: { className?: string }) {
  return <div aria-hidden className={cn("animate-pulse rounded-lg bg-[#e3e9ed]", className)} />;
}

export function Spinner({ label, className }: { label: string; className?: string }) {
  return (
    <span role="status" className={cn("inline-flex items-center gap-2 text-muted", className)}>
      <span
        aria-hidden
        className="size-5 animate-spin rounded-full border-[3px] border-line border-t-brand"
      />
      {label}
    </span>
  );
}
