// A labelled control with its hint and its error tied to it (aria-describedby, aria-invalid): the
// control comes as a function of those attributes, so any input, select or textarea fits.
import { type InputHTMLAttributes, type ReactNode, useId } from "react";
import { cn } from "../ui/cn";
import { Input } from "../ui/field";

export type ControlProps = { id: string; "aria-describedby"?: string; "aria-invalid"?: true };

export function FormField({
  label,
  hint,
  error,
  className,
  children,
}: {
  label: ReactNode;
  hint?: ReactNode;
  error?: string;
  className?: string;
  children: (control: ControlProps) => ReactNode;
}) {
  const id = useId();
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const describedBy = [error ? errorId : null, hint ? hintId : null].filter(Boolean).join(" ");
  return (
    <div className={cn("grid content-start gap-1", className)}>
      <label htmlFor={id} className="font-semibold text-ink">
        {label}
      </label>
      {children({
        id,
        ...(describedBy ? { "aria-describedby": describedBy } : {}),
        ...(error ? { "aria-invalid": true as const } : {}),
      })}
      {error && (
        <p id={errorId} className="m-0 text-sm font-semibold text-bad">
          {error}
        </p>
      )}
      {hint && (
        <p id={hintId} className="m-0 text-sm text-muted">
          {hint}
        </p>
      )}
    </div>
  );
}

/** A labelled input that hands over its text; the other attributes go to the input. */
export function TextField({
  label,
  hint,
  error,
  onValue,
  ...input
}: Omit<InputHTMLAttributes<HTMLInputElement>, "onChange"> & {
  label: ReactNode;
  hint?: ReactNode;
  error?: string;
  onValue: (text: string) => void;
}) {
  return (
    <FormField label={label} hint={hint} error={error}>
      {(c) => <Input {...c} {...input} onChange={(e) => onValue(e.target.value)} />}
    </FormField>
  );
}

/** The name of what an add-or-edit dialog makes: a doctor, a staff member, a screen, a token. */
export function NameField(props: {
  value: string;
  onValue: (text: string) => void;
  error?: string;
  hint?: string;
  maxLength: number;
}) {
  return <TextField label="Name" autoComplete="off" {...props} />;
}

/** A checkbox with its label beside it, big enough for a thumb. */
export function Checkbox({
  label,
  checked,
  onChange,
  describedBy,
}: {
  label: ReactNode;
  checked: boolean;
  onChange: (checked: boolean) => void;
  describedBy?: string;
}) {
  return (
    <label className="flex min-h-11 items-center gap-2 font-semibold">
      <input
        type="checkbox"
        className="size-5 shrink-0"
        checked={checked}
        aria-describedby={describedBy}
        onChange={(e) => onChange(e.target.checked)}
      />
      {label}
    </label>
  );
}
