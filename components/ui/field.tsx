// A labelled form control. The label wraps the control, so getByLabel finds it.
import type { InputHTMLAttributes, ReactNode, SelectHTMLAttributes } from "react";
import { cn } from "./cn";

export const controlClasses =
  "min-h-11 w-full rounded-[10px] border border-[#8299a8] bg-white px-3 text-base text-ink disabled:bg-canvas";

export function Field({
  label,
  hint,
  children,
  className,
}: {
  label: ReactNode;
  hint?: ReactNode;
  children: ReactNode;
  className?: string;
}) {
  return (
    // biome-ignore lint/a11y/noLabelWithoutControl: the control (Input, Select) comes in as children, inside the label.
    <label className={cn("grid gap-1 font-semibold text-ink", className)}>
      {label}
      {children}
      {hint && <span className="text-sm font-normal text-muted">{hint}</span>}
    </label>
  );
}

export function Input({ className, ...props }: InputHTMLAttributes<HTMLInputElement>) {
  return <input className={cn(controlClasses, className)} {...props} />;
}

export function Select({ className, ...props }: SelectHTMLAttributes<HTMLSelectElement>) {
  return <select className={cn(controlClasses, "pr-8", className)} {...props} />;
}
