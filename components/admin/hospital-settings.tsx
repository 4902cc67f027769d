"use client";
// The hospital's settings: who and where it is (shown to patients), the languages of the patient
// page, and the numbers the queue runs on; an empty number falls back to the default shown beside it.
import { useMutation, useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { LOCALE_NAMES, LOCALES, type Locale } from "../i18n/config";
import { useTRPC } from "../trpc";
import { Button } from "../ui/button";
import { Card, CardTitle } from "../ui/card";
import { Checkbox, TextField } from "./form-field";
import { FormProblems, HospitalFields, timeZoneProblem, useTimeZones } from "./hospital-fields";
import { QueryState } from "./section";
import type { HospitalSettings as Settings } from "./types";
import { useFormErrors } from "./use-form-errors";
import { useSaved } from "./use-saved";

const NUMBERS = [
  {
    key: "checkInWindowMinutes",
    label: "Check-in window",
    unit: "min",
    hint: "How early a patient may check in.",
  },
  {
    key: "noShowGraceMinutes",
    label: "No-show grace",
    unit: "min",
    hint: "How late a patient may be before the no-show.",
  },
  {
    key: "defaultConsultationMinutes",
    label: "Default consultation",
    unit: "min",
    hint: "For doctors without their own length.",
  },
  {
    key: "trackingLinkHours",
    label: "Tracking-link lifetime",
    unit: "h",
    hint: "How long a patient's link works after their day begins.",
  },
] as const;
type NumberKey = (typeof NUMBERS)[number]["key"];

type Draft = {
  name: string;
  timeZone: string;
  address: string;
  phone: string;
  mapUrl: string;
  languages: Locale[];
} & Record<NumberKey, string>;

function draftOf(s: Settings): Draft {
  return {
    name: s.name,
    timeZone: s.timeZone,
    address: s.address ?? "",
    phone: s.phone ?? "",
    mapUrl: s.mapUrl ?? "",
    // None stored means every language is offered.
    languages: s.languages.length ? LOCALES.filter((l) => s.languages.includes(l)) : [...LOCALES],
    checkInWindowMinutes: s.checkInWindowMinutes?.toString() ?? "",
    noShowGraceMinutes: s.noShowGraceMinutes?.toString() ?? "",
    defaultConsultationMinutes: s.defaultConsultationMinutes?.toString() ?? "",
    trackingLinkHours: s.trackingLinkHours?.toString() ?? "",
  };
}

const numberOrNull = (text: string) => (text.trim() === "" ? null : Number(text));

export function HospitalSettings() {
  const trpc = useTRPC();
  const settings = useQuery(trpc.adminHospital.get.queryOptions());
  return (
    <QueryState query={settings} failTitle="Could not load the settings" skeletonClassName="h-96">
      {(data) => <SettingsForm key={settings.dataUpdatedAt} settings={data} />}
    </QueryState>
  );
}

function SettingsForm({ settings }: { settings: Settings }) {
  const trpc = useTRPC();
  const [draft, setDraft] = useState(() => draftOf(settings));
  const zones = useTimeZones();
  const saved = useSaved(trpc.adminHospital.get.queryKey());
  const save = useMutation(
    trpc.adminHospital.update.mutationOptions({
      onSuccess: () => saved("Hospital settings saved. Open pages follow at once."),
    }),
  );
  const { server, errors, clientErrors, passes } = useFormErrors(save.error);
  const set = <K extends keyof Draft>(key: K, value: Draft[K]) => setDraft((d) => ({ ...d, [key]: value }));

  function submit() {
    const found: Record<string, string> = {};
    if (!draft.name.trim()) found.name = "Enter the hospital's name.";
    const zone = timeZoneProblem(draft.timeZone, zones);
    if (zone) found.timeZone = zone;
    for (const n of NUMBERS) {
      const text = draft[n.key].trim();
      if (text && !(Number.isInteger(Number(text)) && Number(text) >= 0))
        found[n.key] = "Enter a whole number, or leave it empty for the default.";
    }
    if (draft.languages.length === 0) found.languages = "Offer at least one language.";
    if (!passes(found)) return;
    save.mutate({
      name: draft.name.trim(),
      timeZone: draft.timeZone,
      address: draft.address.trim() || null,
      phone: draft.phone.trim() || null,
      mapUrl: draft.mapUrl.trim() || null,
      languages: draft.languages,
      checkInWindowMinutes: numberOrNull(draft.checkInWindowMinutes),
      noShowGraceMinutes: numberOrNull(draft.noShowGraceMinutes),
      defaultConsultationMinutes: numberOrNull(draft.defaultConsultationMinutes),
      trackingLinkHours: numberOrNull(draft.trackingLinkHours),
    });
  }

  return (
    <form
      noValidate
      className="grid gap-4"
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
    >
      <Card className="grid gap-4">
        <CardTitle>The hospital</CardTitle>
        <p className="m-0 -mt-2 text-muted">
          Patients see the name, address, phone and map link on their page.
        </p>
        <div className="grid gap-4 md:grid-cols-2">
          <HospitalFields
            value={draft}
            onChange={set}
            errors={errors}
            zones={zones}
            timeZoneHint="Type to search, such as “London” or “Kolkata”."
            addressClassName="md:col-span-2"
          />
          <TextField
            label="Map link (optional)"
            error={errors.mapUrl}
            hint="A link to the clinic on a map."
            type="url"
            inputMode="url"
            placeholder="https://"
            value={draft.mapUrl}
            onValue={(text) => set("mapUrl", text)}
          />
        </div>
      </Card>

      <Card className="grid gap-2">
        <fieldset
          className="m-0 grid gap-1 border-0 p-0"
          aria-describedby={errors.languages ? "languages-error" : undefined}
        >
          <legend className="p-0 text-lg font-bold">Languages on the patient page</legend>
          <div className="flex flex-wrap gap-x-6">
            {LOCALES.map((locale) => (
              <Checkbox
                key={locale}
                label={LOCALE_NAMES[locale]}
                checked={draft.languages.includes(locale)}
                onChange={(on) =>
                  set(
                    "languages",
                    LOCALES.filter((l) => (l === locale ? on : draft.languages.includes(l))),
                  )
                }
              />
            ))}
          </div>
          {errors.languages && (
            <p id="languages-error" className="m-0 text-sm font-semibold text-bad">
              {errors.languages}
            </p>
          )}
        </fieldset>
      </Card>

      <Card className="grid gap-4">
        <CardTitle>The queue</CardTitle>
        <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-4">
          {NUMBERS.map((n) => {
            const fallback = settings.defaults[n.key];
            return (
              <TextField
                key={n.key}
                label={`${n.label} (${n.unit})`}
                error={errors[n.key]}
                hint={`${n.hint} Empty: ${fallback} ${n.unit}, the default.`}
                type="number"
                inputMode="numeric"
                min={0}
                step={1}
                placeholder={String(fallback)}
                value={draft[n.key]}
                onValue={(text) => set(n.key, text)}
              />
            );
          })}
        </div>
      </Card>

      <FormProblems
        title="Not saved"
        refusal={server.message}
        checksFailed={Object.keys(clientErrors).length > 0}
      />
      <div className="flex justify-end">
        <Button type="submit" variant="primary" disabled={save.isPending}>
          {save.isPending ? "Saving…" : "Save settings"}
        </Button>
      </div>
    </form>
  );
}
