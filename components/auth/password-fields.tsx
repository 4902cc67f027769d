// Password inputs of the sign-in, set-password and change-password forms: one that hands over its
// text, and a new password typed twice with the policy as its hint.
import { type InputHTMLAttributes, useState } from "react";
import { TextField } from "../admin/form-field";
import { Input } from "../ui/field";

const PASSWORD_HINT = "At least 10 characters. Not a common password, and not your email or name.";
const NEW_PASSWORD = { type: "password", autoComplete: "new-password", required: true } as const;

export function PasswordInput({
  onValue,
  ...props
}: Omit<InputHTMLAttributes<HTMLInputElement>, "type" | "onChange"> & { onValue: (value: string) => void }) {
  return <Input {...props} type="password" required onChange={(e) => onValue(e.target.value)} />;
}

/** A new password and its repetition, as the fields below type them. */
export function useNewPassword() {
  const [password, setPassword] = useState("");
  const [repeat, setRepeat] = useState("");
  return { password, repeat, setPassword, setRepeat };
}

export function NewPasswordFields({
  value,
  errors,
}: {
  value: ReturnType<typeof useNewPassword>;
  /** The policy's refusal at the first field, "not the same" at the second. */
  errors: { password?: string; repeat?: string };
}) {
  return (
    <>
      <TextField
        label="New password"
        hint={PASSWORD_HINT}
        error={errors.password}
        {...NEW_PASSWORD}
        value={value.password}
        onValue={value.setPassword}
      />
      <TextField
        label="New password again"
        error={errors.repeat}
        {...NEW_PASSWORD}
        value={value.repeat}
        onValue={value.setRepeat}
      />
    </>
  );
}
