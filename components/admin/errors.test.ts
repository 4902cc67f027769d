import { describe, expect, it } from "vitest";
import { formErrorsOf } from "./errors";

describe("formErrorsOf", () => {
  it("places zod issues at their full paths, as init.ts's formatter writes them", () => {
    const errors = formErrorsOf({
      message: "weekly.2.end: The end must be after the start.; name: Too long",
      data: {
        reason: "BAD_REQUEST",
        zodError: { fieldErrors: { weekly: ["The end must be after the start."], name: ["Too long"] } },
      },
    });
    expect(errors.fields).toEqual({ "weekly.2.end": "The end must be after the start.", name: "Too long" });
    expect(errors.reason).toBe("BAD_REQUEST");
    expect(errors.message).toBe("Some fields need a change.");
  });

  it("falls back to zod's first-level field errors when the message names no path", () => {
    const errors = formErrorsOf({
      message: "Invalid input",
      data: { reason: "BAD_REQUEST", zodError: { fieldErrors: { email: ["Enter a valid email address."] } } },
    });
    expect(errors.fields).toEqual({ email: "Enter a valid email address." });
  });

  it("places a domain refusal about one field at that field (the formatter sends it as a field error)", () => {
    const message = "This is the hospital's last active admin: make someone else an admin first.";
    const errors = formErrorsOf({
      message,
      data: { reason: "LAST_ADMIN", zodError: { fieldErrors: { role: [message] } } },
    });
    expect(errors.fields).toEqual({ role: message });
    expect(errors.reason).toBe("LAST_ADMIN");
  });

  it("keeps a domain refusal as one message with its reason", () => {
    const errors = formErrorsOf({
      message: "Another active admin is needed first.",
      data: { reason: "LAST_ADMIN", zodError: null },
    });
    expect(errors).toEqual({
      fields: {},
      reason: "LAST_ADMIN",
      message: "Another active admin is needed first.",
    });
  });

  it("does not take a colon in a domain message for a field", () => {
    const errors = formErrorsOf({
      message: "Note: the link expired.",
      data: {
        reason: "RESET_LINK_EXPIRED",
        zodError: { fieldErrors: { token: ["Note: the link expired."] } },
      },
    });
    expect(errors.fields).toEqual({ token: "Note: the link expired." });
  });

  it("has nothing to say without an error", () => {
    expect(formErrorsOf(null)).toEqual({ fields: {}, reason: null, message: null });
  });
});
