"use client";
import type { DaySlot, EntryStatus, SlotDay } from "../board/types";
// The doctor's day as 1-hour slots: each slot's places at the doctor's pace against the patients
// booked in it, coloured by where they are, with a warning where a slot holds more than fits.
import { Banner } from "../ui/banner";
import { cn } from "../ui/cn";
import { WarningIcon } from "../ui/icons";
import { Skeleton } from "../ui/skeleton";
import { Badge, STATUS_LABEL } from "../ui/status-chip";

const CELL: Record<EntryStatus, string> = {
  COMPLETED: "bg-ok border-ok",
  IN_CONSULTATION: "bg-brand border-brand",
  CALLED: "bg-focus border-focus",
  CHECKED_IN: "bg-[#5b9cc4] border-[#5b9cc4]",
  BOOKED: "bg-white border-[#5b7584]",
  NO_SHOW: "bg-bad-soft border-bad",
  CANCELLED: "bg-canvas border-line",
};

const LEGEND: EntryStatus[] = ["COMPLETED", "IN_CONSULTATION", "CALLED", "CHECKED_IN", "BOOKED"];

type SlotEntry = DaySlot["entries"][number] | DaySlot["finished"][number];

export function SlotTimeline({
  day,
  loading,
  error,
  now,
}: {
  day: SlotDay | undefined;
  loading: boolean;
  error: string | null;
  now: number;
}) {
  if (error) {
    return (
      <Banner tone="bad" role="alert" title="Could not load the day's slots">
        {error}
      </Banner>
    );
  }
  if (!day || loading) {
    return (
      <div className="grid gap-2" aria-busy="true">
        <span className="sr-only" role="status">
          Loading the day's slots…
        </span>
        {[0, 1, 2, 3].map((i) => (
          <Skeleton key={i} className="h-16" />
        ))}
      </div>
    );
  }
  const over = day.slots.filter((s) => s.overflow > 0);
  return (
    <div className="grid gap-3">
      <p className="m-0 text-muted">
        {day.workingHours.workingDay
          ? `Working ${day.workingHours.periods.map((p) => `${p.start}–${p.end}`).join(", ")}`
          : day.workingHours.dayOff
            ? "Day off"
            : "Not a working day"}{" "}
        · about {day.expectedConsultationMinutes} min a patient, so{" "}
        {day.slots[0]?.capacity ?? Math.floor(60 / (day.expectedConsultationMinutes || 15))} places an hour
      </p>
      {over.length > 0 && (
        <Banner tone="warn" role="status" icon={<WarningIcon />} title="Overbooked hours">
          {over.map((s) => `${s.timeSlot} (${s.load} for ${s.capacity} places)`).join(", ")}. Expect these
          patients to wait longer, or ask reception to move some to a quieter hour.
        </Banner>
      )}
      <ul className="m-0 flex list-none flex-wrap gap-x-4 gap-y-1 p-0 text-sm text-muted" aria-label="Legend">
        {LEGEND.map((s) => (
          <li key={s} className="flex items-center gap-1.5">
            <span aria-hidden className={cn("inline-block size-3.5 rounded-sm border-2", CELL[s])} />
            {STATUS_LABEL[s]}
          </li>
        ))}
        <li className="flex items-center gap-1.5">
          <span
            aria-hidden
            className="inline-block size-3.5 rounded-sm border-2 border-dashed border-[#9fb1bd]"
          />
          Free place
        </li>
      </ul>
      {day.slots.length === 0 ? (
        <p className="m-0 text-muted">No slots on this day.</p>
      ) : (
        <ol className="m-0 grid list-none gap-2 p-0" aria-label="Slots of the day">
          {groupQuietHours(day.slots, now).map((item) =>
            "quiet" in item ? (
              <li
                key={item.quiet[0]!.timeSlot}
                className="rounded-[12px] border border-dashed border-line px-3 py-2 text-muted"
              >
                {item.quiet[0]!.label}–{item.quiet.at(-1)!.timeSlot.split("-")[1]} · {item.quiet.length} hour
                {item.quiet.length === 1 ? "" : "s"} gone by with no patients
              </li>
            ) : (
              <SlotRow key={item.slot.timeSlot} slot={item.slot} now={now} />
            ),
          )}
        </ol>
      )}
    </div>
  );
}

