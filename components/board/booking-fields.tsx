"use client";
// Form pieces shared by booking, the walk-in and the row dialogs: the patient's name, phone and the
// reason for the visit, a field's error under it, the slip text, and the booking dialogs' frame.
import { Fragment, type ReactNode, useState } from "react";
import { Banner } from "../ui/banner";
import { Button } from "../ui/button";
import { Dialog } from "../ui/dialog";
import { Field, Input } from "../ui/field";
import { clockTime, longDate } from "./format";
import type { Doctor } from "./types";

/** A field's hint, or its error in words (announced when it appears). */
export function hintOrError(error: string | undefined, hint?: ReactNode): ReactNode {
  if (!error) return hint;
  return (
    <span role="alert" className="font-semibold text-bad">
      {error}
    </span>
  );
}

/** "Thursday 12 March · 10:00". */
export function whenText(date: string, scheduledAt: Date | string, timeZone: string): string {
  return `${longDate(date)} · ${clockTime(scheduledAt, timeZone)}`;
}

/** The patient's name, required. */
export function PatientNameField({
  value,
  onChange,
  error,
}: {
  value: string;
  onChange: (name: string) => void;
  error?: string;
}) {
  return (
    <Field label="Patient name" hint={hintOrError(error)}>
      <Input
        value={value}
        onChange={(e) => onChange(e.target.value)}
        required
        maxLength={120}
        autoComplete="off"
        aria-invalid={error ? true : undefined}
      />
    </Field>
  );
}

/** The patient's phone; optional when booking ("So the desk can reach them."). */
export function PhoneField({
  label = "Phone (optional)",
  hint = "So the desk can reach them.",
  value,
  onChange,
  error,
}: {
  label?: string;
  hint?: ReactNode;
  value: string;
  onChange: (phone: string) => void;
  error?: string;
}) {
  return (
    <Field label={label} hint={hintOrError(error, hint)}>
      <Input
        value={value}
        onChange={(e) => onChange(e.target.value)}
        inputMode="tel"
        autoComplete="off"
        maxLength={32}
        aria-invalid={error ? true : undefined}
      />
    </Field>
  );
}

/** The reason for the visit (staff only; never on the patient's page or the display). */
export function NoteField({
  label = "Reason for the visit (optional)",
  value,
  onChange,
  error,
}: {
  label?: string;
  value: string;
  onChange: (note: string) => void;
  error?: string;
}) {
  return (
    <Field label={label} hint={hintOrError(error)}>
      <Input
        value={value}
        onChange={(e) => onChange(e.target.value)}
        maxLength={500}
        autoComplete="off"
        aria-invalid={error ? true : undefined}
      />
    </Field>
  );
}

/** What the board hands a booking dialog: its doctors, the doctor and day it opens on, and today. */
export type BookingDialogProps = {
  doctors: Doctor[];
  initialDoctorId: string;
  /** The board's day (a past one opens on today). */
  date: string;
  today: string;
  timeZone: string;
  onClose: () => void;
};

/** The end of a booking form: why it was not booked (if it was refused), then the submit button. */
/** The form was sent with "Book anyway" (the plain submit was refused: SLOT_FULL). */
export function overbooked(e: { nativeEvent: Event }): boolean {
  return (e.nativeEvent as SubmitEvent).submitter?.getAttribute("name") === "overbook";
}

/** "Book anyway": sends the form again with `overbook` (read with `overbooked`). */
export function OverbookButton({ label, pending }: { label: string; pending: boolean }) {
  return (
    <Button type="submit" name="overbook" value="1" disabled={pending}>
      {label}
    </Button>
  );
}

export function BookingSubmit({
  refusal,
  pending,
  ready,
  label,
  full = false,
}: {
  /** The refusal to show here (null: none, or it is shown at its field). */
  refusal: string | null;
  pending: boolean;
  /** Everything the booking needs is filled in. */
  ready: boolean;
  label: string;
  /** The slot was full (SLOT_FULL): offer to book anyway. */
  full?: boolean;
}) {
  return (
    <>
      {refusal && (
        <Banner tone="bad" role="alert" title="Not booked">
          {refusal}
        </Banner>
      )}
      <div className="flex justify-end gap-2">
        {full && <OverbookButton label="Book anyway" pending={pending} />}
        <Button type="submit" variant="primary" disabled={pending || !ready}>
          {pending ? "Booking…" : label}
        </Button>
      </div>
    </>
  );
}

/**
 * A booking dialog (an appointment, a walk-in): the form, then the booking's tracking link with
 * "Book another" (a fresh form) and "Done".
 */
export function BookingDialog<B extends { ticket: number }>({
  title,
  descriptionOf,
  className,
  onClose,
  form,
  link,
}: {
  /** The form's title; once booked the title names the ticket. */
  title: string;
  /** The form's description (null), or what was booked. */
  descriptionOf: (booked: B | null) => string;
  className: string;
  onClose: () => void;
  form: (onBooked: (booked: B) => void) => ReactNode;
  link: (booked: B) => ReactNode;
}) {
  const [booked, setBooked] = useState<B | null>(null);
  const [round, setRound] = useState(0);
  return (
    <Dialog
      open
      onOpenChange={(open) => !open && onClose()}
      title={booked ? `Ticket ${booked.ticket} booked` : title}
      description={descriptionOf(booked)}
      className={className}
    >
      {booked ? (
        <div className="grid gap-4">
          {link(booked)}
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
        <Fragment key={round}>{form(setBooked)}</Fragment>
      )}
    </Dialog>
  );
}
