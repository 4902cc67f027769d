"use client";
// The statistics page: pick a doctor (or the whole hospital) and a period, read the figures and
// charts, and watch the live system figures.
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useTRPC } from "../trpc";
import { Banner } from "../ui/banner";
import { Button } from "../ui/button";
import { Card } from "../ui/card";
import { Field, Input, Select } from "../ui/field";
import { Skeleton, Spinner } from "../ui/skeleton";
import { ByDoctorTable } from "./by-doctor-table";
import { Figure } from "./figure";
import { addDays, mins, pct } from "./format";
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
}: {
  today: string;
  /** A doctor reads only their own figures. */
  ownDoctorId: string | null;
  mayReadHospital: boolean;
}) {
  const trpc = useTRPC();
  const [doctorId, setDoctorId] = useState<string>(mayReadHospital ? ALL : (ownDoctorId ?? ALL));
  const [from, setFrom] = useState(addDays(today, -6));
  const [to, setTo] = useState(today);

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
  const stats = current.data as Stats | undefined;
  const choices = (doctors.data ?? []).filter((d) => mayReadHospital || d.id === ownDoctorId);

  return (
    <main className="mx-auto grid max-w-[1200px] gap-4 px-4 py-6">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <h1 className="m-0 text-2xl font-bold">Statistics</h1>
          <p className="m-0 text-muted">
            {stats
              ? `${stats.period.from} to ${stats.period.to} · ${stats.period.days} days · times in ${stats.period.timeZone}`
              : " "}
          </p>
        </div>
        {current.isFetching && <Spinner label="Updating…" />}
      </div>

      <Card
        as="form"
        aria-label="Choose doctor and period"
        className="flex flex-wrap items-end gap-3"
        onSubmit={(e) => e.preventDefault()}
      >
        <Field label="Doctor" className="min-w-56 flex-1">
          <Select value={doctorId} onChange={(e) => setDoctorId(e.target.value)} disabled={doctors.isPending}>
            {mayReadHospital && <option value={ALL}>All doctors</option>}
            {choices.map((d) => (
              <option key={d.id} value={d.id}>
                {d.name}
              </option>
            ))}
          </Select>
        </Field>
        <Field label="From">
          <Input
            type="date"
            value={from}
            max={to}
            required
            onChange={(e) => e.target.value && setFrom(e.target.value)}
          />
        </Field>
        <Field label="To">
          <Input
            type="date"
            value={to}
            min={from}
            required
            onChange={(e) => e.target.value && setTo(e.target.value)}
          />
        </Field>
        <fieldset className="m-0 flex gap-2 border-0 p-0">
          <legend className="sr-only">Quick periods</legend>
          {PRESETS.map((p) => {
            const start = addDays(today, -(p.days - 1));
            const active = from === start && to === today;
            return (
              <Button
                key={p.label}
                variant={active ? "primary" : "secondary"}
                aria-pressed={active}
                onClick={() => {
                  setFrom(start);
                  setTo(today);
                }}
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
              detail={`${stats.totals.walkIns} walk-ins`}
            />
            <Figure
              label="Completed"
              value={stats.totals.byStatus.COMPLETED}
              detail={`${stats.totals.byStatus.CANCELLED} cancelled`}
            />
            <Figure
              label="No-show rate"
              value={pct(stats.noShow.rate)}
              detail={`${stats.noShow.noShows} of ${stats.noShow.noShows + stats.noShow.attended}${stats.noShow.overdueBooked ? ` · ${stats.noShow.overdueBooked} overdue` : ""}`}
            />
            <Figure
              label="Median wait"
              value={mins(stats.wait.experienced.median)}
              detail={`90% within ${mins(stats.wait.experienced.p90)}`}
            />
            <Figure
              label="Came early"
              value={pct(stats.earlyArrival.share)}
              detail={`${stats.earlyArrival.early} of ${stats.earlyArrival.checkedIn} checked in`}
            />
            <Figure
              label="Estimate error"
              value={mins(stats.estimateAccuracy.meanAbsoluteError)}
              detail={
                stats.estimateAccuracy.count === 0
                  ? "no estimate checked yet"
                  : `${pct(stats.estimateAccuracy.within5Minutes)} within 5 min`
              }
            />
          </div>
          <div className="grid gap-4 lg:grid-cols-2">
            <StatusChart stats={stats} />
            <WaitChart stats={stats} />
            <PeakHoursChart stats={stats} />
            <EarlyArrivalChart stats={stats} />
            <AccuracyChart stats={stats} />
            {whole && hospital.data && <ByDoctorTable rows={hospital.data.byDoctor} onPick={setDoctorId} />}
          </div>
        </>
      ) : null}

      <SystemFigures />
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
