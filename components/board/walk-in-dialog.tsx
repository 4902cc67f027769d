"use client";
// Walk-in booking at the desk: the patient's name, the doctor, a slot picked from the suggestions;
// then the tracking link to hand over, as text and QR code.
import { useMutation, useQuery } from "@tanstack/react-query";
import { useId, useState } from "react";
import { toast } from "sonner";
import { businessDate, businessNow } from "../business-time";
import { useTRPC } from "../trpc";
import { Banner } from "../ui/banner";
import { Spinner } from "../ui/skeleton";
import { Badge } from "../ui/status-chip";
import {
  BookingDialog,
  type BookingDialogProps,
  BookingSubmit,
  PatientNameField,
  PhoneField,
} from "./booking-fields";
import { DoctorDayFields } from "./doctor-day-fields";
import { clockTime, longDate } from "./format";
import { seenAround, waitText, walkInChoice } from "./slot-reason";
import { TrackingLinkPanel } from "./tracking-link";
import type { Doctor, RouterOutputs, SlotSuggestion, SlotSuggestions } from "./types";

type Booked = RouterOutputs["queue"]["walkIn"] & { doctorName: string; date: string };

export function WalkInDialog({
  doctors,
  initialDoctorId,
  date,
  today,
  timeZone,
  onClose,
}: BookingDialogProps) {
  return (
    <BookingDialog<Booked>
      title="Book a walk-in"
      descriptionOf={(booked) =>
        booked
          ? `${booked.doctorName}${booked.date === today ? "" : ` on ${longDate(booked.date)}`} at ${clockTime(booked.scheduledAt, timeZone)} · ${
              booked.status === "CHECKED_IN" ? "checked in, waiting" : "booked, check in on arrival"
            }${booked.position ? ` · position ${booked.position}` : ""}.`
          : "The patient is added to the doctor's queue and gets a link to follow their place."
      }
      className="w-[min(94vw,600px)]"
      onClose={onClose}
      link={(booked) => <TrackingLinkPanel url={booked.trackingUrl} ticket={booked.ticket} />}
      form={(onBooked) => (
        <WalkInForm
          doctors={doctors}
          initialDoctorId={initialDoctorId}
          date={date < today ? today : date}
          today={today}
          timeZone={timeZone}
          onBooked={onBooked}
        />
      )}
    />
  );
}

