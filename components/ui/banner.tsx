// A full-width message: a notice, a warning, an error or a success. `role` decides whether screen
// readers announce it at once ("alert") or politely ("status").
import type { HTMLAttributes, ReactNode } from "react";
import { cn } from "./cn";

export type BannerTone = "info" | "warn" | "bad" | "ok";

const tones: Record<BannerTone, string> = {
  info: "bg-brand-soft text-brand-strong border-[#b9d7ea]",
  warn: "bg-warn-soft text-warn border-[#f0d58c]",
  bad: "bg-bad-soft text-bad border-[#f2b8bd]",
  ok: "bg-ok-soft text-ok border-[#b5dcc2]",
};

export function Banner({
  tone = "info",
  title,
  icon,
  className,
  children,
  ...props
}: Omit<HTMLAttributes<HTMLDivElement>, "title"> & {
  tone?: BannerTone;
  title?: ReactNode;
  icon?: ReactNode;
}) {
  return (
    <div className={cn("flex gap-3 rounded-[14px] border px-4 py-3", tones[tone], className)} {...props}>
      {icon && (
        <span aria-hidden className="mt-0.5 shrink-0 text-xl leading-none [&>svg]:size-6">
          {icon}
        </span>
      )}
      <div className="min-w-0">
        {title && <p className="m-0 font-bold">{title}</p>}
        {children && <div className={cn("m-0", title ? "mt-0.5" : "font-semibold")}>{children}</div>}
      </div>
    </div>
  );
}
