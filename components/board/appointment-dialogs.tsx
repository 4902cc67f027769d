"use client";
// One appointment's desk dialogs, from a board row or a search match: edit the patient's details,
// record a payment, cancel (after saying what the patient will see) and reschedule to another
// day, time or doctor with the booking's slot picker.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, type ReactNode, useEffect, useState } from "react";
import { toast } from "sonner";
import { formErrorsOf } from "../admin/errors";
import { businessNow } from "../business-time";
import { useTRPC } from "../trpc";
import { Banner } from "../ui/banner";
import { Button } from "../ui/button";
import { Dialog, DialogClose } from "../ui/dialog";
import {
  hintOrError,
  NoteField,
  OverbookButton,
  overbooked,
  PatientNameField,
  PhoneField,
  whenText,
} from "./booking-fields";
import { cancelUndoText, clockTime } from "./format";
import { SlotChoiceFields, useSlotChoice } from "./slot-picker";
import { bookingInstant, slotErrorOf } from "./slot-reason";
import type { RouterInputs } from "./types";
import { UNDO_WINDOW_MS } from "./use-live-board";

/** What the dialogs need of an appointment (a board row with its doctor and day, or a search match). */
export type AppointmentRef = {
  appointmentId: string;
  ticket: number;
  patientName: string;
  /** undefined: not known here (a board row has no phone); the edit dialog looks it up. */
  phone?: string | null;
  note?: string | null;
  doctor: { id: string; name: string };
  date: string;
  scheduledAt: Date | string;
};

export type AppointmentDialogKind = "edit" | "payment" | "cancel" | "reschedule" | "late";

type Props = {
  appointment: AppointmentRef;
  timeZone: string;
  today: string;
  /** The Toaster that reports the result (the header's search has its own; the board's has none). */
  toasterId?: string;
  /** The board cancels through its queue actions (optimistic, with Undo): the dialog only confirms. */
  onConfirmCancel?: () => void;
  onClose: () => void;
};

export function AppointmentDialog({ kind, ...props }: Props & { kind: AppointmentDialogKind }) {
  if (kind === "edit") return <EditDialog {...props} />;
  if (kind === "payment") return <PaymentDialog {...props} />;
  if (kind === "cancel") return <CancelDialog {...props} />;
  if (kind === "late") return <RunningLateDialog {...props} />;
  return <RescheduleDialog {...props} />;
}

/** Search results hold copies of appointments: after a change, read them again. */
function useRefreshSearch() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: trpc.appointments.search.pathKey() });
}

const firstName = (name: string) => name.trim().split(/\s+/)[0] ?? name;

/** What every dialog does once its change is made: say so, read search results again, close. */
function useDone(toasterId: string | undefined, onClose: () => void) {
  const refresh = useRefreshSearch();
  return (message: string) => {
    toast.success(message, { toasterId });
    void refresh();
    onClose();
  };
}

type DeskDialogProps = {
  title: string;
  description: string;
  onClose: () => void;
  onSubmit: (e: FormEvent<HTMLFormElement>) => void;
  /** Why the change was not made (null: nothing to say, or a field says it), under this banner title. */
  failure?: { title: string; message: string | null | undefined };
  /** The main button: its label, and its label while the change is on its way. */
  submit: { label: string; pendingLabel: string; pending: boolean; disabled?: boolean; danger?: boolean };
  closeLabel?: string;
  /** A second way to submit, between Close and the main button (Move anyway). */
  alternative?: ReactNode;
  className?: string;
  children?: ReactNode;
};

/** A desk dialog's frame: what it is about, its fields, why it failed, Close and the action. */
function DeskDialog(p: DeskDialogProps) {
  return (
    <Dialog
      open
      onOpenChange={(open) => !open && p.onClose()}
      title={p.title}
      description={p.description}
      className={p.className}
    >
      <form
        className="grid gap-3"
        onSubmit={(e) => {
          e.preventDefault();
          p.onSubmit(e);
        }}
      >
        {p.children}
        {p.failure?.message && (
          <Banner tone="bad" role="alert" title={p.failure.title}>
            {p.failure.message}
          </Banner>
        )}
        <div className="flex flex-wrap justify-end gap-2">
          <DialogClose asChild>
            <Button>{p.closeLabel ?? "Close"}</Button>
          </DialogClose>
          {p.alternative}
          <Button
            type="submit"
            variant={p.submit.danger ? "danger" : "primary"}
            disabled={p.submit.pending || p.submit.disabled}
          >
            {p.submit.pending ? p.submit.pendingLabel : p.submit.label}
          </Button>
        </div>
      </form>
    </Dialog>
  );
}

