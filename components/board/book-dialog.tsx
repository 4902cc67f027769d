"use client";
// Booking from the board for today or a later day: the patient, the reason for the visit, the
// doctor, the day and a time from the ranked suggestions; then the tracking link to hand over.
import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { toast } from "sonner";
import { formErrorsOf } from "../admin/errors";
import { businessNow } from "../business-time";
import { useTRPC } from "../trpc";
import {
  BookingDialog,
  type BookingDialogProps,
  BookingSubmit,
  hintOrError,
  NoteField,
  overbooked,
  PatientNameField,
  PhoneField,
  whenText,
} from "./booking-fields";
import { SlotChoiceFields, useSlotChoice } from "./slot-picker";
import { bookingInstant, slotErrorOf } from "./slot-reason";
import { TrackingLinkPanel } from "./tracking-link";
import type { Doctor, RouterOutputs } from "./types";

type Booked = RouterOutputs["appointments"]["create"] & { doctorName: string; patientName: string };

export function BookDialog({
  doctors,
  initialDoctorId,
  date,
  today,
  timeZone,
  hospital,
  onClose,
}: BookingDialogProps & { hospital?: string }) {
  return (
    <BookingDialog<Booked>
      title="Book an appointment"
      descriptionOf={(booked) =>
        booked
          ? `${booked.patientName} with ${booked.doctorName}, ${whenText(booked.date, booked.scheduledAt, timeZone)}.`
          : "For today or a later day. The patient gets a link to follow their place."
      }
      className="w-[min(94vw,640px)]"
      onClose={onClose}
      link={(booked) => (
        <TrackingLinkPanel
          url={booked.trackingUrl}
          ticket={booked.ticket}
          slip={{
            ticket: booked.ticket,
            patientName: booked.patientName,
            doctorName: booked.doctorName,
            when: whenText(booked.date, booked.scheduledAt, timeZone),
            hospital,
          }}
        />
      )}
      form={(onBooked) => (
        <BookForm
          doctors={doctors}
          initialDoctorId={initialDoctorId}
          date={date < today ? today : date}
          today={today}
          onBooked={onBooked}
        />
      )}
    />
  );
}

function BookForm({
  doctors,
  initialDoctorId,
  date: initialDate,
  today,
  onBooked,
}: {
  doctors: Doctor[];
  initialDoctorId: string;
  date: string;
  today: string;
  onBooked: (b: Booked) => void;
}) {
  const trpc = useTRPC();
  const choice = useSlotChoice(initialDoctorId, initialDate);
  const { doctorId, slot } = choice;
  const [patientName, setPatientName] = useState("");
  const [phone, setPhone] = useState("");
  const [note, setNote] = useState("");
  // One key per form: a double submit books once.
  const [idempotencyKey] = useState(() => crypto.randomUUID());
  const doctorName = doctors.find((d) => d.id === doctorId)?.name ?? "the doctor";
  const book = useMutation(
    trpc.appointments.create.mutationOptions({
      onSuccess: (result) => {
        toast.success(`Booked: ticket ${result.ticket} with ${doctorName}.`);
        onBooked({ ...result, doctorName, patientName: patientName.trim() });
      },
    }),
  );
  const errors = formErrorsOf(book.error);
  const f = errors.fields;

  return (
    <form
      className="grid gap-3"
      onSubmit={(e) => {
        e.preventDefault();
        if (!slot || !patientName.trim()) return;
        book.mutate({
          doctorId,
          patientName: patientName.trim(),
          phone: phone.trim() || undefined,
          note: note.trim() || undefined,
          scheduledAt: bookingInstant(slot, businessNow()),
          // A full hour chosen on purpose, or "Book anyway" after the hour filled meanwhile.
          ...(overbooked(e) || !slot.hasRoom ? { overbook: true } : {}),
          idempotencyKey,
        });
      }}
    >
      <div className="grid items-start gap-3 sm:grid-cols-2">
        <PatientNameField value={patientName} onChange={setPatientName} error={f.patientName} />
        <PhoneField value={phone} onChange={setPhone} error={f.phone} />
      </div>
      <NoteField value={note} onChange={setNote} error={f.note} />
      <SlotChoiceFields
        choice={choice}
        doctors={doctors}
        today={today}
        doctorHint={hintOrError(f.doctorId)}
        error={slotErrorOf(errors)}
      />

      <BookingSubmit
        refusal={slotErrorOf(errors) ? null : errors.message}
        pending={book.isPending}
        ready={!!slot && !!patientName.trim()}
        label={slot && !slot.hasRoom ? "Book anyway (full hour)" : "Book"}
        full={errors.reason === "SLOT_FULL"}
      />
    </form>
  );
}
