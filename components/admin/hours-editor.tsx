"use client";
// A doctor's week: Monday to Sunday, each day with any number of periods (two make a lunch break),
// and the days off. Checked here before sending; the server's refusals land on the same fields.
import { useMutation } from "@tanstack/react-query";
import { useId, useState } from "react";
import { useTRPC } from "../trpc";
import { Button } from "../ui/button";
import { cn } from "../ui/cn";
import { Input } from "../ui/field";
import { formErrorsOf } from "./errors";
import { FormDialog } from "./form-dialog";
import { FormField } from "./form-field";
import { dayName } from "./format";
import {
  addDayOff,
  checkWeek,
  copyMondayToWeekdays,
  nextPeriod,
  type Period,
  periodsFromWeek,
  WEEKDAYS,
  type Week,
  weekFromPeriods,
  withBreak,
} from "./hours";
import type { AdminDoctor } from "./types";
import { useSaved } from "./use-saved";

export function HoursDialog({
  doctor,
  today,
  onClose,
}: {
  doctor: AdminDoctor;
  today: string;
  onClose: () => void;
}) {
  const trpc = useTRPC();
  const [week, setWeek] = useState<Week>(() => weekFromPeriods(doctor.periods));
  const [daysOff, setDaysOff] = useState<string[]>(() => doctor.daysOff.map((d) => d.date).sort());
  const [newDayOff, setNewDayOff] = useState("");
  const [checked, setChecked] = useState<Record<string, string> | null>(null);
  const saved = useSaved(trpc.adminDoctors.list.queryKey());
  const save = useMutation(
    trpc.adminDoctors.setHours.mutationOptions({
      onSuccess: () => saved(`Hours of ${doctor.name} saved.`, onClose),
    }),
  );
  const server = formErrorsOf(save.error);
  // Client checks follow every edit once the first save was tried.
  const errors = { ...server.fields, ...(checked ? checkWeek(week) : {}) };

  const edit = (next: Week) => {
    setWeek(next);
    if (save.isError) save.reset();
  };

  // Where each day's periods start in the list sent (the server's error paths count this way).
  const firstIndex = week.map((_, d) => week.slice(0, d).reduce((n, day) => n + day.length, 0));
  return (
    <FormDialog
      title={`Hours of ${doctor.name}`}
      description="Times are the hospital's local time. A day without periods is a day off every week."
      className="w-[min(96vw,760px)]"
      formClassName="grid gap-4"
      onClose={onClose}
      onSubmit={() => {
        const found = checkWeek(week);
        setChecked(found);
        if (Object.keys(found).length > 0) return;
        save.mutate({ doctorId: doctor.id, weekly: periodsFromWeek(week), daysOff });
      }}
      problem={
        server.message && !Object.keys(server.fields).length
          ? server.message
          : server.message || (checked && Object.keys(errors).length > 0)
            ? Object.keys(errors).every((k) => k.startsWith("daysOff"))
              ? "A day off needs a change: see the marked day."
              : "Some periods need a change: see the marked fields."
            : null
      }
      mutation={save}
      problemTitle="Hours not saved"
      submitLabel="Save hours"
    >
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h3 className="m-0 text-lg font-bold">Every week</h3>
        <Button size="sm" onClick={() => edit(copyMondayToWeekdays(week))} disabled={week[0]?.length === 0}>
          Copy Monday to Tuesday–Friday
        </Button>
      </div>
      <ul className="m-0 grid list-none gap-0 divide-y divide-line rounded-[12px] border border-line p-0">
        {week.map((day, d) => (
          <DayRow
            key={WEEKDAYS[d]}
            day={d}
            periods={day}
            firstIndex={firstIndex[d] ?? 0}
            errors={errors}
            onChange={(periods) => edit(week.map((x, k) => (k === d ? periods : x)))}
          />
        ))}
      </ul>

      <section aria-labelledby="days-off-title" className="grid gap-2">
        <h3 id="days-off-title" className="m-0 text-lg font-bold">
          Days off and holidays
        </h3>
        <div className="flex flex-wrap items-end gap-2">
          <FormField label="Date" error={errors.daysOff} className="w-48">
            {(c) => (
              <Input
                {...c}
                type="date"
                min={today}
                value={newDayOff}
                onChange={(e) => setNewDayOff(e.target.value)}
              />
            )}
          </FormField>
          <Button
            data-add-day-off
            onClick={() => {
              setDaysOff((days) => addDayOff(days, newDayOff));
              setNewDayOff("");
            }}
            unavailable={!newDayOff}
          >
            Add day off
          </Button>
        </div>
        {daysOff.length === 0 ? (
          <p className="m-0 text-muted">No days off planned.</p>
        ) : (
          <ul className="m-0 grid list-none gap-1 p-0">
            {daysOff.map((date, i) => (
              <li
                key={date}
                className="flex flex-wrap items-center justify-between gap-2 rounded-[10px] bg-canvas px-3 py-1.5"
              >
                <span>
                  {dayName(date)}
                  {date < today && <span className="ml-2 text-sm text-muted">(past)</span>}
                  {errors[`daysOff.${i}`] && (
                    <span className="ml-2 text-sm font-semibold text-bad">{errors[`daysOff.${i}`]}</span>
                  )}
                </span>
                <Button
                  size="sm"
                  variant="ghost"
                  aria-label={`Remove the day off on ${dayName(date)}`}
                  onClick={() => {
                    setDaysOff((days) => days.filter((x) => x !== date));
                    focusAfterRemoval("[data-add-day-off]");
                  }}
                >
                  Remove
                </Button>
              </li>
            ))}
          </ul>
        )}
      </section>
    </FormDialog>
  );
}

