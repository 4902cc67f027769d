"use client";
// The statistics page: pick a doctor (or the whole hospital) and a period, read the figures and
// charts; admins also have a System tab with the live engineering figures of this instance.
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useId, useState } from "react";
import { rangeFieldProblems } from "@/server/domain/statistics";
import { useTRPC } from "../trpc";
import { Banner } from "../ui/banner";
import { Button } from "../ui/button";
import { Card } from "../ui/card";
import { Field, Input, Select } from "../ui/field";
import { Skeleton, Spinner } from "../ui/skeleton";
import { type AccuracyRow, AccuracyTable } from "./accuracy-table";
import { ByDoctorTable } from "./by-doctor-table";
import { Figure } from "./figure";
import { addDays, count, mins, pct, WAIT_PAST_APPOINTMENT } from "./format";
import {
  AccuracyChart,
  EarlyArrivalChart,
  PeakHoursChart,
  type Stats,
  StatusChart,
  WaitChart,
} from "./stats-charts";
import { SystemFigures } from "./system-figures";

const ALL = "all";
const PRESETS = [
  { label: "Today", days: 1 },
  { label: "7 days", days: 7 },
  { label: "30 days", days: 30 },
] as const;

export function StatsView({
  today,
  ownDoctorId,
  mayReadHospital,
  isAdmin = false,
}: {
  today: string;
  /** A doctor reads only their own figures. */
  ownDoctorId: string | null;
  mayReadHospital: boolean;
  /** Admins get the System tab (the server refuses the system figures to anyone else). */
  isAdmin?: boolean;
}) {
  const trpc = useTRPC();
  const ids = useId();
  const [tab, setTab] = useState<"figures" | "system">("figures");
  const [doctorId, setDoctorId] = useState<string>(mayReadHospital ? ALL : (ownDoctorId ?? ALL));
  // What the fields hold; the period read is the last one that passed the check at the fields.
  const [fromText, setFromText] = useState(addDays(today, -6));
  const [toText, setToText] = useState(today);
  const problems = rangeFieldProblems(fromText, toText);
  const valid = !problems.from && !problems.to;
  const [period, setPeriod] = useState({ from: fromText, to: toText });
  if (valid && (period.from !== fromText || period.to !== toText)) setPeriod({ from: fromText, to: toText });
  const { from, to } = period;
  const setRange = (nextFrom: string, nextTo: string) => {
    setFromText(nextFrom);
    setToText(nextTo);
  };

  const doctors = useQuery(trpc.queue.doctors.queryOptions());
  const whole = doctorId === ALL;
  const hospital = useQuery({
    ...trpc.stats.hospital.queryOptions({ from, to }),
    enabled: whole && mayReadHospital,
    placeholderData: keepPreviousData,
  });
  const doctor = useQuery({
    ...trpc.stats.doctor.queryOptions({ doctorId, from, to }),
    enabled: !whole,
    placeholderData: keepPreviousData,
  });
  const current = whole ? hospital : doctor;
  // stats.doctor's output schema (shared with the REST path) is loose: it types only the fields the
  // REST contract promises and passes the rest of the statistics through unchanged.
  const stats = current.data as (Stats & { accuracyByDoctorDay?: AccuracyRow[] }) | undefined;
  const choices = (doctors.data ?? []).filter((d) => mayReadHospital || d.id === ownDoctorId);

  const dateError = (field: "from" | "to") =>
    problems[field] ? (
      <span id={`${ids}-${field}-error`} className="text-sm font-normal text-bad" role="alert">
        {problems[field]}
      </span>
    ) : null;

  return (
    <main className="mx-auto grid max-w-[1200px] gap-4 px-4 py-6">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <h1 className="m-0 text-2xl font-bold">Statistics</h1>
          <p className="m-0 text-muted">
            {tab === "system"
              ? "This server, now: refreshed every few seconds"
              : stats
                ? `${stats.period.from === stats.period.to ? stats.period.from : `${stats.period.from} to ${stats.period.to}`} · ${count(stats.period.days, "day", "days")} · times in ${stats.period.timeZone}`
                : " "}
          </p>
        </div>
        {tab === "figures" && current.isFetching && <Spinner label="Updating…" />}
      </div>

      {isAdmin && (
        <div role="tablist" aria-label="Statistics sections" className="flex gap-2 border-b border-line">
          {(
            [
              ["figures", "Clinic figures"],
              ["system", "System"],
            ] as const
          ).map(([key, label]) => (
            <button
              key={key}
              type="button"
              role="tab"
              id={`${ids}-tab-${key}`}
              aria-selected={tab === key}
              aria-controls={tab === key ? `${ids}-panel-${key}` : undefined}
              className={`-mb-px min-h-11 cursor-pointer border-b-2 px-3 font-semibold ${tab === key ? "border-brand text-brand" : "border-transparent text-muted"}`}
              onClick={() => setTab(key)}
            >
              {label}
            </button>
          ))}
        </div>
      )}

      {isAdmin && tab === "system" ? (
        <section id={`${ids}-panel-system`} role="tabpanel" aria-labelledby={`${ids}-tab-system`}>
          <SystemFigures />
        </section>
      ) : (
        <section
          id={`${ids}-panel-figures`}
          className="grid gap-4"
          {...(isAdmin ? { role: "tabpanel", "aria-labelledby": `${ids}-tab-figures` } : {})}
        >
          <Card
            as="form"
            aria-label="Choose doctor and period"
            className="flex flex-wrap items-start gap-3"
            onSubmit={(e) => e.preventDefault()}
          >
            {!mayReadHospital && choices.length === 1 ? (
              // A doctor reads their own figures only: their name, not a list of one.
              <div className="grid min-w-56 flex-1 gap-1">
                <span className="font-semibold">Doctor</span>
                <span className="flex min-h-11 items-center" data-testid="stats-own-doctor">
                  {choices[0]?.name}
                </span>
              </div>
            ) : (
              <Field label="Doctor" className="min-w-56 flex-1">
                <Select
                  value={doctorId}
                  onChange={(e) => setDoctorId(e.target.value)}
                  disabled={doctors.isPending}
                >
                  {mayReadHospital && <option value={ALL}>All doctors</option>}
                  {choices.map((d) => (
                    <option key={d.id} value={d.id}>
                      {d.name}
                    </option>
                  ))}
                </Select>
              </Field>
            )}
            <div className="grid min-w-40 flex-1 gap-1 sm:flex-none">
              <Field label="From">
                <Input
                  type="date"
                  value={fromText}
                  required
                  aria-invalid={problems.from ? true : undefined}
                  aria-describedby={problems.from ? `${ids}-from-error` : undefined}
                  onChange={(e) => setFromText(e.target.value)}
                />
              </Field>
              {dateError("from")}
            </div>
            <div className="grid min-w-40 flex-1 gap-1 sm:flex-none">
              <Field label="To">
                <Input
                  type="date"
                  value={toText}
                  required
                  aria-invalid={problems.to ? true : undefined}
                  aria-describedby={problems.to ? `${ids}-to-error` : undefined}
                  onChange={(e) => setToText(e.target.value)}
                />
              </Field>
              {dateError("to")}
            </div>
            <fieldset className="m-0 flex flex-wrap gap-2 self-end border-0 p-0">
              <legend className="sr-only">Quick periods</legend>
              {PRESETS.map((p) => {
                const start = addDays(today, -(p.days - 1));
                const active = fromText === start && toText === today;
                return (
                  <Button
                    key={p.label}
                    variant={active ? "primary" : "secondary"}
                    aria-pressed={active}
                    onClick={() => setRange(start, today)}
                  >
                    {p.label}
                  </Button>
                );
              })}
            </fieldset>
          </Card>

          {doctors.error && (
            <Banner tone="bad" role="alert">
              Could not load the doctors: {doctors.error.message}
            </Banner>
          )}
          {current.error && (
            <Banner tone="bad" role="alert" title="Could not load the statistics">
              <p className="m-0 font-normal">{current.error.message}</p>
            </Banner>
          )}

          {!stats && current.isPending && !current.error ? (
            <StatsSkeleton />
          ) : stats ? (
            <>
              <div
                className="grid grid-cols-2 gap-3 md:grid-cols-3 lg:grid-cols-6"
                data-testid="headline-figures"
              >
                <Figure
                  testId="figure-appointments"
                  label="Appointments"
                  value={stats.totals.appointments}
                  detail={count(stats.totals.walkIns, "walk-in", "walk-ins")}
                />
                <Figure
                  label="Completed"
                  value={stats.totals.byStatus.COMPLETED}
                  detail={`${stats.totals.byStatus.CANCELLED} cancelled · ${stats.totals.byStatus.CHECKED_IN} checked in and waiting`}
                />
                <Figure
                  label="No-show rate"
                  value={pct(stats.noShow.rate)}
                  detail={`${stats.noShow.noShows} of ${count(stats.noShow.noShows + stats.noShow.attended, "patient", "patients")}${stats.noShow.overdueBooked ? ` · ${stats.noShow.overdueBooked} overdue` : ""}`}
                />
                <Figure
                  label={`${WAIT_PAST_APPOINTMENT} (median)`}
                  value={mins(stats.wait.experienced.median)}
                  detail={
                    stats.wait.experienced.count === 0
                      ? "no finished wait yet"
                      : `90% within ${mins(stats.wait.experienced.p90)}`
                  }
                />
                <Figure
                  label="Came early"
                  value={pct(stats.earlyArrival.share)}
                  detail={`${stats.earlyArrival.early} of ${stats.earlyArrival.checkedIn} ever checked in`}
                />
                <Figure
                  testId="figure-estimate-error"
                  label="Estimate error"
                  value={mins(stats.estimateAccuracy.meanAbsoluteError)}
                  detail={
                    stats.estimateAccuracy.count === 0
                      ? stats.estimateAccuracy.unquoted > 0
                        ? `${count(stats.estimateAccuracy.unquoted, "visit", "visits")} without a quote`
                        : "no consultation started yet"
                      : `${pct(stats.estimateAccuracy.withinRange)} inside their range`
                  }
                />
              </div>
              <div className="grid gap-4 lg:grid-cols-2">
                <StatusChart stats={stats} />
                <WaitChart stats={stats} />
                <PeakHoursChart stats={stats} />
                <EarlyArrivalChart stats={stats} />
                <AccuracyChart stats={stats} />
                {stats.accuracyByDoctorDay && (
                  <AccuracyTable rows={stats.accuracyByDoctorDay} period={stats.period} />
                )}
                {whole && hospital.data && (
                  <ByDoctorTable rows={hospital.data.byDoctor} onPick={setDoctorId} />
                )}
              </div>
            </>
          ) : null}
        </section>
      )}
    </main>
  );
}

function StatsSkeleton() {
  return (
    <div className="grid gap-4" aria-busy="true">
      <Spinner label="Loading the statistics…" />
      <div className="grid grid-cols-2 gap-3 md:grid-cols-3 lg:grid-cols-6">
        {Array.from({ length: 6 }, (_, i) => (
          <Skeleton key={i} className="h-24" />
        ))}
      </div>
      <div className="grid gap-4 lg:grid-cols-2">
        {Array.from({ length: 4 }, (_, i) => (
          <Skeleton key={i} className="h-72" />
        ))}
      </div>
    </div>
  );
}
