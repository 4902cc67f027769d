// A white panel with a hairline border: the unit every screen is built from.
import type { HTMLAttributes } from "react";
import { cn } from "./cn";

export function Card({
  as: Tag = "section",
  className,
  ...props
}: HTMLAttributes<HTMLElement> & { as?: "section" | "div" | "article" | "aside" | "form" }) {
  return (
    <Tag className={cn("rounded-[14px] border border-line bg-white p-4 shadow-xs", className)} {...props} />
  );
}

export function CardTitle({ className, ...props }: HTMLAttributes<HTMLHeadingElement>) {
  return <h2 className={cn("m-0 text-lg font-bold text-ink", className)} {...props} />;
}
