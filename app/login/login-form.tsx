"use client";
import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { PasswordInput } from "@/components/auth/password-fields";
import { safeNextPath } from "@/components/safe-next";
import { useTRPC } from "@/components/trpc";
import { Banner } from "@/components/ui/banner";
import { Button } from "@/components/ui/button";
import { FormCard } from "@/components/ui/centered-page";
import { Field, Input } from "@/components/ui/field";

export function LoginForm({ next }: { next: string }) {
  const trpc = useTRPC();
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const login = useMutation(
    trpc.auth.login.mutationOptions({
      // A full navigation, so the live connection opens with the new session; checked again here,
      // whoever rendered the form, so it never leaves this site.
      onSuccess: () => window.location.assign(safeNextPath(next, window.location.origin)),
    }),
  );
  const busy = login.isPending || login.isSuccess;
  return (
    <FormCard label="Sign in" onSubmit={() => login.mutate({ email, password })}>
      <Field label="Email">
        <Input
          type="email"
          autoComplete="username"
          required
          value={email}
          onChange={(e) => setEmail(e.target.value)}
        />
      </Field>
      <Field label="Password">
        <PasswordInput autoComplete="current-password" value={password} onValue={setPassword} />
      </Field>
      {login.error && (
        <Banner tone="bad" role="alert">
          {login.error.message}
        </Banner>
      )}
      <Button variant="primary" size="lg" type="submit" disabled={busy}>
        {busy ? "Signing in…" : "Sign in"}
      </Button>
      <p className="m-0 text-sm text-muted">
        Forgot your password? Your clinic's admin can give you a one-time link to set a new one.
      </p>
    </FormCard>
  );
}
