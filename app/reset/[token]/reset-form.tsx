"use client";
// The new password, twice; refusals at the field (the policy) or above the form (the link).
import { useMutation } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { formErrorsOf } from "@/components/admin/errors";
import { FormField } from "@/components/admin/form-field";
import { useTRPC } from "@/components/trpc";
import { Banner } from "@/components/ui/banner";
import { Button, buttonClasses } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Input } from "@/components/ui/field";

const PASSWORD_HINT = "At least 10 characters. Not a common password, and not your email or name.";

export function ResetForm({ token }: { token: string }) {
  const trpc = useTRPC();
  const [password, setPassword] = useState("");
  const [repeat, setRepeat] = useState("");
  const [mismatch, setMismatch] = useState<string | null>(null);
  const reset = useMutation(trpc.auth.resetWithLink.mutationOptions());
  const server = formErrorsOf(reset.error);
  const linkProblem = server.reason === "RESET_LINK_INVALID" || server.reason === "RESET_LINK_EXPIRED";

  if (reset.isSuccess)
    return (
      <Card className="grid gap-4 p-5">
        <Banner tone="ok" role="status" title="Your password is set">
          Every earlier sign-in of your account has ended. Sign in with the new password.
        </Banner>
        <Link href="/login" className={buttonClasses("primary", "lg")}>
          Go to sign in
        </Link>
      </Card>
    );

  return (
    <Card
      as="form"
      className="grid gap-4 p-5"
      aria-label="Set your password"
      onSubmit={(e) => {
        e.preventDefault();
        if (password !== repeat) {
          setMismatch("The two passwords are not the same.");
          return;
        }
        setMismatch(null);
        reset.mutate({ token, password });
      }}
    >
      {linkProblem && (
        <Banner tone="bad" role="alert" title="This link cannot be used">
          {server.message}
        </Banner>
      )}
      <FormField label="New password" hint={PASSWORD_HINT} error={server.fields.password}>
        {(control) => (
          <Input
            {...control}
            type="password"
            autoComplete="new-password"
            required
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />
        )}
      </FormField>
      <FormField label="New password again" error={mismatch ?? undefined}>
        {(control) => (
          <Input
            {...control}
            type="password"
            autoComplete="new-password"
            required
            value={repeat}
            onChange={(e) => setRepeat(e.target.value)}
          />
        )}
      </FormField>
      {reset.error && !linkProblem && !server.fields.password && (
        <Banner tone="bad" role="alert">
          {server.message}
        </Banner>
      )}
      <Button variant="primary" size="lg" type="submit" disabled={reset.isPending}>
        {reset.isPending ? "Saving…" : "Set password"}
      </Button>
    </Card>
  );
}
