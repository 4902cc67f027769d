"use client";
// The fields a notice to patients is written with, for one doctor's queue (EmergencyDialog) and for
// every queue at once (ClinicNotice): the message, how urgent, the delay added to every estimate and
// how long it shows.
import { Field, Input, Select } from "../ui/field";

/** In order of weight, lowest first. */
export const NOTICE_PRIORITIES = [
  { value: "low", label: "Low" },
  { value: "normal", label: "Normal" },
  { value: "high", label: "High" },
  { value: "critical", label: "Critical" },
] as const;
export type NoticePriority = (typeof NOTICE_PRIORITIES)[number]["value"];

/** How long a notice shows ("": until someone takes it down), in minutes. */
export const NOTICE_EXPIRY = [
  { value: "", label: "Until cleared" },
  { value: "30", label: "30 minutes" },
  { value: "60", label: "1 hour" },
  { value: "120", label: "2 hours" },
  { value: "240", label: "4 hours" },
] as const;

export function NoticeMessageField({
  value,
  onChange,
  placeholder,
}: {
  value: string;
  onChange: (text: string) => void;
  placeholder?: string;
}) {
  return (
    <Field label="Message to patients" hint="Plain words; no patient names.">
      <textarea
        className="min-h-24 w-full rounded-[10px] border border-[#8299a8] bg-white px-3 py-2 text-base text-ink"
        value={value}
        placeholder={placeholder}
        maxLength={500}
        required
        onChange={(e) => onChange(e.target.value)}
      />
    </Field>
  );
}

/** The delay added to every estimate, 0 to 600 minutes in steps of 5. */
export function DelayMinutesField({
  value,
  onChange,
}: {
  value: number;
  onChange: (minutes: number) => void;
}) {
  return (
    <Field label="Delay in minutes">
      <Input
        type="number"
        min={0}
        max={600}
        step={5}
        value={value}
        onChange={(e) => onChange(Math.max(0, Math.min(600, Number(e.target.value) || 0)))}
      />
    </Field>
  );
}

export function PriorityField<P extends NoticePriority>({
  value,
  onChange,
  options,
}: {
  value: P;
  onChange: (priority: P) => void;
  options: readonly { value: P; label: string }[];
}) {
  return (
    <Field label="Priority">
      <Select value={value} onChange={(e) => onChange(e.target.value as P)}>
        {options.map((p) => (
          <option key={p.value} value={p.value}>
            {p.label}
          </option>
        ))}
      </Select>
    </Field>
  );
}

export function ExpiryField({
  value,
  onChange,
  options = NOTICE_EXPIRY,
}: {
  value: string;
  onChange: (minutes: string) => void;
  options?: readonly { value: string; label: string }[];
}) {
  return (
    <Field label="Show for">
      <Select value={value} onChange={(e) => onChange(e.target.value)}>
        {options.map((x) => (
          <option key={x.value} value={x.value}>
            {x.label}
          </option>
        ))}
      </Select>
    </Field>
  );
}
