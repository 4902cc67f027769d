// The estimate's accuracy per doctor and day: mean error against the real start, and the share of
// patients seen inside the range they were quoted. A table from tablet width up, cards on a phone.
import type { Statistics } from "@/server/domain/statistics";
import { Card } from "../ui/card";
import { count, mins, pct, shortDate, signedMins } from "./format";

export type AccuracyRow = {
  date: string;
  doctorId: string;
  name: string;
  checked: number;
  unquoted: number;
  meanAbsoluteError: number | null;
  meanSignedError: number | null;
  withinRange: number | null;
  /** Judged for "inside range" by the older rule: quoted before likely ranges were stored. */
  rangeAssumed?: number;
};

const COLUMNS: { label: string; value: (r: AccuracyRow) => string | number }[] = [
  { label: "Checked", value: (r) => r.checked },
  { label: "Mean error", value: (r) => mins(r.meanAbsoluteError) },
  { label: "Bias (+ = later)", value: (r) => signedMins(r.meanSignedError) },
  { label: "Inside range", value: (r) => `${pct(r.withinRange)}${r.rangeAssumed ? "*" : ""}` },
];

export function AccuracyTable({ rows, period }: { rows: AccuracyRow[]; period: Statistics["period"] }) {
  const label = (r: AccuracyRow) => `${r.name} · ${shortDate(r.date)}`;
  return (
    <Card aria-labelledby="accuracy-by-day" className="grid gap-3 lg:col-span-2">
      <div>
        <h2 id="accuracy-by-day" className="m-0 text-lg font-bold">
          Estimate accuracy by doctor and day
        </h2>
        <p className="m-0 text-sm text-muted">
          Each day a doctor started consultations, {period.from === period.to ? "today" : "in this period"}.
        </p>
      </div>
      {rows.length === 0 ? (
        <p className="m-0 rounded-lg bg-canvas px-3 py-6 text-center text-muted">
          No consultation has started in this period yet.
        </p>
      ) : (
        <>
          <ul className="m-0 grid list-none gap-3 p-0 md:hidden">
            {rows.map((r) => (
              <li key={`${r.date}-${r.doctorId}`} className="rounded-lg border border-line p-3">
                <p className="m-0 font-semibold">{label(r)}</p>
                <dl className="m-0 mt-1 grid grid-cols-2 gap-x-4 gap-y-1 text-sm">
                  {COLUMNS.map((c) => (
                    <div key={c.label} className="flex justify-between gap-2 border-b border-line py-1">
                      <dt className="text-muted">{c.label}</dt>
                      <dd className="m-0 font-bold tabular-nums">{c.value(r)}</dd>
                    </div>
                  ))}
                </dl>
                {r.unquoted > 0 && (
                  <p className="m-0 mt-1 text-sm text-muted">
                    {count(r.unquoted, "consultation", "consultations")} without a quote
                  </p>
                )}
              </li>
            ))}
          </ul>
          <table className="hidden w-full border-collapse text-left md:table">
            <thead>
              <tr className="border-b-2 border-line text-sm text-muted">
                <th scope="col" className="py-2 pr-3 font-semibold">
                  Day
                </th>
                <th scope="col" className="py-2 pr-3 font-semibold">
                  Doctor
                </th>
                {COLUMNS.map((c) => (
                  <th key={c.label} scope="col" className="py-2 pr-3 text-right font-semibold">
                    {c.label}
                  </th>
                ))}
                <th scope="col" className="py-2 text-right font-semibold">
                  Without a quote
                </th>
              </tr>
            </thead>
            <tbody className="tabular-nums">
              {rows.map((r) => (
                <tr key={`${r.date}-${r.doctorId}`} className="border-b border-line last:border-0">
                  <td className="py-2 pr-3">{shortDate(r.date)}</td>
                  <th scope="row" className="py-2 pr-3 font-semibold">
                    {r.name}
                  </th>
                  {COLUMNS.map((c) => (
                    <td key={c.label} className="py-2 pr-3 text-right">
                      {c.value(r)}
                    </td>
                  ))}
                  <td className="py-2 text-right">{r.unquoted}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {rows.some((r) => r.rangeAssumed) && (
            <p className="m-0 text-sm text-muted">
              * Some of these patients were quoted before their likely range was stored:{" "}
              {count(
                rows.reduce((n, r) => n + (r.rangeAssumed ?? 0), 0),
                "visit is",
                "visits are",
              )}{" "}
              judged against the quote ± 5 min, or ± a quarter of the quoted wait when longer.
            </p>
          )}
        </>
      )}
    </Card>
  );
}
