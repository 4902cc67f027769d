// A table on a tablet or desktop that becomes a stack of cards on a phone (each cell then carries
// its column's name), so nothing scrolls sideways.
import type { ReactNode } from "react";
import { cn } from "../ui/cn";

export type Column<Row> = {
  label: string;
  cell: (row: Row) => ReactNode;
  /** The actions column: no label on a phone, right-aligned on a desktop. (The first column, the
   * row's name, also goes without a label on a phone.) */
  actions?: boolean;
  className?: string;
};

export function AdminTable<Row>({
  caption,
  columns,
  rows,
  rowKey,
  muted,
}: {
  caption: string;
  columns: Column<Row>[];
  rows: readonly Row[];
  rowKey: (row: Row) => string;
  /** Rows shown greyed (inactive, revoked). */
  muted?: (row: Row) => boolean;
}) {
  return (
    <table className="block w-full border-collapse md:table">
      <caption className="sr-only">{caption}</caption>
      <thead className="sr-only md:not-sr-only md:table-header-group">
        <tr>
          {columns.map((c) => (
            <th
              key={c.label}
              scope="col"
              className={cn(
                "border-line border-b px-3 py-2 text-left text-sm font-semibold text-muted",
                c.actions && "text-right",
              )}
            >
              {c.actions ? <span className="sr-only">{c.label}</span> : c.label}
            </th>
          ))}
        </tr>
      </thead>
      <tbody className="grid gap-3 md:table-row-group">
        {rows.map((row) => (
          <tr
            key={rowKey(row)}
            className={cn(
              "grid gap-1.5 rounded-[14px] border border-line bg-white p-3 md:table-row md:rounded-none md:border-0 md:border-b md:p-0",
              muted?.(row) && "bg-canvas text-muted md:bg-canvas",
            )}
          >
            {columns.map((c, i) => (
              <td
                key={c.label}
                className={cn(
                  "block md:table-cell md:border-line md:border-b md:px-3 md:py-2.5 md:align-middle",
                  c.actions && "pt-1 md:text-right",
                  c.className,
                )}
              >
                {!c.actions && i > 0 && (
                  <span className="mr-2 text-sm font-semibold text-muted md:hidden">{c.label}:</span>
                )}
                {c.cell(row)}
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
