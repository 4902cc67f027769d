"use client";
// What the admin lists share about a row: its small action buttons, its status (active or not,
// revoked or not) and the confirmations of deactivating or revoking it.
import type { ComponentProps, ReactNode } from "react";
import { Button } from "../ui/button";
import { Badge } from "../ui/status-chip";
import type { Column } from "./admin-table";
import { ConfirmDialog } from "./confirm-dialog";
import { dateTime } from "./format";

/** A row's small button; `label` names the row for screen readers ("Edit Dr Rao"). */
export function RowButton({ label, ...props }: ComponentProps<typeof Button> & { label: string }) {
  return <Button size="sm" aria-label={label} {...props} />;
}

export function ActiveBadge({ active }: { active: boolean }) {
  return active ? <Badge tone="ok">Active</Badge> : <Badge tone="neutral">Inactive</Badge>;
}

/** The status column of a list of doctors or staff: active or not. */
export function activeColumn<Row extends { active: boolean }>(): Column<Row> {
  return { label: "Status", cell: (row) => <ActiveBadge active={row.active} /> };
}

/** The actions column: a row's buttons side by side (wrapping), right-aligned on a desktop. */
export function actionsColumn<Row>(buttons: (row: Row) => ReactNode): Column<Row> {
  return {
    label: "Actions",
    actions: true,
    cell: (row) => <span className="flex flex-wrap gap-1.5 md:justify-end">{buttons(row)}</span>,
  };
}

/** Deactivate an active row, reactivate an inactive one. */
export function ActiveToggle({
  row,
  onClick,
}: {
  row: { name: string; active: boolean };
  onClick: () => void;
}) {
  const verb = row.active ? "Deactivate" : "Reactivate";
  return (
    <RowButton variant="ghost" onClick={onClick} label={`${verb} ${row.name}`}>
      {verb}
    </RowButton>
  );
}

export function ActiveDialog({
  row,
  deactivates,
  reactivates,
  mutation,
  onConfirm,
  onClose,
}: {
  row: { name: string; active: boolean };
  /** What deactivating does, and what reactivating does. */
  deactivates: string;
  reactivates: string;
  mutation: ComponentProps<typeof ConfirmDialog>["mutation"];
  onConfirm: () => void;
  onClose: () => void;
}) {
  const verb = row.active ? "Deactivate" : "Reactivate";
  return (
    <ConfirmDialog
      title={`${verb} ${row.name}?`}
      description={row.active ? deactivates : reactivates}
      confirmLabel={verb}
      pendingLabel="Saving…"
      danger={row.active}
      mutation={mutation}
      onConfirm={onConfirm}
      onClose={onClose}
    />
  );
}

/** A revoked row's status: the badge, and when. */
export function RevokedState({ at, timeZone }: { at: Date | string; timeZone: string }) {
  return (
    <span>
      <Badge tone="neutral">Revoked</Badge>
      <span className="block text-sm">{dateTime(at, timeZone)}</span>
    </span>
  );
}

/** "Revoke?" for a screen link or a token: it stops working at once. */
export function RevokeDialog(
  props: Omit<ComponentProps<typeof ConfirmDialog>, "confirmLabel" | "pendingLabel" | "danger">,
) {
  return <ConfirmDialog confirmLabel="Revoke" pendingLabel="Revoking…" {...props} />;
}

/** The actions column of a list of links or tokens: Revoke, while the row is not revoked yet. */
export function revokeColumn<Row extends { name: string; revokedAt: unknown }>(
  what: string,
  onRevoke: (row: Row) => void,
): Column<Row> {
  return {
    label: "Actions",
    actions: true,
    cell: (row) =>
      row.revokedAt ? null : (
        <RowButton variant="ghost" onClick={() => onRevoke(row)} label={`Revoke the ${what} ${row.name}`}>
          Revoke
        </RowButton>
      ),
  };
}
