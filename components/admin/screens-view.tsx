"use client";
// Waiting-room screens, by doctor: each has its own link, so one can be withdrawn (a stolen or
// retired screen) without touching the others; a revoked screen says so at once.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { toast } from "sonner";
import { useTRPC } from "../trpc";
import { Banner } from "../ui/banner";
import { Button } from "../ui/button";
import { Card, CardTitle } from "../ui/card";
import { Dialog } from "../ui/dialog";
import { Input, Select } from "../ui/field";
import { Skeleton } from "../ui/skeleton";
import { Badge } from "../ui/status-chip";
import { AdminTable } from "./admin-table";
import { ConfirmDialog } from "./confirm-dialog";
import { CopySecret } from "./copy-secret";
import { formErrorsOf } from "./errors";
import { FormField } from "./form-field";
import { dateTime } from "./format";
import type { AdminDoctor, Screen } from "./types";
import { useDialog } from "./use-dialog";

export function ScreensView({ timeZone }: { timeZone: string; staffId: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const screens = useQuery(trpc.screens.list.queryOptions());
  const doctors = useQuery(trpc.adminDoctors.list.queryOptions());
  const [creating, setCreating] = useDialog<true>();
  const [revoking, setRevoking] = useDialog<Screen>();
  const revoke = useMutation(
    trpc.screens.revoke.mutationOptions({
      onSuccess: async () => {
        toast.success("Screen revoked: it shows “This screen link was withdrawn”.");
        await queryClient.invalidateQueries({ queryKey: trpc.screens.list.queryKey() });
        setRevoking(null);
      },
    }),
  );
  const doctorList = doctors.data ?? [];
  const groups = doctorList
    .map((d) => ({ doctor: d, screens: (screens.data ?? []).filter((s) => s.doctorId === d.id) }))
    .filter((g) => g.screens.length > 0);

  return (
    <div className="grid gap-4">
      <Card className="flex flex-wrap items-center justify-between gap-2">
        <div>
          <h2 className="m-0 text-xl font-bold">Waiting-room screens</h2>
          <p className="m-0 text-muted">
            A screen shows a doctor's queue by ticket number only. Open its link on the screen's browser.
          </p>
        </div>
        <Button variant="primary" onClick={() => setCreating(true)} disabled={doctorList.length === 0}>
          Add a screen
        </Button>
      </Card>
      {screens.isPending || doctors.isPending ? (
        <Skeleton className="h-48" />
      ) : screens.isError || doctors.isError ? (
        <Banner tone="bad" role="alert" title="Could not load the screens">
          {(screens.error ?? doctors.error)?.message}
        </Banner>
      ) : groups.length === 0 ? (
        <Card>
          <p className="m-0 text-muted">No screens yet. Add one for each waiting room.</p>
        </Card>
      ) : (
        groups.map((g) => (
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
                      <span>
                        <Badge tone="neutral">Revoked</Badge>
                        <span className="block text-sm">{dateTime(s.revokedAt, timeZone)}</span>
                      </span>
                    ) : (
                      <Badge tone="ok">Active</Badge>
                    ),
                },
                {
                  label: "Actions",
                  actions: true,
                  cell: (s) =>
                    s.revokedAt ? null : (
                      <Button
                        size="sm"
                        variant="ghost"
                        onClick={() => setRevoking(s)}
                        aria-label={`Revoke the screen ${s.name}`}
                      >
                        Revoke
                      </Button>
                    ),
                },
              ]}
            />
          </Card>
        ))
      )}
      {creating && (
        <CreateScreenDialog doctors={doctorList} timeZone={timeZone} onClose={() => setCreating(null)} />
      )}
      {revoking && (
        <ConfirmDialog
          title={`Revoke the screen “${revoking.name}”?`}
          description="It stops showing the queue at once and says the link was withdrawn. Add a new screen to show the queue there again."
          confirmLabel="Revoke"
          pendingLabel="Revoking…"
          pending={revoke.isPending}
          error={revoke.error?.message ?? null}
          onConfirm={() => revoke.mutate({ screenId: revoking.id })}
          onClose={() => {
            revoke.reset();
            setRevoking(null);
          }}
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
  const queryClient = useQueryClient();
  const active = doctors.filter((d) => d.active);
  const [doctorId, setDoctorId] = useState(active[0]?.id ?? "");
  const [name, setName] = useState("");
  const [clientErrors, setClientErrors] = useState<Record<string, string>>({});
  const create = useMutation(
    trpc.screens.create.mutationOptions({
      onSuccess: async () => {
        toast.success("Screen added. Open its link on the screen.");
        await queryClient.invalidateQueries({ queryKey: trpc.screens.list.queryKey() });
      },
    }),
  );
  const server = formErrorsOf(create.error);
  const errors = { ...server.fields, ...clientErrors };

  if (create.data)
    return (
      <Dialog open onOpenChange={(o) => !o && onClose()} title={`Screen “${name.trim()}” added`}>
        <div className="grid gap-4">
          <CopySecret
            label="Screen link"
            value={create.data.url}
            openLabel="Open the screen"
            hint={`Open it in the waiting-room screen's browser; it works until ${dateTime(create.data.expiresAt, timeZone)} unless you revoke it. Anyone with the link sees the ticket numbers, so revoke it here if it leaks.`}
          />
          <div className="flex justify-end">
            <Button variant="primary" onClick={onClose}>
              Done
            </Button>
          </div>
        </div>
      </Dialog>
    );

  return (
    <Dialog open onOpenChange={(o) => !o && onClose()} title="Add a screen">
      <form
        noValidate
        className="grid gap-3"
        onSubmit={(e) => {
          e.preventDefault();
          const found: Record<string, string> = {};
          if (!doctorId) found.doctorId = "Choose the doctor whose queue it shows.";
          if (!name.trim()) found.name = "Name the screen after where it hangs.";
          setClientErrors(found);
          if (Object.keys(found).length === 0) create.mutate({ doctorId, name: name.trim() });
        }}
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
        <FormField label="Name" error={errors.name} hint="Such as “Waiting room, ground floor”.">
          {(c) => (
            <Input
              {...c}
              value={name}
              maxLength={80}
              autoComplete="off"
              onChange={(e) => setName(e.target.value)}
            />
          )}
        </FormField>
        {server.message && (
          <Banner tone="bad" role="alert" title="No screen added">
            {server.message}
          </Banner>
        )}
        <div className="flex flex-wrap justify-end gap-2">
          <Button onClick={onClose}>Cancel</Button>
          <Button type="submit" variant="primary" disabled={create.isPending}>
            {create.isPending ? "Adding…" : "Add screen"}
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
