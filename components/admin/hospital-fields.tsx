"use client";
// The hospital's name, time zone, address and phone: the same fields in the first run's setup and in
// the hospital settings; and the banners of a page form that was not sent or not taken.
import { type ReactNode, useMemo } from "react";
import { Banner } from "../ui/banner";
import { Input } from "../ui/field";
import { FormField } from "./form-field";

export type HospitalBasics = { name: string; timeZone: string; address: string; phone: string };

/** Every time zone the browser knows, for the time zone field's list. */
export function useTimeZones() {
  return useMemo(() => Intl.supportedValuesOf("timeZone"), []);
}

/** The form's own check of a time zone: one from the list, or UTC. */
export function timeZoneProblem(timeZone: string, zones: readonly string[]): string | null {
  return zones.includes(timeZone) || timeZone === "UTC"
    ? null
    : "Choose a time zone from the list, such as Europe/London.";
}

export function HospitalFields({
  value,
  onChange,
  errors,
  errorPrefix = "",
  zones,
  timeZoneHint,
  nameAutoComplete,
  addressClassName,
}: {
  value: HospitalBasics;
  onChange: (key: keyof HospitalBasics, value: string) => void;
  errors: Record<string, string>;
  /** Where the hospital's fields sit in the input, such as "hospital." (the error paths say so). */
  errorPrefix?: string;
  zones: readonly string[];
  timeZoneHint: string;
  nameAutoComplete?: string;
  addressClassName?: string;
}) {
  const errorOf = (key: keyof HospitalBasics) => errors[`${errorPrefix}${key}`];
  return (
    <>
      <FormField label="Name" error={errorOf("name")}>
        {(c) => (
          <Input
            {...c}
            value={value.name}
            maxLength={120}
            autoComplete={nameAutoComplete}
            onChange={(e) => onChange("name", e.target.value)}
          />
        )}
      </FormField>
      <FormField label="Time zone" error={errorOf("timeZone")} hint={timeZoneHint}>
        {(c) => (
          <>
            <Input
              {...c}
              list={`${c.id}-zones`}
              value={value.timeZone}
              autoComplete="off"
              spellCheck={false}
              onChange={(e) => onChange("timeZone", e.target.value)}
            />
            <datalist id={`${c.id}-zones`}>
              {zones.map((z) => (
                <option key={z} value={z} />
              ))}
            </datalist>
          </>
        )}
      </FormField>
      <FormField label="Address (optional)" error={errorOf("address")} className={addressClassName}>
        {(c) => (
          <Input
            {...c}
            value={value.address}
            maxLength={300}
            autoComplete="street-address"
            onChange={(e) => onChange("address", e.target.value)}
          />
        )}
      </FormField>
      <FormField label="Phone (optional)" error={errorOf("phone")}>
        {(c) => (
          <Input
            {...c}
            type="tel"
            value={value.phone}
            maxLength={40}
            onChange={(e) => onChange("phone", e.target.value)}
          />
        )}
      </FormField>
    </>
  );
}

/** The server's refusal, and a note when the form's own checks found something (both can show). */
export function FormProblems({
  title,
  refusal,
  checksFailed,
}: {
  title: string;
  refusal: ReactNode;
  checksFailed: boolean;
}) {
  return (
    <>
      {refusal && (
        <Banner tone="bad" role="alert" title={title}>
          {refusal}
        </Banner>
      )}
      {checksFailed && (
        <Banner tone="bad" role="alert" title={title}>
          Some fields need a change.
        </Banner>
      )}
    </>
  );
}
