"use client";
// The hospital's doctors, active and not: what each is set up with and when they work; add, edit,
// set hours, deactivate (history is kept) and reactivate.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { toast } from "sonner";
import { useTRPC } from "../trpc";
import { Banner } from "../ui/banner";
import { Button } from "../ui/button";
import { Card } from "../ui/card";
import { Skeleton } from "../ui/skeleton";
import { Badge } from "../ui/status-chip";
import { AdminTable } from "./admin-table";
import { ConfirmDialog } from "./confirm-dialog";
import { DoctorDialog } from "./doctor-dialog";
import { weekSummary } from "./hours";
import { HoursDialog } from "./hours-editor";
import type { AdminDoctor } from "./types";
import { useDialog } from "./use-dialog";

type Open =
  | { kind: "add" }
  | { kind: "edit"; doctor: AdminDoctor }
  | { kind: "hours"; doctor: AdminDoctor }
  | { kind: "active"; doctor: AdminDoctor };

export function DoctorsView({ today }: { today: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const doctors = useQuery(trpc.adminDoctors.list.queryOptions());
  const [open, setOpen] = useDialog<Open>();
  const setActive = useMutation(
    trpc.adminDoctors.update.mutationOptions({
      onSuccess: async (_, input) => {
        toast.success(input.active ? "Doctor reactivated: they take bookings again." : "Doctor deactivated.");
        await queryClient.invalidateQueries({ queryKey: trpc.adminDoctors.list.queryKey() });
        setOpen(null);
      },
    }),
  );
  const close = () => {
    setActive.reset();
    setOpen(null);
  };

  return (
    <Card className="grid gap-4">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h2 className="m-0 text-xl font-bold">Doctors</h2>
        <Button variant="primary" onClick={() => setOpen({ kind: "add" })}>
          Add a doctor
        </Button>
      </div>
      {doctors.isPending ? (
        <Skeleton className="h-48" />
      ) : doctors.isError ? (
        <Banner tone="bad" role="alert" title="Could not load the doctors">
          {doctors.error.message}
        </Banner>
      ) : doctors.data.length === 0 ? (
        <p className="m-0 text-muted">No doctors yet. Add the first one, then set their hours.</p>
      ) : (
        <AdminTable
          caption="Doctors"
          rows={doctors.data}
          rowKey={(d) => d.id}
          muted={(d) => !d.active}
          columns={[
            {
              label: "Doctor",
              cell: (d) => (
                <span>
                  <span className="font-semibold text-ink">{d.name}</span>
                  {d.specialty && <span className="block text-sm text-muted md:block">{d.specialty}</span>}
                </span>
              ),
            },
            { label: "Room", cell: (d) => d.room },
            {
              label: "Consultation",
              cell: (d) =>
                d.learnsPace
                  ? "Learnt from history"
                  : d.consultationMinutes
                    ? `${d.consultationMinutes} min`
                    : "Hospital default",
            },
            { label: "Places per hour", cell: (d) => d.placesPerHour ?? "As many as fit" },
            {
              label: "Hours",
              cell: (d) => (
                <span className="text-sm">
                  {weekSummary(d.periods)}
                  {d.daysOff.some((x) => x.date >= today) && (
                    <span className="block text-muted">
                      {d.daysOff.filter((x) => x.date >= today).length} day(s) off ahead
                    </span>
                  )}
                </span>
              ),
            },
            {
              label: "Status",
              cell: (d) =>
                d.active ? <Badge tone="ok">Active</Badge> : <Badge tone="neutral">Inactive</Badge>,
            },
            {
              label: "Actions",
              actions: true,
              cell: (d) => (
                <span className="flex flex-wrap gap-1.5 md:justify-end">
                  <Button
                    size="sm"
                    onClick={() => setOpen({ kind: "edit", doctor: d })}
                    aria-label={`Edit ${d.name}`}
                  >
                    Edit
                  </Button>
                  <Button
                    size="sm"
                    onClick={() => setOpen({ kind: "hours", doctor: d })}
                    aria-label={`Hours of ${d.name}`}
                  >
                    Hours
                  </Button>
                  <Button
                    size="sm"
                    variant="ghost"
                    onClick={() => setOpen({ kind: "active", doctor: d })}
                    aria-label={`${d.active ? "Deactivate" : "Reactivate"} ${d.name}`}
                  >
                    {d.active ? "Deactivate" : "Reactivate"}
                  </Button>
                </span>
              ),
            },
          ]}
        />
      )}

      {open?.kind === "add" && <DoctorDialog doctor={null} onClose={close} />}
      {open?.kind === "edit" && <DoctorDialog doctor={open.doctor} onClose={close} />}
      {open?.kind === "hours" && <HoursDialog doctor={open.doctor} today={today} onClose={close} />}
      {open?.kind === "active" && (
        <ConfirmDialog
          title={open.doctor.active ? `Deactivate ${open.doctor.name}?` : `Reactivate ${open.doctor.name}?`}
          description={
            open.doctor.active
              ? "They take no new bookings. Their history stays in the statistics, and you can reactivate them later."
              : "They take bookings again in their working hours."
          }
          confirmLabel={open.doctor.active ? "Deactivate" : "Reactivate"}
          pendingLabel="Saving…"
          danger={open.doctor.active}
          pending={setActive.isPending}
          error={setActive.error?.message ?? null}
          onConfirm={() => setActive.mutate({ doctorId: open.doctor.id, active: !open.doctor.active })}
          onClose={close}
        />
      )}
    </Card>
  );
}