/** Hours gone by without a patient fold into one line: the day's live part stays in view. */
function groupQuietHours(slots: DaySlot[], now: number) {
  const items: ({ slot: DaySlot } | { quiet: DaySlot[] })[] = [];
  for (const slot of slots) {
    const quiet = new Date(slot.end).getTime() <= now && slot.load === 0 && slot.finished.length === 0;
    const last = items.at(-1);
    if (quiet && last && "quiet" in last) last.quiet.push(slot);
    else items.push(quiet ? { quiet: [slot] } : { slot });
  }
  return items;
}

function SlotRow({ slot, now }: { slot: DaySlot; now: number }) {
  const start = new Date(slot.start).getTime();
  const end = new Date(slot.end).getTime();
  const current = start <= now && now < end;
  const past = end <= now;
  const taking: SlotEntry[] = [...slot.finished.filter((e) => e.status === "COMPLETED"), ...slot.entries];
  const missed = slot.finished.filter((e) => e.status !== "COMPLETED");
  const places = Math.max(slot.capacity, taking.length);
  return (
    <li
      data-testid={`slot-${slot.label}`}
      aria-current={current ? "time" : undefined}
      className={cn(
        "grid gap-2 rounded-[12px] border bg-white p-3 sm:grid-cols-[8.5rem_1fr]",
        current ? "border-brand ring-2 ring-brand/30" : "border-line",
        slot.overflow > 0 && "border-[#f0d58c] bg-warn-soft/40",
        past && !current && slot.overflow === 0 && "bg-canvas",
      )}
    >
      <div className="flex flex-wrap items-center gap-2 sm:grid sm:content-start sm:gap-1">
        <span className="text-lg font-bold tabular-nums">{slot.timeSlot}</span>
        <span className="flex flex-wrap gap-1">
          {current && <Badge tone="brand">Now</Badge>}
          {!slot.withinWorkingHours && <Badge>Outside hours</Badge>}
        </span>
      </div>
      <div className="grid gap-2">
        <div className="flex flex-wrap items-center gap-3">
          <div className="flex gap-1" aria-hidden>
            {Array.from({ length: places }, (_, i) => {
              const e = taking[i];
              const extra = i >= slot.capacity;
              return (
                <span
                  key={i}
                  className={cn(
                    "h-6 w-7 rounded-md border-2",
                    e ? CELL[e.status] : "border-dashed border-[#9fb1bd] bg-white",
                    extra && "outline-2 outline-offset-1 outline-bad",
                  )}
                />
              );
            })}
          </div>
          <span className={cn("font-semibold", slot.overflow > 0 ? "text-warn" : "text-ink")}>
            {slot.load} booked of {slot.capacity} places
          </span>
          {/* Listed below with the others, but taking no place: said, so the counts add up. */}
          {missed.length > 0 && <span className="text-sm text-muted">+ {missed.length} not seen</span>}
          {slot.overflow > 0 ? (
            <Badge tone="bad">
              <WarningIcon /> Overlap: {slot.overflow} over
            </Badge>
          ) : slot.freeCapacity > 0 && !past ? (
            <Badge tone="ok">{slot.freeCapacity} free</Badge>
          ) : null}
        </div>
        {(taking.length > 0 || missed.length > 0) && (
          <ul className="m-0 flex list-none flex-wrap gap-1.5 p-0 text-sm">
            {[...taking, ...missed].map((e) => (
              <li
                key={e.appointmentId}
                className={cn(
                  "rounded-md border px-2 py-0.5",
                  e.status === "IN_CONSULTATION" ? "border-brand bg-brand-soft font-semibold" : "border-line",
                  (e.status === "COMPLETED" || e.status === "NO_SHOW" || e.status === "CANCELLED") &&
                    "text-muted",
                )}
              >
                <span className="font-bold">{e.ticket}</span> {e.patientName}
                <span className="text-muted"> · {STATUS_LABEL[e.status]}</span>
                {e.priority === "URGENT" && <span className="font-semibold text-bad"> · urgent</span>}
              </li>
            ))}
          </ul>
        )}
      </div>
    </li>
  );
}
