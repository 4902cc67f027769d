"use client";
// Each doctor's waiting-room screen link: open it, or show it to copy onto the screen's browser.
import { useState } from "react";
import { Button, buttonClasses } from "../ui/button";
import { Card } from "../ui/card";
import { Dialog } from "../ui/dialog";
import { Field, Input } from "../ui/field";

type DoctorLink = {
  id: string;
  name: string;
  room: string;
  specialty: string | null;
  url: string;
  path: string;
};

export function DisplayLinks({ doctors }: { doctors: DoctorLink[] }) {
  if (doctors.length === 0) return <p className="text-muted">No doctors are set up for this hospital yet.</p>;
  return (
    <ul className="m-0 grid list-none gap-3 p-0 sm:grid-cols-2 lg:grid-cols-3">
      {doctors.map((d) => (
        <li key={d.id}>
          <Card className="flex h-full flex-col gap-3">
            <div>
              <h2 className="m-0 text-lg font-bold">{d.name}</h2>
              <p className="m-0 text-muted">
                Room {d.room}
                {d.specialty ? ` · ${d.specialty}` : ""}
              </p>
            </div>
            <div className="mt-auto flex flex-wrap gap-2">
              <a href={d.path} target="_blank" rel="noreferrer" className={buttonClasses("primary", "sm")}>
                Open screen
              </a>
              <LinkDialog doctor={d} />
            </div>
          </Card>
        </li>
      ))}
    </ul>
  );
}

function LinkDialog({ doctor }: { doctor: DoctorLink }) {
  const [copied, setCopied] = useState<"yes" | "no" | null>(null);
  return (
    <Dialog
      title={`Screen link for ${doctor.name}`}
      description="Open this address in the browser of the waiting-room screen, full screen."
      onOpenChange={() => setCopied(null)}
      trigger={
        <Button size="sm" variant="secondary">
          Show link
        </Button>
      }
    >
      <div className="grid gap-3">
        <Field label="Screen address">
          <Input
            readOnly
            value={doctor.url}
            onFocus={(e) => e.currentTarget.select()}
            className="font-mono text-sm"
          />
        </Field>
        <div className="flex flex-wrap items-center gap-3">
          <Button
            variant="primary"
            onClick={() =>
              navigator.clipboard.writeText(doctor.url).then(
                () => setCopied("yes"),
                () => setCopied("no"),
              )
            }
          >
            Copy link
          </Button>
          <span role="status" className="text-muted">
            {copied === "yes"
              ? "Copied."
              : copied === "no"
                ? "Could not copy: select the address and copy it."
                : ""}
          </span>
        </div>
      </div>
    </Dialog>
  );
}
