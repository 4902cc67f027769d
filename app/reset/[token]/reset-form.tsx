"use client";
// The new password, twice; refusals at the field (the policy) or above the form (the link).
import { useMutation } from "@tanstack/react-query";
import Link from "next/link";
import { useFormErrors } from "@/components/admin/use-form-errors";
import { NewPasswordFields, useNewPassword } from "@/components/auth/password-fields";
import { useTRPC } from "@/components/trpc";
import { Banner } from "@/components/ui/banner";
import { Button, buttonClasses } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { FormCard } from "@/components/ui/centered-page";

export function ResetForm({ token }: { token: string }) {
  const trpc = useTRPC();
  const typed = useNewPassword();
  const reset = useMutation(trpc.auth.resetWithLink.mutationOptions());
  const { server, errors, passes } = useFormErrors(reset.error);
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
    <FormCard
      label="Set your password"
      onSubmit={() => {
        if (passes(typed.password === typed.repeat ? {} : { repeat: "The two passwords are not the same." }))
          reset.mutate({ token, password: typed.password });
      }}
    >
      {linkProblem && (
        <Banner tone="bad" role="alert" title="This link cannot be used">
          {server.message}
        </Banner>
      )}
      <NewPasswordFields value={typed} errors={errors} />
      {reset.error && !linkProblem && !server.fields.password && (
        <Banner tone="bad" role="alert">
          {server.message}
        </Banner>
      )}
      <Button variant="primary" size="lg" type="submit" disabled={reset.isPending}>
        {reset.isPending ? "Saving…" : "Set password"}
      </Button>
    </FormCard>
  );
}
