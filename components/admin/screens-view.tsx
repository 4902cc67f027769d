"use client";
// Waiting-room screens, by doctor: each has its own link, so one can be withdrawn (a stolen or
// retired screen) without touching the others; a revoked screen says so at once.
import { useMutation, useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useTRPC } from "../trpc";
import { Card, CardTitle } from "../ui/card";
import { Select } from "../ui/field";
import { AdminTable } from "./admin-table";
import { CopySecret } from "./copy-secret";
import { FormDialog } from "./form-dialog";
import { FormField, NameField } from "./form-field";
import { dateTime } from "./format";
import { ActiveBadge, RevokeDialog, RevokedState, revokeColumn } from "./row-actions";
import { QueryState, SectionHeader } from "./section";
import type { AdminDoctor, Screen } from "./types";
import { useDialog } from "./use-dialog";
import { useFormErrors } from "./use-form-errors";
import { useSaved } from "./use-saved";

export function ScreensView({ timeZone }: { timeZone: string; staffId: string }) {
  const trpc = useTRPC();
  const screens = useQuery(trpc.screens.list.queryOptions());
  const doctors = useQuery(trpc.adminDoctors.list.queryOptions());
  const [creating, setCreating] = useDialog<true>();
  const [revoking, setRevoking] = useDialog<Screen>();
  const saved = useSaved(trpc.screens.list.queryKey());
  const revoke = useMutation(
    trpc.screens.revoke.mutationOptions({
      onSuccess: () =>
        saved("Screen revoked: it shows “This screen link was withdrawn”.", () => setRevoking(null)),
    }),
  );
  const doctorList = doctors.data ?? [];
  const groups = doctorList
    .map((d) => ({ doctor: d, screens: (screens.data ?? []).filter((s) => s.doctorId === d.id) }))
    .filter((g) => g.screens.length > 0);

  return (
    <div className="grid gap-4">
      <Card>
        <SectionHeader
          title="Waiting-room screen links"
          description="Add a screen's link or withdraw one (a lost or retired screen). A screen shows a doctor's queue by ticket number only; open its link on the screen's browser, or from Screens in the header."
          action="Add a screen"
          onAction={() => setCreating(true)}
          actionDisabled={doctorList.length === 0}
        />
      </Card>
      <QueryState
        query={{
          isPending: screens.isPending || doctors.isPending,
          error: screens.error ?? doctors.error,
          data: groups,
        }}
        failTitle="Could not load the screens"
        empty={
          <Card>
            <p className="m-0 text-muted">No screens yet. Add one for each waiting room.</p>
          </Card>
        }
      >
        {(rows) =>
          rows.map((g) => (
            <Card key={g.doctor.id} className="grid gap-3" aria-labelledby={`screens-${g.doctor.id}`}>
              <CardTitle id={`screens-${g.doctor.id}`}>
                {g.doctor.name} <span className="font-normal text-muted">· Room {g.doctor.room}</span>
              </CardTitle>
              <AdminTable
                caption={`Screens of ${g.doctor.name}`}
                rows={g.screens}
                rowKey={(s) => s.id}
                muted={(s) => !!s.revokedAt}
                columns={[
                  { label: "Screen", cell: (s) => <span className="font-semibold text-ink">{s.name}</span> },
                  { label: "Created", cell: (s) => dateTime(s.createdAt, timeZone) },
                  {
                    label: "Last seen",
                    cell: (s) => (s.lastSeenAt ? dateTime(s.lastSeenAt, timeZone) : "Never"),
                  },
                  {
                    label: "Status",
                    cell: (s) =>
                      s.revokedAt ? (
                        <RevokedState at={s.revokedAt} timeZone={timeZone} />
                      ) : (
                        <ActiveBadge active />
                      ),
                  },
                  revokeColumn<Screen>("screen", setRevoking),
                ]}
              />
            </Card>
          ))
        }
      </QueryState>
      {creating && (
        <CreateScreenDialog doctors={doctorList} timeZone={timeZone} onClose={() => setCreating(null)} />
      )}
      {revoking && (
        <RevokeDialog
          title={`Revoke the screen “${revoking.name}”?`}
          description="It stops showing the queue at once and says the link was withdrawn. Add a new screen to show the queue there again."
          mutation={revoke}
          onConfirm={() => revoke.mutate({ screenId: revoking.id })}
          onClose={() => setRevoking(null)}
        />
      )}
    </div>
  );
}

function CreateScreenDialog({
  doctors,
  timeZone,
  onClose,
}: {
  doctors: AdminDoctor[];
  timeZone: string;
  onClose: () => void;
}) {
  const trpc = useTRPC();
  const active = doctors.filter((d) => d.active);
  const [doctorId, setDoctorId] = useState(active[0]?.id ?? "");
  const [name, setName] = useState("");
  const saved = useSaved(trpc.screens.list.queryKey());
  const create = useMutation(
    trpc.screens.create.mutationOptions({
      onSuccess: () => saved("Screen added. Open its link on the screen."),
    }),
  );
  const { errors, passes } = useFormErrors(create.error);

  return (
    <FormDialog
      title={create.data ? `Screen “${name.trim()}” added` : "Add a screen"}
      onClose={onClose}
      onSubmit={() => {
        const found: Record<string, string> = {};
        if (!doctorId) found.doctorId = "Choose the doctor whose queue it shows.";
        if (!name.trim()) found.name = "Name the screen after where it hangs.";
        if (passes(found)) create.mutate({ doctorId, name: name.trim() });
      }}
      mutation={create}
      problemTitle="No screen added"
      submitLabel="Add screen"
      pendingLabel="Adding…"
      done={
        create.data && (
          <CopySecret
            label="Screen link"
            value={create.data.url}
            openLabel="Open the screen"
            hint={`Open it in the waiting-room screen's browser; it works until ${dateTime(create.data.expiresAt, timeZone)} unless you revoke it. Anyone with the link sees the ticket numbers, so revoke it here if it leaks.`}
          />
        )
      }
    >
      <FormField label="Doctor" error={errors.doctorId}>
        {(c) => (
          <Select {...c} value={doctorId} onChange={(e) => setDoctorId(e.target.value)}>
            {active.map((d) => (
              <option key={d.id} value={d.id}>
                {d.name} · Room {d.room}
              </option>
            ))}
          </Select>
        )}
      </FormField>
      <NameField
        value={name}
        onValue={setName}
        error={errors.name}
        hint="Such as “Waiting room, ground floor”."
        maxLength={80}
      />
    </FormDialog>
  );
}
