"use client";
// A secret or link shown once, with a copy button that says whether copying worked.
import { useState } from "react";
import { Button } from "../ui/button";
import { cn } from "../ui/cn";
import { controlClasses } from "../ui/field";
import { FormField } from "./form-field";

export function CopySecret({
  label,
  value,
  hint,
  openLabel,
}: {
  label: string;
  value: string;
  hint?: string;
  /** Also offer to open the value as a link in a new tab. */
  openLabel?: string;
}) {
  const [copied, setCopied] = useState<"yes" | "no" | null>(null);
  return (
    <div className="grid gap-2">
      <FormField label={label} hint={hint}>
        {(control) => (
          // A text area, so a long link shows whole (and wraps) on a phone.
          <textarea
            {...control}
            readOnly
            value={value}
            rows={value.length > 120 ? 4 : value.length > 60 ? 3 : 2}
            onFocus={(e) => e.currentTarget.select()}
            className={cn(controlClasses, "resize-none py-2 font-mono text-sm break-all")}
          />
        )}
      </FormField>
      <div className="flex flex-wrap items-center gap-3">
        <Button
          variant="primary"
          onClick={() =>
            navigator.clipboard.writeText(value).then(
              () => setCopied("yes"),
              () => setCopied("no"),
            )
          }
        >
          Copy
        </Button>
        {openLabel && (
          <a href={value} target="_blank" rel="noreferrer" className="font-semibold">
            {openLabel}
          </a>
        )}
        <span role="status" className="text-muted">
          {copied === "yes"
            ? "Copied."
            : copied === "no"
              ? "Could not copy: select the text and copy it."
              : ""}
        </span>
      </div>
    </div>
  );
}
