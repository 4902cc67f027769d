"use client";
// The first run's form: the hospital, its first admin, and the one-time setup code from the server's
// log. On success the admin is signed in and lands on /admin.
import { useMutation } from "@tanstack/react-query";
import { type InputHTMLAttributes, useEffect, useMemo, useState } from "react";
import { formErrorsOf } from "../admin/errors";
import { FormField } from "../admin/form-field";
import { useTRPC } from "../trpc";
import { Banner } from "../ui/banner";
import { Button } from "../ui/button";
import { Card, CardTitle } from "../ui/card";
import { Input } from "../ui/field";

type Draft = {
  setupCode: string;
  hospitalName: string;
  timeZone: string;
  address: string;
  phone: string;
  adminName: string;
  email: string;
  password: string;
};

const EMPTY: Draft = {
  setupCode: "",
  hospitalName: "",
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
  if (!draft.hospitalName.trim()) found["hospital.name"] = "Enter the hospital's name.";
  if (!zones.includes(draft.timeZone) && draft.timeZone !== "UTC")
    found["hospital.timeZone"] = "Choose a time zone from the list, such as Europe/London.";
  if (!draft.adminName.trim()) found["admin.name"] = "Enter your name.";
  if (!/^\S+@\S+\.\S+$/.test(draft.email.trim())) found["admin.email"] = "Enter a valid email address.";
  if ([...draft.password].length < 10) found["admin.password"] = "Use at least 10 characters.";
  return found;
}

export function SetupForm() {
  const trpc = useTRPC();
  const [draft, setDraft] = useState<Draft>(EMPTY);
  const [clientErrors, setClientErrors] = useState<Record<string, string>>({});
  const zones = useMemo(() => Intl.supportedValuesOf("timeZone"), []);
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
  const server = formErrorsOf(complete.error);
  const errors = { ...server.fields, ...clientErrors };
  const set = (key: keyof Draft, value: string) => setDraft((d) => ({ ...d, [key]: value }));
  const busy = complete.isPending || complete.isSuccess;

  function submit() {
    const found = problemsOf(draft, zones);
    setClientErrors(found);
    if (Object.keys(found).length > 0) return;
    complete.mutate({
      setupCode: draft.setupCode,
      hospital: {
        name: draft.hospitalName,
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
        {text("hospitalName", "hospital.name", "Name", { maxLength: 120, autoComplete: "organization" })}
        <FormField
          label="Time zone"
          error={errors["hospital.timeZone"]}
          hint="Type to search, such as “London” or “Kolkata”. Queue days and slots follow it."
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
        {text("address", "hospital.address", "Address (optional)", {
          maxLength: 300,
          autoComplete: "street-address",
        })}
        {text("phone", "hospital.phone", "Phone (optional)", { maxLength: 40, type: "tel" })}
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

      {complete.isError && server.message && (
        <Banner tone="bad" role="alert" title="Not set up yet">
          {server.reason === "SETUP_DONE" ? (
            <>
              {server.message} <a href="/login">Sign in</a>
            </>
          ) : (
            server.message
          )}
        </Banner>
      )}
      {Object.keys(clientErrors).length > 0 && (
        <Banner tone="bad" role="alert" title="Not set up yet">
          Some fields need a change.
        </Banner>
      )}
      <Button variant="primary" size="lg" type="submit" disabled={busy}>
        {busy ? "Setting up…" : "Create the clinic and sign in"}
      </Button>
    </form>
  );
}
