"use client";
// A notice to every doctor's queue of today at once (a fire drill, a system outage): reception and
// admins. Each queue takes it on its own; the toast says which queues refused, if any.
import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { toast } from "sonner";
import { useTRPC } from "../trpc";
import { Button } from "../ui/button";
import { Dialog } from "../ui/dialog";
import {
  DelayMinutesField,
  ExpiryField,
  NOTICE_EXPIRY,
  NOTICE_PRIORITIES,
  NoticeMessageField,
  PriorityField,
} from "./notice-fields";

type Result = { changed: number; failed: { doctorName: string; message: string }[] };

function report(r: Result, done: (n: number) => string) {
  if (r.failed.length === 0) toast.success(done(r.changed));
  else
    toast.warning(
      `${done(r.changed)} Not for ${r.failed.map((f) => `${f.doctorName} (${f.message})`).join(", ")}.`,
      { duration: 15_000 },
    );
}
const queues = (n: number) => `${n} ${n === 1 ? "queue" : "queues"}`;

/** A clinic-wide notice is never "low", and shows for at most 2 hours unless cleared. */
const CLINIC_PRIORITIES = NOTICE_PRIORITIES.filter((p) => p.value !== "low");
type ClinicPriority = (typeof CLINIC_PRIORITIES)[number]["value"];
const CLINIC_EXPIRY = NOTICE_EXPIRY.filter((x) => x.value !== "240");

export function ClinicNoticeButton() {
  const trpc = useTRPC();
  const [open, setOpen] = useState(false);
  // Empty: a message one click from every patient's phone is written on purpose, never a sample.
  const [message, setMessage] = useState("");
  const [priority, setPriority] = useState<ClinicPriority>("high");
  // No delay unless one is typed: a notice about the car park must not move every estimate.
  const [delay, setDelay] = useState(0);
  const [expires, setExpires] = useState("60");
  const send = useMutation(
    trpc.queue.clinicNotice.mutationOptions({
      onSuccess: (r) => {
        report(r, (n) => `Clinic-wide notice sent to ${queues(n)}.`);
        setOpen(false);
      },
      onError: (e) => toast.error(e.message),
    }),
  );
  const clear = useMutation(
    trpc.queue.clearClinicNotice.mutationOptions({
      onSuccess: (r) => {
        report(r, (n) => (n ? `Notice taken down from ${queues(n)}.` : "No queue had a notice."));
        setOpen(false);
      },
      onError: (e) => toast.error(e.message),
    }),
  );
  const busy = send.isPending || clear.isPending;

  return (
    <>
      <Button onClick={() => setOpen(true)}>Clinic-wide notice</Button>
      {open && (
        <Dialog
          open
          onOpenChange={(o) => !o && setOpen(false)}
          title="Notice to the whole clinic"
          description="Every patient of every doctor's queue today sees it on their phone and the waiting-room screens at once. It replaces each queue's own notice."
        >
          <form
            className="grid gap-3"
            onSubmit={(e) => {
              e.preventDefault();
              if (!message.trim()) return;
              send.mutate({
                message: message.trim(),
                priority,
                estimatedDelay: delay,
                expiresInMinutes: expires ? Number(expires) : undefined,
              });
            }}
          >
            <NoticeMessageField
              value={message}
              onChange={setMessage}
              placeholder="For example: A fire drill is under way. Please follow the staff's directions; your place in line is kept."
            />
            <div className="grid gap-3 sm:grid-cols-3">
              <PriorityField value={priority} onChange={setPriority} options={CLINIC_PRIORITIES} />
              <DelayMinutesField value={delay} onChange={setDelay} />
              <ExpiryField value={expires} onChange={setExpires} options={CLINIC_EXPIRY} />
            </div>
            <div className="flex flex-wrap justify-between gap-2">
              <Button variant="ghost" disabled={busy} onClick={() => clear.mutate()}>
                Take down every notice
              </Button>
              <div className="flex gap-2">
                <Button onClick={() => setOpen(false)}>Cancel</Button>
                <Button type="submit" variant="danger" disabled={busy}>
                  {send.isPending ? "Sending…" : "Send to every queue"}
                </Button>
              </div>
            </div>
          </form>
        </Dialog>
      )}
    </>
  );
}
