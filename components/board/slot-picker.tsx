"use client";
// The slot picker shared by booking and rescheduling: the doctor's slots of a day, ranked by the
// API's suggestions, each with its reason in words; a day off or a day with no hours says so. With
// the doctor and day above it (SlotChoice), it is the whole "when" of both dialogs.
import { useQuery } from "@tanstack/react-query";
import { type ReactNode, useEffect, useId, useRef, useState } from "react";
import { businessNow } from "../business-time";
import { useTRPC } from "../trpc";
import { Banner } from "../ui/banner";
import { Spinner } from "../ui/skeleton";
import { Badge } from "../ui/status-chip";
import { DoctorDayFields } from "./doctor-day-fields";
import { longDate } from "./format";
import { rankSlots, slotReason } from "./slot-reason";
import type { SlotSuggestion, SlotSuggestions } from "./types";

export function SlotPicker({
  doctorId,
  doctorName,
  date,
  value,
  onChange,
  error,
}: {
  doctorId: string;
  doctorName: string;
  date: string;
  /** The chosen slot's label ("10:00"), or null for the best one. */
  value: string | null;
  onChange: (slot: SlotSuggestion | null) => void;
  error?: string;
}) {
  const trpc = useTRPC();
  const suggest = useQuery(trpc.slots.suggest.queryOptions({ doctorId, date }));
  const data = suggest.data as SlotSuggestions | undefined;
  const ranked = rankSlots(data?.suggestions ?? []);
  const open = ranked.filter((s) => s.hasRoom);
  const chosen = ranked.find((s) => s.label === value) ?? open[0] ?? null;
  // Listed in time order, as the walk-in dialog lists them (a desk asked for "around 10" reads down
  // to it); the booking score's favourite is marked "Suggested" and chosen first.
  const suggested = open[0] ?? null;
  const byTime = [...ranked].sort((a, b) => new Date(a.start).getTime() - new Date(b.start).getTime());
  const group = useId();
  const errorId = useId();

  // The parent holds the choice: tell it which slot is in effect when the list (re)loads.
  const report = useRef(onChange);
  report.current = onChange;
  useEffect(() => {
    if (suggest.isSuccess) report.current(chosen);
  }, [suggest.isSuccess, chosen]);

  const noShowRate = data?.rates.noShowRate ?? 0;
  return (
    <fieldset className="m-0 grid gap-2 border-0 p-0" aria-describedby={error ? errorId : undefined}>
      <legend className="mb-1 p-0 font-semibold">Time</legend>
      {suggest.isPending ? (
        <Spinner label="Finding the best times…" />
      ) : suggest.isError ? (
        <Banner tone="bad" role="alert">
          Could not load the times: {suggest.error.message}
        </Banner>
      ) : data?.workingHours.dayOff ? (
        <Banner tone="warn" role="status">
          {doctorName} is off on {longDate(date)}. Choose another day or doctor.
        </Banner>
      ) : !data?.workingDay ? (
        <Banner tone="warn" role="status">
          {doctorName} does not work on {longDate(date)}. Choose another day or doctor.
        </Banner>
      ) : ranked.length === 0 ? (
        <Banner tone="warn" role="status">
          No times left on {longDate(date)} with {doctorName}. Choose another day or doctor.
        </Banner>
      ) : (
        <>
          {open.length === 0 && (
            <Banner tone="warn" role="status">
              Every hour on {longDate(date)} with {doctorName} is full. Choose another day or doctor, or book
              a full hour anyway.
            </Banner>
          )}
          <div className="grid max-h-72 gap-1.5 overflow-auto pr-1" data-testid="slot-picker">
            {byTime.map((s) => {
              const checked = s === chosen;
              const current = new Date(s.start).getTime() <= businessNow();
              return (
                <label
                  key={s.label}
                  className={`flex cursor-pointer items-center gap-3 rounded-[10px] border px-3 py-2 ${
                    checked
                      ? "border-brand bg-brand-soft"
                      : !s.hasRoom
                        ? "border-line bg-canvas hover:bg-white"
                        : "border-line bg-white hover:bg-canvas"
                  }`}
                >
                  <input
                    type="radio"
                    name={group}
                    className="size-5"
                    value={s.label}
                    checked={checked}
                    onChange={() => onChange(s)}
                  />
                  <span className="grid flex-1 gap-0.5">
                    <span className="flex flex-wrap items-center gap-2 font-bold">
                      {s.timeSlot}
                      {current && <span className="font-normal text-muted">(now)</span>}
                      {s === suggested && <Badge tone="ok">Suggested</Badge>}
                      {!s.hasRoom && <Badge tone="warn">Full</Badge>}
                    </span>
                    <span className="text-sm text-muted">{slotReason(s, noShowRate, businessNow())}</span>
                  </span>
                </label>
              );
            })}
          </div>
        </>
      )}
      {error && (
        <p id={errorId} className="m-0 font-semibold text-bad" role="alert">
          {error}
        </p>
      )}
    </fieldset>
  );
}

/** The doctor, day and slot a booking or a reschedule is for; a new doctor or day picks the best slot again. */
export function useSlotChoice(initialDoctorId: string, initialDate: string) {
  const [doctorId, setDoctorId] = useState(initialDoctorId);
  const [date, setDate] = useState(initialDate);
  const [slot, setSlot] = useState<SlotSuggestion | null>(null);
  const [picked, setPicked] = useState<string | null>(null);
  return {
    doctorId,
    date,
    /** The slot in effect (the picked one, else the best), null while none is. */
    slot,
    picked,
    setDoctorId(id: string) {
      setDoctorId(id);
      setPicked(null);
    },
    setDate(day: string) {
      setDate(day);
      setPicked(null);
    },
    choose(s: SlotSuggestion | null) {
      setSlot(s);
      if (s) setPicked(s.label);
    },
  };
}

export type SlotChoice = ReturnType<typeof useSlotChoice>;

/** The doctor and the day side by side, then their slots. */
export function SlotChoiceFields({
  choice,
  doctors,
  today,
  doctorHint,
  error,
}: {
  choice: SlotChoice;
  doctors: readonly { id: string; name: string; room?: string }[];
  today: string;
  doctorHint?: ReactNode;
  error?: string;
}) {
  const doctorName = doctors.find((d) => d.id === choice.doctorId)?.name ?? "the doctor";
  return (
    <>
      <DoctorDayFields
        doctors={doctors}
        doctorId={choice.doctorId}
        date={choice.date}
        today={today}
        onDoctor={choice.setDoctorId}
        onDate={choice.setDate}
        doctorHint={doctorHint}
      />
      <SlotPicker
        doctorId={choice.doctorId}
        doctorName={doctorName}
        date={choice.date}
        value={choice.picked}
        onChange={choice.choose}
        error={error}
      />
    </>
  );
}
