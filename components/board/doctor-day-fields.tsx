"use client";
// The doctor and the day of a booking, a walk-in or a reschedule, side by side: one place for both
// fields, so the desk's dialogs ask them the same way. The day is never before today.
import type { ReactNode } from "react";
import { Field, Input, Select } from "../ui/field";

export function DoctorDayFields({
  doctors,
  doctorId,
  date,
  today,
  onDoctor,
  onDate,
  doctorHint,
}: {
  doctors: readonly { id: string; name: string; room?: string }[];
  doctorId: string;
  date: string;
  today: string;
  onDoctor: (doctorId: string) => void;
  onDate: (date: string) => void;
  /** Under the doctor: a hint, or the error about the doctor. */
  doctorHint?: ReactNode;
}) {
  return (
    <div className="grid items-start gap-3 sm:grid-cols-[3fr_2fr]">
      <Field label="Doctor" hint={doctorHint}>
        <Select value={doctorId} onChange={(e) => onDoctor(e.target.value)}>
          {doctors.map((d) => (
            <option key={d.id} value={d.id}>
              {d.room ? `${d.name} · Room ${d.room}` : d.name}
            </option>
          ))}
        </Select>
      </Field>
      <Field label="Day">
        <Input
          type="date"
          value={date}
          min={today}
          required
          onChange={(e) => {
            if (!e.target.value || e.target.value < today) return;
            onDate(e.target.value);
          }}
        />
      </Field>
    </div>
  );
}
