"use client";
// The hospital's settings: who and where it is (shown to patients), the languages of the patient
// page, and the numbers the queue runs on; an empty number falls back to the default shown beside it.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useMemo, useState } from "react";
import { toast } from "sonner";
import { LOCALE_NAMES, LOCALES, type Locale } from "../i18n/config";
import { useTRPC } from "../trpc";
import { Banner } from "../ui/banner";
import { Button } from "../ui/button";
import { Card, CardTitle } from "../ui/card";
import { Input } from "../ui/field";
import { Skeleton } from "../ui/skeleton";
import { formErrorsOf } from "./errors";
import { Checkbox, FormField } from "./form-field";
import type { HospitalSettings as Settings } from "./types";

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
  if (settings.isPending) return <Skeleton className="h-96" />;
  if (settings.isError)
    return (
      <Banner tone="bad" role="alert" title="Could not load the settings">
        {settings.error.message}
      </Banner>
    );
  return <SettingsForm key={settings.dataUpdatedAt} settings={settings.data} />;
}

function SettingsForm({ settings }: { settings: Settings }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [draft, setDraft] = useState(() => draftOf(settings));
  const [clientErrors, setClientErrors] = useState<Record<string, string>>({});
  const zones = useMemo(() => Intl.supportedValuesOf("timeZone"), []);
  const save = useMutation(
    trpc.adminHospital.update.mutationOptions({
      onSuccess: async () => {
        toast.success("Hospital settings saved. Open pages follow at once.");
        await queryClient.invalidateQueries({ queryKey: trpc.adminHospital.get.queryKey() });
      },
    }),
  );
  const server = formErrorsOf(save.error);
  const errors = { ...server.fields, ...clientErrors };
  const set = <K extends keyof Draft>(key: K, value: Draft[K]) => setDraft((d) => ({ ...d, [key]: value }));

  function submit() {
    const found: Record<string, string> = {};
    if (!draft.name.trim()) found.name = "Enter the hospital's name.";
    if (!zones.includes(draft.timeZone) && draft.timeZone !== "UTC")
      found.timeZone = "Choose a time zone from the list, such as Europe/London.";
    for (const n of NUMBERS) {
      const text = draft[n.key].trim();
      if (text && !(Number.isInteger(Number(text)) && Number(text) >= 0))
        found[n.key] = "Enter a whole number, or leave it empty for the default.";
    }
    if (draft.languages.length === 0) found.languages = "Offer at least one language.";
    setClientErrors(found);
    if (Object.keys(found).length > 0) return;
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
          <FormField label="Name" error={errors.name}>
            {(c) => (
              <Input
                {...c}
                value={draft.name}
                maxLength={120}
                onChange={(e) => set("name", e.target.value)}
              />
            )}
          </FormField>
          <FormField
            label="Time zone"
            error={errors.timeZone}
            hint="Type to search, such as “London” or “Kolkata”."
          >
            {(c) => (
              <>
                <Input
                  {...c}
                  list={`${c.id}-zones`}
                  value={draft.timeZone}
                  autoComplete="off"
                  spellCheck={false}
                  onChange={(e) => set("timeZone", e.target.value)}
                />
                <datalist id={`${c.id}-zones`}>
                  {zones.map((z) => (
                    <option key={z} value={z} />
                  ))}
                </datalist>
              </>
            )}
          </FormField>
          <FormField label="Address (optional)" error={errors.address} className="md:col-span-2">
            {(c) => (
              <Input
                {...c}
                value={draft.address}
                maxLength={300}
                autoComplete="street-address"
                onChange={(e) => set("address", e.target.value)}
              />
            )}
          </FormField>
          <FormField label="Phone (optional)" error={errors.phone}>
            {(c) => (
              <Input
                {...c}
                type="tel"
                value={draft.phone}
                maxLength={40}
                onChange={(e) => set("phone", e.target.value)}
              />
            )}
          </FormField>
          <FormField label="Map link (optional)" error={errors.mapUrl} hint="A link to the clinic on a map.">
            {(c) => (
              <Input
                {...c}
                type="url"
                inputMode="url"
                placeholder="https://"
                value={draft.mapUrl}
                onChange={(e) => set("mapUrl", e.target.value)}
              />
            )}
          </FormField>
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
              <FormField
                key={n.key}
                label={`${n.label} (${n.unit})`}
                error={errors[n.key]}
                hint={`${n.hint} Empty: ${fallback} ${n.unit}, the default.`}
              >
                {(c) => (
                  <Input
                    {...c}
                    type="number"
                    inputMode="numeric"
                    min={0}
                    step={1}
                    placeholder={String(fallback)}
                    value={draft[n.key]}
                    onChange={(e) => set(n.key, e.target.value)}
                  />
                )}
              </FormField>
            );
          })}
        </div>
      </Card>

      {save.isError && server.message && (
        <Banner tone="bad" role="alert" title="Not saved">
          {server.message}
        </Banner>
      )}
      {Object.keys(clientErrors).length > 0 && (
        <Banner tone="bad" role="alert" title="Not saved">
          Some fields need a change.
        </Banner>
      )}
      <div className="flex justify-end">
        <Button type="submit" variant="primary" disabled={save.isPending}>
          {save.isPending ? "Saving…" : "Save settings"}
        </Button>
      </div>
    </form>
  );
}
