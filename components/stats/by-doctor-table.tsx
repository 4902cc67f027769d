// The hospital's figures, one row per doctor; a doctor's name opens their own statistics.
import type { inferRouterOutputs } from "@trpc/server";
import type { AppRouter } from "@/server/trpc/root";
import { Card } from "../ui/card";
import { mins, pct } from "./format";

type Row = inferRouterOutputs<AppRouter>["stats"]["hospital"]["byDoctor"][number];

export function ByDoctorTable({ rows, onPick }: { rows: Row[]; onPick: (doctorId: string) => void }) {
  return (
    <Card aria-labelledby="by-doctor" className="grid gap-3 overflow-x-auto lg:col-span-2">
      <h2 id="by-doctor" className="m-0 text-lg font-bold">
        By doctor
      </h2>
      <table className="w-full min-w-[640px] border-collapse text-left">
        <thead>
          <tr className="border-b-2 border-line text-sm text-muted">
            <th scope="col" className="py-2 pr-3 font-semibold">
              Doctor
            </th>
            <th scope="col" className="py-2 pr-3 text-right font-semibold">
              Appointments
            </th>
            <th scope="col" className="py-2 pr-3 text-right font-semibold">
              Completed
            </th>
            <th scope="col" className="py-2 pr-3 text-right font-semibold">
              No-show rate
            </th>
            <th scope="col" className="py-2 pr-3 text-right font-semibold">
              Median wait
            </th>
            <th scope="col" className="py-2 pr-3 text-right font-semibold">
              Consultation
            </th>
            <th scope="col" className="py-2 text-right font-semibold">
              Estimate error
            </th>
          </tr>
        </thead>
        <tbody className="tabular-nums">
          {rows.map((r) => (
            <tr key={r.doctorId} className="border-b border-line last:border-0">
              <th scope="row" className="py-2 pr-3 font-semibold">
                <button
                  type="button"
                  className="cursor-pointer text-left font-semibold text-brand underline underline-offset-2"
                  onClick={() => onPick(r.doctorId)}
                >
                  {r.name}
                </button>
              </th>
              <td className="py-2 pr-3 text-right">{r.appointments}</td>
              <td className="py-2 pr-3 text-right">{r.completed}</td>
              <td className="py-2 pr-3 text-right">{pct(r.noShowRate)}</td>
              <td className="py-2 pr-3 text-right">{mins(r.waitMedianMinutes)}</td>
              <td className="py-2 pr-3 text-right">{mins(r.consultationMedianMinutes)}</td>
              <td className="py-2 text-right">{mins(r.estimateMaeMinutes)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </Card>
  );
}
