"use client";
// The statistics as charts, each with its numbers beside it (definitions in
// server/domain/statistics.ts).
import {
  Bar,
  BarChart,
  CartesianGrid,
  Cell,
  Legend,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from "recharts";
import type { Statistics } from "@/server/domain/statistics";
import { STATUS_LABEL } from "../ui/status-chip";
import { ChartPanel } from "./figure";
import {
  CHART_COLORS,
  count,
  dash,
  hourLabel,
  mins,
  pct,
  signedMins,
  WAIT_FROM_CHECK_IN,
  WAIT_PAST_APPOINTMENT,
} from "./format";

export type Stats = Statistics;

const axis = { fontSize: 11, fill: "#3b4f5c" };
const grid = <CartesianGrid strokeDasharray="3 3" stroke="#e1e8ed" vertical={false} />;

export function StatusChart({ stats }: { stats: Stats }) {
  const rows = Object.entries(stats.totals.byStatus).map(([status, count]) => ({
    // The status now: "checked in" here is who is waiting at this moment, not everyone who came.
    name:
      status === "CHECKED_IN"
        ? "Checked in, waiting"
        : (STATUS_LABEL[status as keyof typeof STATUS_LABEL] ?? status),
    count,
  }));
  return (
    <ChartPanel
      title="Appointments by status"
      description="Where each appointment stands now."
      empty={stats.totals.appointments === 0 ? "No appointments in this period." : null}
      chart={
        <ResponsiveContainer>
          <BarChart data={rows} accessibilityLayer={false} margin={{ left: -20, right: 8 }}>
            {grid}
            <XAxis dataKey="name" tick={axis} interval={0} angle={-20} textAnchor="end" height={50} />
            <YAxis allowDecimals={false} tick={axis} />
            <Tooltip />
            <Bar dataKey="count" name="Appointments" fill={CHART_COLORS.primary} radius={[4, 4, 0, 0]} />
          </BarChart>
        </ResponsiveContainer>
      }
      numbers={[
        ["Appointments", stats.totals.appointments],
        ...rows.map((r): [string, number] => [r.name, r.count]),
        ["Walk-ins", stats.totals.walkIns],
        ["Urgent", stats.totals.urgent],
      ]}
    />
  );
}

export function WaitChart({ stats }: { stats: Stats }) {
  const w = stats.wait.fromCheckIn;
  const rows = stats.wait.histogram.map((b) => ({ name: `${b.bucket} min`, count: b.count }));
  return (
    <ChartPanel
      title="Wait distribution"
      description={`${WAIT_FROM_CHECK_IN}: how many patients waited how long, from check-in to the start of the consultation. ${WAIT_PAST_APPOINTMENT} counts from the later of check-in and appointment time, so time spent by coming early is left out.`}
      empty={w.count === 0 ? "No finished waits in this period yet." : null}
      chart={
        <ResponsiveContainer>
          <BarChart
            data={rows}
            accessibilityLayer={false}
            margin={{ left: -20, right: 8, bottom: 4 }}
            barCategoryGap={2}
          >
            {grid}
            <XAxis
              dataKey="name"
              tick={axis}
              interval={0}
              tickFormatter={(v: string) => v.replace(" min", "")}
              label={{ value: "minutes from check-in", position: "insideBottom", offset: 2, fontSize: 11 }}
              height={44}
            />
            <YAxis allowDecimals={false} tick={axis} />
            <Tooltip />
            <Bar dataKey="count" name="Patients" fill={CHART_COLORS.primary} radius={[3, 3, 0, 0]} />
          </BarChart>
        </ResponsiveContainer>
      }
      numbers={[
        ["Waits measured", w.count],
        [`${WAIT_FROM_CHECK_IN} (median)`, mins(w.median)],
        ["90% within", mins(w.p90)],
        ["Longest", mins(w.max)],
        [`${WAIT_PAST_APPOINTMENT} (median)`, mins(stats.wait.experienced.median)],
        ["Consultation (median)", mins(stats.consultation.median)],
      ]}
    />
  );
}

export function PeakHoursChart({ stats }: { stats: Stats }) {
  const busy = stats.peakHours.hours.filter((h) => h.bookings > 0 || h.checkIns > 0);
  const first = busy[0]?.hour ?? 8;
  const last = busy.at(-1)?.hour ?? 17;
  const rows = stats.peakHours.hours
    .filter((h) => h.hour >= first && h.hour <= last)
    .map((h) => ({ ...h, label: hourLabel(h.hour) }));
  const { busiestBookingHour, busiestCheckInHour } = stats.peakHours;
  return (
    <ChartPanel
      title="Peak hours"
      description="Booked appointments by slot hour, and check-ins by the hour they happened."
      empty={busy.length === 0 ? "No bookings in this period." : null}
      chart={
        <ResponsiveContainer>
          <BarChart data={rows} accessibilityLayer={false} margin={{ left: -20, right: 8 }}>
            {grid}
            <XAxis dataKey="label" tick={axis} />
            <YAxis allowDecimals={false} tick={axis} />
            <Tooltip />
            <Legend />
            <Bar dataKey="bookings" name="Bookings" fill={CHART_COLORS.primary} radius={[4, 4, 0, 0]} />
            <Bar dataKey="checkIns" name="Check-ins" fill={CHART_COLORS.secondary} radius={[4, 4, 0, 0]} />
          </BarChart>
        </ResponsiveContainer>
      }
      numbers={[
        ["Busiest booking hour", busiestBookingHour === null ? dash : hourLabel(busiestBookingHour)],
        ["Busiest check-in hour", busiestCheckInHour === null ? dash : hourLabel(busiestCheckInHour)],
        ["Bookings", rows.reduce((n, r) => n + r.bookings, 0)],
        ["Check-ins (ever)", rows.reduce((n, r) => n + r.checkIns, 0)],
      ]}
    />
  );
}

export function EarlyArrivalChart({ stats }: { stats: Stats }) {
  const e = stats.earlyArrival;
  const rows = e.buckets.map((b) => ({ name: `${b.bucket} min`, count: b.count }));
  return (
    <ChartPanel
      title="Early arrivals"
      description="Booked patients who checked in before their appointment time, by how early."
      empty={e.checkedIn === 0 ? "Nobody has checked in during this period." : null}
      chart={
        <ResponsiveContainer>
          <BarChart data={rows} accessibilityLayer={false} margin={{ left: -20, right: 8 }}>
            {grid}
            <XAxis dataKey="name" tick={axis} interval={0} />
            <YAxis allowDecimals={false} tick={axis} />
            <Tooltip />
            <Bar dataKey="count" name="Patients" fill={CHART_COLORS.tertiary} radius={[4, 4, 0, 0]} />
          </BarChart>
        </ResponsiveContainer>
      }
      numbers={[
        ["Ever checked in", e.checkedIn],
        ["Came early", `${e.early} (${pct(e.share)})`],
        ["Median, how early", mins(e.minutesEarly.median)],
        ...rows.map((r): [string, number] => [r.name, r.count]),
      ]}
    />
  );
}

export function AccuracyChart({ stats }: { stats: Stats }) {
  const a = stats.estimateAccuracy;
  const within5 = a.within5Minutes ?? 0;
  const within10 = a.within10Minutes ?? 0;
  const rows = [
    { name: "Within 5 min", share: Math.round(within5 * 100) },
    { name: "5–10 min off", share: Math.round((within10 - within5) * 100) },
    { name: "Over 10 min off", share: Math.round((1 - within10) * 100) },
  ];
  const colors = [CHART_COLORS.tertiary, CHART_COLORS.primary, CHART_COLORS.secondary];
  return (
    <ChartPanel
      title="Estimate accuracy"
      description="The start time quoted at check-in against when the consultation really started. The range is the likely range the patient was shown with it, as the page showed it; where it showed none (“about 3 min”) and for quotes from before ranges were stored, the quote ± 5 min, or ± a quarter of the quoted wait when longer."
      empty={
        a.count === 0
          ? a.unquoted > 0
            ? `${count(a.unquoted, "consultation", "consultations")} started without a quoted time (checked in before quotes were recorded), so there is nothing to compare yet.`
            : "No quoted estimate has been followed by a consultation yet."
          : null
      }
      chart={
        <ResponsiveContainer>
          <BarChart data={rows} accessibilityLayer={false} margin={{ left: -20, right: 8 }}>
            {grid}
            <XAxis dataKey="name" tick={axis} interval={0} />
            <YAxis tick={axis} unit="%" domain={[0, 100]} />
            <Tooltip formatter={(v) => `${v}%`} />
            <Bar dataKey="share" name="Patients" radius={[4, 4, 0, 0]}>
              {rows.map((r, i) => (
                <Cell key={r.name} fill={colors[i]} />
              ))}
            </Bar>
          </BarChart>
        </ResponsiveContainer>
      }
      numbers={[
        ["Estimates checked", a.count],
        ["Seen inside their range", pct(a.withinRange)],
        ["Mean error", mins(a.meanAbsoluteError)],
        ["Median error", mins(a.medianAbsoluteError)],
        ["90th pct error", mins(a.p90AbsoluteError)],
        ["Within 5 min", pct(a.within5Minutes)],
        ["Within 10 min", pct(a.within10Minutes)],
        ["Bias (+ = later)", signedMins(a.meanSignedError)],
        ...(a.unquoted > 0 ? [["Started without a quote", a.unquoted] as [string, number]] : []),
        ...(a.rangeAssumed > 0
          ? [["Range assumed (quoted before ranges were stored)", a.rangeAssumed] as [string, number]]
          : []),
      ]}
    />
  );
}