function EditDialog({ appointment: a, toasterId, timeZone, onClose }: Props) {
  const trpc = useTRPC();
  const done = useDone(toasterId, onClose);
  const [patientName, setPatientName] = useState(a.patientName);
  const [phone, setPhone] = useState(a.phone ?? "");
  const [phoneTyped, setPhoneTyped] = useState(false);
  const [note, setNote] = useState(a.note ?? "");
  // A board row carries no phone (every staff screen gets the rows live): ask for the one on file.
  const details = useQuery(
    trpc.appointments.details.queryOptions(
      { appointmentId: a.appointmentId },
      { enabled: a.phone === undefined, staleTime: 0 },
    ),
  );
  const fetched = details.data?.phone;
  useEffect(() => {
    if (fetched !== undefined && !phoneTyped) setPhone(fetched ?? "");
  }, [fetched, phoneTyped]);
  /** The number on file; undefined while it is not known (then only a typed number is sent). */
  const onFile = a.phone !== undefined ? a.phone : fetched;
  const update = useMutation(
    trpc.appointments.update.mutationOptions({
      onSuccess: () => done(`Saved ${patientName.trim()}'s details.`),
    }),
  );
  const errors = formErrorsOf(update.error);
  const f = errors.fields;
  const changed = {
    patientName: patientName.trim() !== a.patientName ? patientName.trim() : undefined,
    // Unknown before (undefined): only what was typed is sent. Emptied: the phone is removed.
    phone: phone.trim() !== (onFile ?? "") ? phone.trim() : undefined,
    note: note.trim() !== (a.note ?? "") ? note.trim() : undefined,
  };
  const nothing = Object.values(changed).every((v) => v === undefined);
  return (
    <DeskDialog
      title={`Edit ticket ${a.ticket}`}
      description={`${a.doctor.name}, ${whenText(a.date, a.scheduledAt, timeZone)}`}
      onClose={onClose}
      onSubmit={() => {
        if (nothing || !patientName.trim()) return;
        update.mutate({ appointmentId: a.appointmentId, ...changed });
      }}
      failure={{ title: "Not saved", message: Object.keys(f).length === 0 ? errors.message : null }}
      submit={{
        label: "Save",
        pendingLabel: "Saving…",
        pending: update.isPending,
        disabled: nothing || !patientName.trim(),
      }}
    >
      <PatientNameField value={patientName} onChange={setPatientName} error={f.patientName} />
      <PhoneField
        label="Phone"
        hint={
          onFile !== undefined
            ? "Empty removes the number."
            : details.isFetching
              ? "Looking up the number on file…"
              : "Left as it is unless you type a number."
        }
        value={phone}
        onChange={(value) => {
          setPhoneTyped(true);
          setPhone(value);
        }}
        error={f.phone}
      />
      <NoteField label="Reason for the visit" value={note} onChange={setNote} error={f.note} />
    </DeskDialog>
  );
}

function PaymentDialog({ appointment: a, toasterId, timeZone, onClose }: Props) {
  const trpc = useTRPC();
  const done = useDone(toasterId, onClose);
  const [idempotencyKey] = useState(() => crypto.randomUUID());
  const pay = useMutation(
    trpc.appointments.recordPayment.mutationOptions({
      onSuccess: () => done(`Payment recorded for ${a.patientName}.`),
    }),
  );
  return (
    <DeskDialog
      title="Record a payment"
      description={`${a.patientName}, ticket ${a.ticket}: ${a.doctor.name}, ${whenText(a.date, a.scheduledAt, timeZone)}. Paid patients are seen first within their hour.`}
      onClose={onClose}
      onSubmit={() => pay.mutate({ appointmentId: a.appointmentId, idempotencyKey })}
      failure={{ title: "Not recorded", message: pay.error?.message }}
      submit={{ label: "Record payment", pendingLabel: "Recording…", pending: pay.isPending }}
    />
  );
}

const LATE_CHOICES = [10, 15, 20, 30, 45, 60] as const;

/** The patient phoned to say they are running late: their estimate and no-show grace follow. */
function RunningLateDialog({ appointment: a, toasterId, timeZone, onClose }: Props) {
  const trpc = useTRPC();
  const done = useDone(toasterId, onClose);
  const [minutes, setMinutes] = useState<number>(15);
  const late = useMutation(
    trpc.queue.runningLate.mutationOptions({ onSuccess: (result) => done(result.message) }),
  );
  return (
    <DeskDialog
      title={`${firstName(a.patientName)} is running late`}
      description={`Ticket ${a.ticket}, ${whenText(a.date, a.scheduledAt, timeZone)}. Their expected time moves, and they are not marked a no-show before they said they come (plus the usual grace).`}
      onClose={onClose}
      onSubmit={() => late.mutate({ appointmentId: a.appointmentId, minutes })}
      failure={{ title: "Not recorded", message: late.error?.message }}
      submit={{ label: "Running late", pendingLabel: "Saving…", pending: late.isPending }}
    >
      <fieldset className="m-0 flex flex-wrap gap-2 border-0 p-0">
        <legend className="mb-1 p-0 font-semibold">About how late?</legend>
        {LATE_CHOICES.map((m) => (
          <label
            key={m}
            className={`flex min-h-11 cursor-pointer items-center gap-2 rounded-[10px] border px-3 ${
              m === minutes ? "border-brand bg-brand-soft" : "border-line bg-white"
            }`}
          >
            <input
              type="radio"
              name="late-minutes"
              className="size-5"
              checked={m === minutes}
              onChange={() => setMinutes(m)}
            />
            {m} min
          </label>
        ))}
      </fieldset>
    </DeskDialog>
  );
}