function WalkInForm({
  doctors,
  initialDoctorId,
  date: initialDate,
  today,
  timeZone,
  onBooked,
}: {
  doctors: Doctor[];
  initialDoctorId: string;
  date: string;
  today: string;
  timeZone: string;
  onBooked: (b: Booked) => void;
}) {
  const trpc = useTRPC();
  const [doctorId, setDoctorId] = useState(initialDoctorId);
  const [date, setDate] = useState(initialDate);
  const [patientName, setPatientName] = useState("");
  const [phone, setPhone] = useState("");
  const [paid, setPaid] = useState(false);
  const [urgent, setUrgent] = useState(false);
  const [slot, setSlot] = useState<string | null>(null);
  // One key per form: a double submit books once.
  const [idempotencyKey] = useState(() => crypto.randomUUID());
  const suggest = useQuery(trpc.slots.suggest.queryOptions({ doctorId, date }));
  const suggestions = (suggest.data as SlotSuggestions | undefined)?.suggestions ?? [];
  // The patient is here: the slot where they are seen soonest, not the booking score's favourite.
  const best = walkInChoice(suggestions, businessNow());
  const chosen = suggestions.find((s) => s.label === slot) ?? best;
  const byTime = [...suggestions].sort((a, b) => new Date(a.start).getTime() - new Date(b.start).getTime());
  const doctorName = doctors.find((d) => d.id === doctorId)?.name ?? "the doctor";
  const book = useMutation(
    trpc.queue.walkIn.mutationOptions({
      onSuccess: (result) => {
        toast.success(`Walk-in booked: ticket ${result.ticket} with ${doctorName}.`);
        onBooked({ ...result, doctorName, date });
      },
    }),
  );
  const slotGroup = useId();

  return (
    <form
      className="grid gap-3"
      onSubmit={(e) => {
        e.preventDefault();
        if (!chosen || !patientName.trim()) return;
        // In the hour that is under way the patient is booked for now, not the top of the hour.
        const current = new Date(chosen.start).getTime() <= businessNow();
        book.mutate({
          doctorId,
          date,
          time: current ? undefined : chosen.label,
          patientName: patientName.trim(),
          phone: phone.trim() || undefined,
          paid,
          priority: urgent ? "URGENT" : "NORMAL",
          idempotencyKey,
        });
      }}
    >
      <PatientNameField value={patientName} onChange={setPatientName} />
      <PhoneField value={phone} onChange={setPhone} />
      <DoctorDayFields
        doctors={doctors}
        doctorId={doctorId}
        date={date}
        today={today}
        onDoctor={(id) => {
          setDoctorId(id);
          setSlot(null);
        }}
        onDate={(day) => {
          setDate(day);
          setSlot(null);
        }}
      />

      <fieldset className="m-0 grid gap-2 border-0 p-0">
        <legend className="mb-1 p-0 font-semibold">Slot</legend>
        {suggest.isPending ? (
          <Spinner label="Finding the best slots…" />
        ) : suggest.isError ? (
          <Banner tone="bad" role="alert">
            Could not load the slots: {suggest.error.message}
          </Banner>
        ) : byTime.length === 0 ? (
          <Banner tone="warn" role="status">
            No slots left on this day for {doctorName}. Choose another day or doctor.
          </Banner>
        ) : (
          <div className="grid max-h-64 gap-1.5 overflow-auto pr-1">
            {byTime.map((s) => (
              <SlotOption
                key={s.label}
                name={slotGroup}
                suggestion={s}
                best={s === best}
                checked={s === chosen}
                onChoose={() => setSlot(s.label)}
                timeZone={timeZone}
                urgent={urgent}
              />
            ))}
          </div>
        )}
      </fieldset>

      <div className="flex flex-wrap gap-x-6 gap-y-2">
        <label className="flex min-h-11 items-center gap-2 font-semibold">
          <input
            type="checkbox"
            className="size-5"
            checked={paid}
            onChange={(e) => setPaid(e.target.checked)}
          />
          Paid at the desk
        </label>
        <label className="flex min-h-11 items-center gap-2 font-semibold">
          <input
            type="checkbox"
            className="size-5"
            checked={urgent}
            onChange={(e) => setUrgent(e.target.checked)}
          />
          Urgent
        </label>
      </div>

      <BookingSubmit
        refusal={book.error?.message ?? null}
        pending={book.isPending}
        ready={!!chosen && !!patientName.trim()}
        label="Book walk-in"
      />
    </form>
  );
}

function SlotOption({
  name,
  suggestion: s,
  best,
  checked,
  onChoose,
  timeZone,
  urgent,
}: {
  name: string;
  suggestion: SlotSuggestion;
  best: boolean;
  checked: boolean;
  onChoose: () => void;
  timeZone: string;
  urgent: boolean;
}) {
  const started = new Date(s.start).getTime() <= businessNow();
  const free = Math.max(0, s.capacity - s.currentAppointments);
  return (
    <label
      className={`flex cursor-pointer items-center gap-3 rounded-[10px] border px-3 py-2 ${
        checked ? "border-brand bg-brand-soft" : "border-line bg-white hover:bg-canvas"
      }`}
    >
      <input type="radio" name={name} className="size-5" checked={checked} onChange={onChoose} />
      <span className="grid flex-1 gap-0.5">
        <span className="flex flex-wrap items-center gap-2 font-bold">
          {s.timeSlot}
          {best && <Badge tone="ok">Suggested</Badge>}
          {!s.hasRoom && <Badge tone="warn">Full</Badge>}
        </span>
        <span className="text-sm text-muted">
          {s.currentAppointments} booked of {s.capacity} · {free} free ·{" "}
          {urgent
            ? // Rule 3: an urgent patient comes before every normal one, so the estimate for a
              // normal walk-in would mislead the desk reading it out.
              started
              ? "urgent: seen before every patient waiting who is not urgent"
              : "urgent: seen before every patient not urgent, once they come"
            : `seen around ${clockTime(new Date(seenAround(s, businessNow())), timeZone)}`}
          {!urgent && s.estimatedWaitTime > 0 ? ` (${waitText(s.estimatedWaitTime, started)})` : ""}
          {new Date(s.start).getTime() <= businessNow()
            ? ` · now (${clockTime(businessDate(), timeZone)})`
            : ""}
        </span>
      </span>
    </label>
  );
}
