// Buttons of the staff and patient screens. `buttonClasses` styles a link the same way.
import type { ButtonHTMLAttributes } from "react";
import { cn } from "./cn";

export type ButtonVariant = "primary" | "secondary" | "ghost" | "danger" | "onBrand";
export type ButtonSize = "sm" | "md" | "lg";

const variants: Record<ButtonVariant, string> = {
  primary: "bg-brand text-white border-brand hover:bg-brand-strong",
  secondary: "bg-white text-ink border-[#9fb1bd] hover:bg-canvas",
  ghost: "bg-transparent text-brand border-transparent hover:bg-brand-soft",
  danger: "bg-bad text-white border-bad hover:bg-[#861e23]",
  onBrand: "bg-transparent text-white border-white/60 hover:bg-white/10",
};
const sizes: Record<ButtonSize, string> = {
  sm: "min-h-9 px-3 text-sm",
  md: "min-h-11 px-4 text-base",
  lg: "min-h-13 px-5 text-lg",
};

export function buttonClasses(
  variant: ButtonVariant = "secondary",
  size: ButtonSize = "md",
  className?: string,
) {
  return cn(
    "inline-flex items-center justify-center gap-2 rounded-[10px] border font-semibold no-underline",
    "cursor-pointer transition-colors disabled:cursor-default disabled:opacity-55",
    "aria-disabled:cursor-default aria-disabled:opacity-55",
    variants[variant],
    sizes[size],
    className,
  );
}

export function Button({
  variant = "secondary",
  size = "md",
  className,
  type = "button",
  unavailable,
  onClick,
  ...props
}: ButtonHTMLAttributes<HTMLButtonElement> & {
  variant?: ButtonVariant;
  size?: ButtonSize;
  /**
   * Shown but not usable now (a request under way, or blocked: say why with aria-describedby).
   * Unlike `disabled` it keeps the keyboard focus, so pressing it does not drop a keyboard or
   * screen-reader user to the top of the page.
   */
  unavailable?: boolean;
}) {
  return (
    <button
      type={type}
      className={buttonClasses(variant, size, className)}
      aria-disabled={unavailable || undefined}
      onClick={unavailable ? (event) => event.preventDefault() : onClick}
      {...props}
    />
  );
}
