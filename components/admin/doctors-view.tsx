"use client";
// The hospital's doctors, active and not: what each is set up with and when they work; add, edit,
// set hours, deactivate (history is kept) and reactivate.
import { useMutation, useQuery } from "@tanstack/react-query";
import { useTRPC } from "../trpc";
import { Card } from "../ui/card";
import { AdminTable } from "./admin-table";
import { DoctorDialog } from "./doctor-dialog";
import { weekSummary } from "./hours";
import { HoursDialog } from "./hours-editor";
import { ActiveDialog, ActiveToggle, actionsColumn, activeColumn, RowButton } from "./row-actions";
import { QueryState, SectionHeader } from "./section";
import type { AdminDoctor } from "./types";
import { useDialog } from "./use-dialog";
import { useSaved } from "./use-saved";

type Open =
  | { kind: "add" }
  | { kind: "edit"; doctor: AdminDoctor }
  | { kind: "hours"; doctor: AdminDoctor }
  | { kind: "active"; doctor: AdminDoctor };

export function DoctorsView({ today }: { today: string }) {
  const trpc = useTRPC();
  const doctors = useQuery(trpc.adminDoctors.list.queryOptions());
  const [open, setOpen] = useDialog<Open>();
  const saved = useSaved(trpc.adminDoctors.list.queryKey());
  const setActive = useMutation(
    trpc.adminDoctors.update.mutationOptions({
      onSuccess: (_, input) =>
        saved(input.active ? "Doctor reactivated: they take bookings again." : "Doctor deactivated.", () =>
          setOpen(null),
        ),
    }),
  );
  const close = () => setOpen(null);

  return (
    <Card className="grid gap-4">
      <SectionHeader title="Doctors" action="Add a doctor" onAction={() => setOpen({ kind: "add" })} />
      <QueryState
        query={doctors}
        failTitle="Could not load the doctors"
        empty="No doctors yet. Add the first one, then set their hours."
      >
        {(rows) => (
          <AdminTable
            caption="Doctors"
            rows={rows}
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
              activeColumn(),
              actionsColumn<AdminDoctor>((d) => (
                <>
                  <RowButton onClick={() => setOpen({ kind: "edit", doctor: d })} label={`Edit ${d.name}`}>
                    Edit
                  </RowButton>
                  <RowButton
                    onClick={() => setOpen({ kind: "hours", doctor: d })}
                    label={`Hours of ${d.name}`}
                  >
                    Hours
                  </RowButton>
                  <ActiveToggle row={d} onClick={() => setOpen({ kind: "active", doctor: d })} />
                </>
              )),
            ]}
          />
        )}
      </QueryState>

      {open?.kind === "add" && <DoctorDialog doctor={null} onClose={close} />}
      {open?.kind === "edit" && <DoctorDialog doctor={open.doctor} onClose={close} />}
      {open?.kind === "hours" && <HoursDialog doctor={open.doctor} today={today} onClose={close} />}
      {open?.kind === "active" && (
        <ActiveDialog
          row={open.doctor}
          deactivates="They take no new bookings. Their history stays in the statistics, and you can reactivate them later."
          reactivates="They take bookings again in their working hours."
          mutation={setActive}
          onConfirm={() => setActive.mutate({ doctorId: open.doctor.id, active: !open.doctor.active })}
          onClose={close}
        />
      )}
    </Card>
  );
}
