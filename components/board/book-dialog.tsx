"use client";
// Booking from the board for today or a later day: the patient, the reason for the visit, the
// doctor, the day and a time from the ranked suggestions; then the tracking link to hand over.
import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { toast } from "sonner";
import { formErrorsOf } from "../admin/errors";
import { businessNow } from "../business-time";
import { useTRPC } from "../trpc";
import { Banner } from "../ui/banner";
import { Button } from "../ui/button";
import { Dialog } from "../ui/dialog";
import { Field, Input } from "../ui/field";
import { hintOrError, whenText } from "./booking-fields";
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
}: {
  doctors: Doctor[];
  initialDoctorId: string;
  date: string;
  today: string;
  timeZone: string;
  hospital?: string;
  onClose: () => void;
}) {
  const [booked, setBooked] = useState<Booked | null>(null);
  const [round, setRound] = useState(0);
  return (
    <Dialog
      open
      onOpenChange={(open) => !open && onClose()}
      title={booked ? `Ticket ${booked.ticket} booked` : "Book an appointment"}
      description={
        booked
          ? `${booked.patientName} with ${booked.doctorName}, ${whenText(booked.date, booked.scheduledAt, timeZone)}.`
          : "For today or a later day. The patient gets a link to follow their place."
      }
      className="w-[min(94vw,640px)]"
    >
      {booked ? (
        <div className="grid gap-4">
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
          <div className="flex flex-wrap justify-end gap-2">
            <Button
              onClick={() => {
                setBooked(null);
                setRound((n) => n + 1);
              }}
            >
              Book another
            </Button>
            <Button variant="primary" onClick={onClose}>
              Done
            </Button>
          </div>
        </div>
      ) : (
        <BookForm
          key={round}
          doctors={doctors}
          initialDoctorId={initialDoctorId}
          date={date < today ? today : date}
          today={today}
          onBooked={setBooked}
        />
      )}
    </Dialog>
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
          idempotencyKey,
        });
      }}
    >
      <div className="grid items-start gap-3 sm:grid-cols-2">
        <Field label="Patient name" hint={hintOrError(f.patientName)}>
          <Input
            value={patientName}
            onChange={(e) => setPatientName(e.target.value)}
            required
            maxLength={120}
            autoComplete="off"
            aria-invalid={f.patientName ? true : undefined}
          />
        </Field>
        <Field label="Phone (optional)" hint={hintOrError(f.phone, "So the desk can reach them.")}>
          <Input
            value={phone}
            onChange={(e) => setPhone(e.target.value)}
            inputMode="tel"
            autoComplete="off"
            maxLength={32}
            aria-invalid={f.phone ? true : undefined}
          />
        </Field>
      </div>
      <Field label="Reason for the visit (optional)" hint={hintOrError(f.note)}>
        <Input
          value={note}
          onChange={(e) => setNote(e.target.value)}
          maxLength={500}
          autoComplete="off"
          aria-invalid={f.note ? true : undefined}
        />
      </Field>
      <SlotChoiceFields
        choice={choice}
        doctors={doctors}
        today={today}
        doctorHint={hintOrError(f.doctorId)}
        error={slotErrorOf(errors)}
      />

      {errors.message && !slotErrorOf(errors) && (
        <Banner tone="bad" role="alert" title="Not booked">
          {errors.message}
        </Banner>
      )}
      <div className="flex justify-end gap-2">
        <Button type="submit" variant="primary" disabled={book.isPending || !slot || !patientName.trim()}>
          {book.isPending ? "Booking…" : "Book"}
        </Button>
      </div>
    </form>
  );
}
