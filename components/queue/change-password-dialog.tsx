"use client";
// "Change password" from the staff header: the current password, the new one twice. This browser
// stays signed in; every other sign-in of the account ends.
import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { formErrorsOf } from "../admin/errors";
import { FormField } from "../admin/form-field";
import { useTRPC } from "../trpc";
import { Banner } from "../ui/banner";
import { Button } from "../ui/button";
import { Dialog } from "../ui/dialog";
import { Input } from "../ui/field";

const PASSWORD_HINT = "At least 10 characters. Not a common password, and not your email or name.";

export function ChangePasswordDialog({ onClose }: { onClose: () => void }) {
  const trpc = useTRPC();
  const [current, setCurrent] = useState("");
  const [next, setNext] = useState("");
  const [repeat, setRepeat] = useState("");
  const [mismatch, setMismatch] = useState<string | null>(null);
  const change = useMutation(trpc.auth.changePassword.mutationOptions());
  const server = formErrorsOf(change.error);
  const placed = Object.keys(server.fields).length > 0;

  return (
    <Dialog open onOpenChange={(open) => !open && onClose()} title="Change password">
      {change.isSuccess ? (
        <div className="grid gap-4">
          <Banner tone="ok" role="status" title="Your password is changed">
            {change.data.endedSessions > 0
              ? "You stay signed in here; your other sign-ins have ended."
              : "You stay signed in here."}
          </Banner>
          <div className="flex justify-end">
            <Button variant="primary" onClick={onClose}>
              Done
            </Button>
          </div>
        </div>
      ) : (
        <form
          className="grid gap-4"
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            if (next !== repeat) {
              setMismatch("The two new passwords are not the same.");
              return;
            }
            setMismatch(null);
            change.mutate({ currentPassword: current, newPassword: next });
          }}
        >
          <FormField label="Current password" error={server.fields.currentPassword}>
            {(control) => (
              <Input
                {...control}
                type="password"
                autoComplete="current-password"
                required
                value={current}
                onChange={(e) => setCurrent(e.target.value)}
              />
            )}
          </FormField>
          <FormField label="New password" hint={PASSWORD_HINT} error={server.fields.newPassword}>
            {(control) => (
              <Input
                {...control}
                type="password"
                autoComplete="new-password"
                required
                value={next}
                onChange={(e) => setNext(e.target.value)}
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
          {change.error && !placed && (
            <Banner tone="bad" role="alert">
              {server.message}
            </Banner>
          )}
          <div className="flex justify-end gap-2">
            <Button onClick={onClose}>Cancel</Button>
            <Button variant="primary" type="submit" disabled={change.isPending}>
              {change.isPending ? "Saving…" : "Change password"}
            </Button>
          </div>
        </form>
      )}
    </Dialog>
  );
}
