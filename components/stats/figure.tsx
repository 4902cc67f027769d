// Building blocks of the statistics page: a headline number, and a chart with its numbers beside it.
import type { ReactNode } from "react";
import { Card } from "../ui/card";
import { cn } from "../ui/cn";

export function Figure({
  label,
  value,
  detail,
  testId,
}: {
  label: string;
  value: ReactNode;
  detail?: ReactNode;
  testId?: string;
}) {
  return (
    <Card as="div" className="grid content-start gap-0.5" data-testid={testId}>
      <span className="text-sm font-semibold text-muted">{label}</span>
      <span className="text-3xl font-extrabold text-ink tabular-nums">{value}</span>
      {detail && <span className="text-sm text-muted">{detail}</span>}
    </Card>
  );
}

/** A titled chart with a small table of its numbers beside it (the table is what screen readers use). */
export function ChartPanel({
  title,
  description,
  chart,
  numbers,
  empty,
  className,
}: {
  title: string;
  description?: string;
  chart: ReactNode;
  numbers: [string, ReactNode][];
  empty?: string | null;
  className?: string;
}) {
  const id = `chart-${title.toLowerCase().replace(/[^a-z0-9]+/g, "-")}`;
  return (
    <Card aria-labelledby={id} className={cn("grid gap-3", className)} data-testid={id}>
      <div>
        <h2 id={id} className="m-0 text-lg font-bold">
          {title}
        </h2>
        {description && <p className="m-0 text-sm text-muted">{description}</p>}
      </div>
      {empty ? (
        <p className="m-0 rounded-lg bg-canvas px-3 py-6 text-center text-muted">{empty}</p>
      ) : (
        <div className="grid items-center gap-4 md:grid-cols-[minmax(0,1fr)_210px]">
          <div aria-hidden className="h-56 min-w-0">
            {chart}
          </div>
          <table className="w-full border-collapse text-sm">
            <caption className="sr-only">{title}</caption>
            <tbody>
              {numbers.map(([label, value]) => (
                <tr key={label} className="border-b border-line last:border-0">
                  <th scope="row" className="py-1.5 pr-2 text-left font-normal text-muted">
                    {label}
                  </th>
                  <td className="py-1.5 text-right font-bold whitespace-nowrap tabular-nums">{value}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Card>
  );
}