/** One weekday: its periods as "from – to" pairs, each removable, and a button to add one. */
function DayRow({
  day,
  periods,
  firstIndex,
  errors,
  onChange,
}: {
  day: number;
  periods: Period[];
  /** The index of this day's first period in the list sent: error paths are `weekly.<index>.<field>`. */
  firstIndex: number;
  errors: Record<string, string>;
  onChange: (periods: Period[]) => void;
}) {
  const baseId = useId();
  const name = WEEKDAYS[day] ?? "";
  const set = (i: number, period: Period) => onChange(periods.map((p, j) => (j === i ? period : p)));
  const problems = periods.flatMap((_, i) =>
    (["start", "end"] as const).flatMap((field) => {
      const message = errors[`weekly.${firstIndex + i}.${field}`];
      return message ? [{ i, field, message, id: `${baseId}-${i}-${field}` }] : [];
    }),
  );
  const problemOf = (i: number, field: "start" | "end") =>
    problems.find((p) => p.i === i && p.field === field);
  const timeInput = (i: number, field: "start" | "end", label: string) => {
    const p = periods[i] as Period;
    const problem = problemOf(i, field);
    // A time input stops at 23:59: 00:00 as an end means midnight (24:00).
    // On a phone the picker icon goes (a touch opens the system picker anyway), so "09:00 AM" fits.
    const value = field === "end" && p.end === "24:00" ? "00:00" : p[field];
    return (
      <Input
        type="time"
        step={300}
        aria-label={`${name} period ${i + 1} ${label}`}
        aria-invalid={problem ? true : undefined}
        aria-describedby={problem?.id}
        value={value}
        className={cn(
          "min-h-10 max-w-[7.25rem] px-2 sm:max-w-[9.5rem] max-sm:[&::-webkit-calendar-picker-indicator]:hidden",
          problem && "border-bad",
        )}
        onChange={(e) => {
          const v = e.target.value;
          set(i, { ...p, [field]: field === "end" && v === "00:00" ? "24:00" : v });
        }}
      />
    );
  };
  return (
    <li className="grid gap-2 px-2 py-2.5 sm:grid-cols-[7rem_1fr] sm:items-start sm:px-3">
      <span className="pt-2 font-bold">{name}</span>
      <div className="grid gap-2">
        <div className="flex flex-wrap items-center gap-2">
          {periods.length === 0 && <span className="text-muted">Not working</span>}
          {periods.map((_, i) => (
            <span key={i} className="inline-flex items-center gap-1 rounded-[12px] bg-canvas p-1">
              {timeInput(i, "start", "from")}
              <span aria-hidden>–</span>
              {timeInput(i, "end", "to")}
              <button
                type="button"
                className="grid size-9 cursor-pointer place-items-center rounded-full text-xl text-muted hover:bg-white hover:text-bad"
                aria-label={`Remove ${name} period ${i + 1}`}
                onClick={() => {
                  onChange(periods.filter((_, j) => j !== i));
                  focusAfterRemoval(`[data-add-period="${name}"]`);
                }}
              >
                ×
              </button>
            </span>
          ))}
          <Button
            size="sm"
            variant="ghost"
            data-add-period={name}
            onClick={() => onChange([...periods, nextPeriod(periods)])}
          >
            <span aria-hidden>+</span> Add period<span className="sr-only"> on {name}</span>
          </Button>
          {withBreak(periods) && (
            <Button size="sm" variant="ghost" onClick={() => onChange(withBreak(periods) ?? [...periods])}>
              Add lunch break<span className="sr-only"> on {name}</span>
            </Button>
          )}
        </div>
        {problems.map((p) => (
          <p key={p.id} id={p.id} className="m-0 text-sm font-semibold text-bad">
            {periods.length > 1 ? `Period ${p.i + 1}: ` : ""}
            {p.message}
          </p>
        ))}
      </div>
    </li>
  );
}

/**
 * A removed row's button goes with it, and the dialog then held the focus itself (the next Tab went
 * to "Close" at the top): the focus goes to the section's add button instead.
 */
function focusAfterRemoval(selector: string) {
  requestAnimationFrame(() => document.querySelector<HTMLElement>(selector)?.focus());
}
