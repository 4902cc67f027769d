"use client";
// The first run's form: the hospital, its first admin, and the one-time setup code from the server's
// log. On success the admin is signed in and lands on /admin.
import { useMutation } from "@tanstack/react-query";
import { type InputHTMLAttributes, useEffect, useState } from "react";
import { FormField } from "../admin/form-field";
import {
  FormProblems,
  type HospitalBasics,
  HospitalFields,
  timeZoneProblem,
  useTimeZones,
} from "../admin/hospital-fields";
import { useFormErrors } from "../admin/use-form-errors";
import { useTRPC } from "../trpc";
import { Button } from "../ui/button";
import { Card, CardTitle } from "../ui/card";
import { Input } from "../ui/field";

/** The hospital's fields (name, time zone, address, phone), the first admin and the setup code. */
type Draft = HospitalBasics & {
  setupCode: string;
  adminName: string;
  email: string;
  password: string;
};

const EMPTY: Draft = {
  setupCode: "",
  name: "",
  timeZone: "",
  address: "",
  phone: "",
  adminName: "",
  email: "",
  password: "",
};

/** The form's own checks, before anything is sent (the server checks everything again). */
function problemsOf(draft: Draft, zones: readonly string[]): Record<string, string> {
  const found: Record<string, string> = {};
  if (!draft.setupCode.trim()) found.setupCode = "Enter the setup code from the server's log.";
  if (!draft.name.trim()) found["hospital.name"] = "Enter the hospital's name.";
  const zone = timeZoneProblem(draft.timeZone, zones);
  if (zone) found["hospital.timeZone"] = zone;
  if (!draft.adminName.trim()) found["admin.name"] = "Enter your name.";
  if (!/^\S+@\S+\.\S+$/.test(draft.email.trim())) found["admin.email"] = "Enter a valid email address.";
  if ([...draft.password].length < 10) found["admin.password"] = "Use at least 10 characters.";
  return found;
}

export function SetupForm() {
  const trpc = useTRPC();
  const [draft, setDraft] = useState<Draft>(EMPTY);
  const zones = useTimeZones();
  // The browser's own zone as the first guess (after hydration: the server does not know it).
  useEffect(() => {
    const own = Intl.DateTimeFormat().resolvedOptions().timeZone;
    setDraft((d) => (d.timeZone ? d : { ...d, timeZone: own }));
  }, []);
  const complete = useMutation(
    trpc.setup.complete.mutationOptions({
      // A full navigation, so the admin pages open with the new session.
      onSuccess: (result) => window.location.assign(result.next),
    }),
  );
  const { server, errors, clientErrors, passes } = useFormErrors(complete.error);
  const set = (key: keyof Draft, value: string) => setDraft((d) => ({ ...d, [key]: value }));
  const busy = complete.isPending || complete.isSuccess;

  function submit() {
    if (!passes(problemsOf(draft, zones))) return;
    complete.mutate({
      setupCode: draft.setupCode,
      hospital: {
        name: draft.name,
        timeZone: draft.timeZone,
        address: draft.address.trim() || null,
        phone: draft.phone.trim() || null,
      },
      admin: { name: draft.adminName, email: draft.email.trim(), password: draft.password },
    });
  }

  const text = (
    key: keyof Draft,
    field: string,
    label: string,
    props: InputHTMLAttributes<HTMLInputElement> = {},
    hint?: string,
  ) => (
    <FormField label={label} error={errors[field]} hint={hint}>
      {(c) => <Input {...c} {...props} value={draft[key]} onChange={(e) => set(key, e.target.value)} />}
    </FormField>
  );

  return (
    <form
      noValidate
      className="grid gap-4"
      aria-label="Set up the clinic"
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
    >
      <Card className="grid gap-4">
        <CardTitle>The hospital</CardTitle>
        <HospitalFields
          value={draft}
          onChange={set}
          errors={errors}
          errorPrefix="hospital."
          zones={zones}
          timeZoneHint="Type to search, such as “London” or “Kolkata”. Queue days and slots follow it."
          nameAutoComplete="organization"
        />
      </Card>

      <Card className="grid gap-4">
        <CardTitle>You, the first admin</CardTitle>
        {text("adminName", "admin.name", "Your name", { maxLength: 120, autoComplete: "name" })}
        {text("email", "admin.email", "Email", { type: "email", maxLength: 254, autoComplete: "username" })}
        {text(
          "password",
          "admin.password",
          "Password",
          { type: "password", maxLength: 200, autoComplete: "new-password" },
          "At least 10 characters; not a common password, and not your email or name.",
        )}
      </Card>

      <Card className="grid gap-4">
        <CardTitle>Setup code</CardTitle>
        {text(
          "setupCode",
          "setupCode",
          "Setup code",
          { autoComplete: "one-time-code", spellCheck: false, placeholder: "XXXX-XXXX-XXXX-XXXX" },
          "The server printed it in its log at start, on the line with “setup code:”.",
        )}
      </Card>

      <FormProblems
        title="Not set up yet"
        refusal={
          server.reason === "SETUP_DONE" ? (
            <>
              {server.message} <a href="/login">Sign in</a>
            </>
          ) : (
            server.message
          )
        }
        checksFailed={Object.keys(clientErrors).length > 0}
      />
      <Button variant="primary" size="lg" type="submit" disabled={busy}>
        {busy ? "Setting up…" : "Create the clinic and sign in"}
      </Button>
    </form>
  );
}
