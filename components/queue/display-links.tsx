"use client";
// Each doctor's waiting-room screen link: open it, or show it to copy onto the screen's browser; a
// doctor without one yet gets "Create screen link" (its screen can be revoked from the admin's list).
import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { useTRPC } from "../trpc";
import { Button, buttonClasses } from "../ui/button";
import { Card } from "../ui/card";
import { Dialog } from "../ui/dialog";
import { Field, Input } from "../ui/field";

type DoctorLink = {
  id: string;
  name: string;
  room: string;
  specialty: string | null;
  link: { url: string; path: string } | null;
};
type Link = NonNullable<DoctorLink["link"]>;

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
            <DoctorScreen doctor={d} />
          </Card>
        </li>
      ))}
    </ul>
  );
}

function DoctorScreen({ doctor }: { doctor: DoctorLink }) {
  const trpc = useTRPC();
  const [link, setLink] = useState<Link | null>(doctor.link);
  const create = useMutation(trpc.display.link.mutationOptions({ onSuccess: (made) => setLink(made) }));
  if (!link)
    return (
      <div className="mt-auto grid gap-2">
        <p className="m-0 text-muted">No screen link yet.</p>
        <div>
          <Button
            size="sm"
            variant="primary"
            disabled={create.isPending}
            onClick={() => create.mutate({ doctorId: doctor.id })}
          >
            {create.isPending ? "Creating…" : "Create screen link"}
          </Button>
        </div>
        {create.error && (
          <p role="alert" className="m-0 text-bad">
            {create.error.message}
          </p>
        )}
      </div>
    );
  return (
    <div className="mt-auto flex flex-wrap gap-2">
      <a href={link.path} target="_blank" rel="noreferrer" className={buttonClasses("primary", "sm")}>
        Open screen
      </a>
      <LinkDialog name={doctor.name} url={link.url} />
    </div>
  );
}

function LinkDialog({ name, url }: { name: string; url: string }) {
  const [copied, setCopied] = useState<"yes" | "no" | null>(null);
  return (
    <Dialog
      title={`Screen link for ${name}`}
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
            value={url}
            onFocus={(e) => e.currentTarget.select()}
            className="font-mono text-sm"
          />
        </Field>
        <div className="flex flex-wrap items-center gap-3">
          <Button
            variant="primary"
            onClick={() =>
              navigator.clipboard.writeText(url).then(
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
