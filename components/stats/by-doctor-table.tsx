// The hospital's figures, one row per doctor; a doctor's name opens their own statistics. A table from
// tablet width up, a card per doctor on a phone (no table scrolling sideways with the names out of view).
import type { inferRouterOutputs } from "@trpc/server";
import type { AppRouter } from "@/server/trpc/root";
import { Card } from "../ui/card";
import { mins, pct, WAIT_PAST_APPOINTMENT } from "./format";

type Row = inferRouterOutputs<AppRouter>["stats"]["hospital"]["byDoctor"][number];

const COLUMNS: { label: string; value: (r: Row) => string | number }[] = [
  { label: "Appointments", value: (r) => r.appointments },
  { label: "Completed", value: (r) => r.completed },
  { label: "No-show rate", value: (r) => pct(r.noShowRate) },
  { label: `${WAIT_PAST_APPOINTMENT} (median)`, value: (r) => mins(r.waitMedianMinutes) },
  { label: "Consultation", value: (r) => mins(r.consultationMedianMinutes) },
  { label: "Estimate error", value: (r) => mins(r.estimateMaeMinutes) },
  { label: "Inside range", value: (r) => pct(r.withinRange) },
];

function DoctorButton({ row, onPick }: { row: Row; onPick: (doctorId: string) => void }) {
  return (
    <button
      type="button"
      className="min-h-11 cursor-pointer text-left font-semibold text-brand underline underline-offset-2"
      onClick={() => onPick(row.doctorId)}
    >
      {row.name}
    </button>
  );
}

export function ByDoctorTable({ rows, onPick }: { rows: Row[]; onPick: (doctorId: string) => void }) {
  return (
    <Card aria-labelledby="by-doctor" className="grid gap-3 lg:col-span-2">
      <h2 id="by-doctor" className="m-0 text-lg font-bold">
        By doctor
      </h2>
      <ul className="m-0 grid list-none gap-3 p-0 md:hidden" data-testid="by-doctor-cards">
        {rows.map((r) => (
          <li key={r.doctorId} className="rounded-lg border border-line p-3">
            <DoctorButton row={r} onPick={onPick} />
            <dl className="m-0 mt-1 grid grid-cols-2 gap-x-4 gap-y-1 text-sm">
              {COLUMNS.map((c) => (
                <div key={c.label} className="flex justify-between gap-2 border-b border-line py-1">
                  <dt className="text-muted">{c.label}</dt>
                  <dd className="m-0 font-bold tabular-nums">{c.value(r)}</dd>
                </div>
              ))}
            </dl>
          </li>
        ))}
      </ul>
      <table className="hidden w-full border-collapse text-left md:table">
        <thead>
          <tr className="border-b-2 border-line text-sm text-muted">
            <th scope="col" className="py-2 pr-3 font-semibold">
              Doctor
            </th>
            {COLUMNS.map((c, i) => (
              <th
                key={c.label}
                scope="col"
                className={`py-2 text-right font-semibold ${i < COLUMNS.length - 1 ? "pr-3" : ""}`}
              >
                {c.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody className="tabular-nums">
          {rows.map((r) => (
            <tr key={r.doctorId} className="border-b border-line last:border-0">
              <th scope="row" className="py-1 pr-3 font-semibold">
                <DoctorButton row={r} onPick={onPick} />
              </th>
              {COLUMNS.map((c, i) => (
                <td key={c.label} className={`py-2 text-right ${i < COLUMNS.length - 1 ? "pr-3" : ""}`}>
                  {c.value(r)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </Card>
  );
}
