"use client";
// A form's errors: the server's (by field, from the last refused mutation) under the form's own
// checks, which are kept from the last submit until the next.
import { useState } from "react";
import { formErrorsOf } from "./errors";

export function useFormErrors(serverError: unknown) {
  const [clientErrors, setClientErrors] = useState<Record<string, string>>({});
  const server = formErrorsOf(serverError);
  return {
    server,
    clientErrors,
    errors: { ...server.fields, ...clientErrors },
    /** Keeps what the form's own checks found; true when nothing was, so the form may be sent. */
    passes(found: Record<string, string>) {
      setClientErrors(found);
      return Object.keys(found).length === 0;
    },
  };
}