function CancelDialog({ appointment: a, toasterId, timeZone, today, onConfirmCancel, onClose }: Props) {
  const trpc = useTRPC();
  const done = useDone(toasterId, onClose);
  const [idempotencyKey] = useState(() => crypto.randomUUID());
  const cancel = useMutation(
    trpc.appointments.cancel.mutationOptions({
      onSuccess: () => done(`Cancelled ${a.patientName}'s appointment.`),
    }),
  );
  const at = clockTime(a.scheduledAt, timeZone);
  const day = a.date === today ? "" : ` on ${whenText(a.date, a.scheduledAt, timeZone).split(" · ")[0]}`;
  return (
    <DeskDialog
      title={`Cancel ${firstName(a.patientName)}'s ${at} appointment${day}?`}
      description={`Ticket ${a.ticket} with ${a.doctor.name}. Their tracking link will say it was cancelled. ${cancelUndoText(onConfirmCancel ? UNDO_WINDOW_MS : null)}`}
      onClose={onClose}
      onSubmit={() => {
        if (!onConfirmCancel) return cancel.mutate({ appointmentId: a.appointmentId, idempotencyKey });
        onConfirmCancel();
        onClose();
      }}
      failure={{ title: "Not cancelled", message: cancel.error?.message }}
      closeLabel="Keep it"
      submit={{
        label: "Cancel appointment",
        pendingLabel: "Cancelling…",
        pending: cancel.isPending,
        danger: true,
      }}
    />
  );
}

function RescheduleDialog({ appointment: a, toasterId, timeZone, today, onClose }: Props) {
  const trpc = useTRPC();
  const done = useDone(toasterId, onClose);
  const queryClient = useQueryClient();
  const doctors = useQuery(trpc.queue.doctors.queryOptions());
  const choice = useSlotChoice(a.doctor.id, a.date < today ? today : a.date);
  const { doctorId, date, slot } = choice;
  const [idempotencyKey] = useState(() => crypto.randomUUID());
  const list = doctors.data ?? [a.doctor];
  const doctorName = list.find((d) => d.id === doctorId)?.name ?? a.doctor.name;
  const move = useMutation(
    trpc.appointments.reschedule.mutationOptions({
      onSuccess: (moved) => {
        const other = moved.date !== a.date || moved.doctorId !== a.doctor.id;
        // The days it left and joined: the board and the doctor's week read them again.
        void queryClient.invalidateQueries({ queryKey: trpc.queue.pathKey() });
        void queryClient.invalidateQueries({ queryKey: trpc.slots.pathKey() });
        done(
          `${a.patientName} moved to ${doctorName}, ${whenText(moved.date, moved.scheduledAt, timeZone)}${
            other ? ` · ticket ${moved.ticket}` : ""
          }.`,
        );
      },
    }),
  );
  const errors = formErrorsOf(move.error);
  const slotError = slotErrorOf(errors);
  return (
    <DeskDialog
      title={`Reschedule ticket ${a.ticket}`}
      description={`${a.patientName}: now ${a.doctor.name}, ${whenText(a.date, a.scheduledAt, timeZone)}. Another day or doctor gives a new ticket; their tracking link follows the new time.`}
      className="w-[min(94vw,640px)]"
      onClose={onClose}
      onSubmit={(e) => {
        if (!slot) return;
        // Typed as the procedure's input: a target the API does not take fails the type check.
        const input: RouterInputs["appointments"]["reschedule"] = {
          appointmentId: a.appointmentId,
          scheduledAt: bookingInstant(slot, businessNow()),
          ...(doctorId === a.doctor.id ? {} : { doctorId }),
          ...(overbooked(e) || !slot.hasRoom ? { overbook: true } : {}),
          idempotencyKey,
        };
        move.mutate(input);
      }}
      failure={{
        title: "Not moved",
        message: !slotError && !errors.fields.doctorId ? errors.message : null,
      }}
      alternative={
        errors.reason === "SLOT_FULL" && <OverbookButton label="Move anyway" pending={move.isPending} />
      }
      submit={{
        label: slot && !slot.hasRoom ? "Move anyway (full hour)" : "Reschedule",
        pendingLabel: "Moving…",
        pending: move.isPending,
        disabled: !slot || !date,
      }}
    >
      <SlotChoiceFields
        choice={choice}
        doctors={list}
        today={today}
        doctorHint={hintOrError(errors.fields.doctorId)}
        error={slotError}
      />
    </DeskDialog>
  );
}
