"use client";
// "Change password" from the staff header: the current password, the new one twice. This browser
// stays signed in; every other sign-in of the account ends.
import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { FormDialog } from "../admin/form-dialog";
import { FormField } from "../admin/form-field";
import { useFormErrors } from "../admin/use-form-errors";
import { NewPasswordFields, PasswordInput, useNewPassword } from "../auth/password-fields";
import { useTRPC } from "../trpc";
import { Banner } from "../ui/banner";

export function ChangePasswordDialog({ onClose }: { onClose: () => void }) {
  const trpc = useTRPC();
  const [current, setCurrent] = useState("");
  const typed = useNewPassword();
  const change = useMutation(trpc.auth.changePassword.mutationOptions());
  const { server, errors, passes } = useFormErrors(change.error);
  const placed = Object.keys(server.fields).length > 0;

  return (
    <FormDialog
      title="Change password"
      formClassName="grid gap-4"
      onClose={onClose}
      onSubmit={() => {
        if (
          passes(typed.password === typed.repeat ? {} : { repeat: "The two new passwords are not the same." })
        )
          change.mutate({ currentPassword: current, newPassword: typed.password });
      }}
      mutation={change}
      problem={!placed && server.message}
      submitLabel="Change password"
      done={
        change.isSuccess && (
          <Banner tone="ok" role="status" title="Your password is changed">
            {change.data.endedSessions > 0
              ? "You stay signed in here; your other sign-ins have ended."
              : "You stay signed in here."}
          </Banner>
        )
      }
    >
      <FormField label="Current password" error={errors.currentPassword}>
        {(control) => (
          <PasswordInput {...control} autoComplete="current-password" value={current} onValue={setCurrent} />
        )}
      </FormField>
      <NewPasswordFields value={typed} errors={{ password: errors.newPassword, repeat: errors.repeat }} />
    </FormDialog>
  );
}
