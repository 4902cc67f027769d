"use client";
// The doctor's week at a glance: the 7 days from the Monday of the chosen day, each with its booked
// and free places, and a link to that day.
import { useQuery } from "@tanstack/react-query";
import { useTRPC } from "../trpc";
import { Card, CardTitle } from "../ui/card";
import { cn } from "../ui/cn";

const weekday = new Intl.DateTimeFormat("en-GB", { weekday: "short", day: "numeric", timeZone: "UTC" });
const dayLabel = (date: string) => weekday.format(new Date(`${date}T12:00:00Z`));

export function WeekOverview({
  doctorId,
  date,
  today,
  onChoose,
}: {
  doctorId: string;
  date: string;
  today: string;
  onChoose: (date: string) => void;
}) {
  const trpc = useTRPC();
  const week = useQuery(trpc.slots.week.queryOptions({ doctorId, date }));
  return (
    <Card className="grid gap-3" aria-labelledby="week-title" data-testid="week-overview">
      <CardTitle id="week-title">The week</CardTitle>
      {week.isError ? (
        <p className="m-0 text-bad">Could not load the week: {week.error.message}</p>
      ) : !week.data ? (
        <p className="m-0 text-muted">Loading the week…</p>
      ) : (
        <ol className="m-0 grid list-none grid-cols-2 gap-2 p-0 sm:grid-cols-4 lg:grid-cols-7">
          {week.data.days.map((d) => (
            <li key={d.date}>
              <a
                href={`?date=${d.date}`}
                aria-current={d.date === date ? "date" : undefined}
                onClick={(e) => {
                  if (e.metaKey || e.ctrlKey || e.shiftKey) return;
                  e.preventDefault();
                  onChoose(d.date);
                }}
                className={cn(
                  "grid gap-0.5 rounded-[12px] border px-3 py-2 text-ink no-underline hover:bg-canvas",
                  d.date === date ? "border-brand bg-brand-soft/60" : "border-line bg-white",
                  d.date < today && "text-muted",
                )}
              >
                <span className="font-semibold">
                  {dayLabel(d.date)}
                  {d.date === today ? " · today" : ""}
                </span>
                {d.workingDay ? (
                  <span className="text-sm tabular-nums">
                    {d.booked} booked · {d.free} free
                  </span>
                ) : (
                  <span className="text-sm text-muted">
                    {d.dayOff ? "Day off" : "Not working"}
                    {d.booked ? ` · ${d.booked} booked` : ""}
                  </span>
                )}
              </a>
            </li>
          ))}
        </ol>
      )}
    </Card>
  );
}
