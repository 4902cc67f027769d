// Small coloured labels: Badge for any short fact, StatusChip for an appointment's status.
import type { inferRouterOutputs } from "@trpc/server";
import type { HTMLAttributes } from "react";
import type { AppRouter } from "@/server/trpc/root";
import { cn } from "./cn";

export type Tone = "neutral" | "info" | "ok" | "warn" | "bad" | "brand";

const tones: Record<Tone, string> = {
  neutral: "bg-[#eef2f5] text-[#33454f] border-[#cfd9e0]",
  info: "bg-brand-soft text-brand-strong border-[#b9d7ea]",
  ok: "bg-ok-soft text-ok border-[#b5dcc2]",
  warn: "bg-warn-soft text-warn border-[#f0d58c]",
  bad: "bg-bad-soft text-bad border-[#f2b8bd]",
  brand: "bg-brand text-white border-brand",
};

export function Badge({
  tone = "neutral",
  className,
  ...props
}: HTMLAttributes<HTMLSpanElement> & { tone?: Tone }) {
  return (
    <span
      className={cn(
        "inline-flex items-center gap-1 whitespace-nowrap rounded-full border px-2.5 py-0.5 text-sm font-semibold",
        tones[tone],
        className,
      )}
      {...props}
    />
  );
}

export type AppointmentStatus = inferRouterOutputs<AppRouter>["tracking"]["get"]["appointment"]["status"];

export const STATUS_LABEL: Record<AppointmentStatus, string> = {
  BOOKED: "Booked",
  CHECKED_IN: "Checked in",
  CALLED: "Called",
  IN_CONSULTATION: "With doctor",
  COMPLETED: "Completed",
  NO_SHOW: "No-show",
  CANCELLED: "Cancelled",
};

const STATUS_TONE: Record<AppointmentStatus, Tone> = {
  BOOKED: "neutral",
  CHECKED_IN: "info",
  CALLED: "warn",
  IN_CONSULTATION: "brand",
  COMPLETED: "ok",
  NO_SHOW: "bad",
  CANCELLED: "neutral",
};

export function StatusChip({
  status,
  ...props
}: { status: AppointmentStatus } & HTMLAttributes<HTMLSpanElement>) {
  return (
    <Badge tone={STATUS_TONE[status]} {...props}>
      {STATUS_LABEL[status]}
    </Badge>
  );
}
