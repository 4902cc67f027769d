"use client";
// The notice every patient of a doctor's queue sees at once (rule 7): a message, how urgent it is
// and the delay added to every estimate until it is cleared or expires. The doctor's "announce a
// delay" is the same broadcast with a delay-first form.
import { useState } from "react";
import { Button } from "../ui/button";
import { Dialog } from "../ui/dialog";
import {
  DelayMinutesField,
  ExpiryField,
  NOTICE_PRIORITIES,
  NoticeMessageField,
  type NoticePriority,
  PriorityField,
} from "./notice-fields";
import type { QueueActions } from "./use-queue-actions";

const DELAYS = [10, 15, 20, 30, 45, 60];

export function EmergencyDialog({
  doctor,
  actions,
  mode = "emergency",
  onClose,
}: {
  doctor: { id: string; name: string };
  actions: QueueActions;
  mode?: "emergency" | "delay";
  onClose: () => void;
}) {
  const delayFirst = mode === "delay";
  const [delay, setDelay] = useState(delayFirst ? 20 : 30);
  const [edited, setEdited] = useState(false);
  const suggested = delayFirst
    ? `${doctor.name} is running about ${delay} minutes late. Thank you for your patience.`
    : `${doctor.name} has been called to an emergency. Expect a delay of about ${delay} minutes.`;
  const [message, setMessage] = useState(suggested);
  const [priority, setPriority] = useState<NoticePriority>(delayFirst ? "normal" : "high");
  const [expires, setExpires] = useState(delayFirst ? "120" : "");
  const text = edited ? message : suggested;

  return (
    <Dialog
      open
      onOpenChange={(open) => !open && onClose()}
      title={delayFirst ? "Announce a delay" : `Emergency broadcast · ${doctor.name}`}
      description="Every patient in this queue sees the notice on their phone at once, and their expected time moves by the delay."
    >
      <form
        className="grid gap-3"
        onSubmit={(e) => {
          e.preventDefault();
          if (!text.trim()) return;
          actions.emergency(
            {
              doctorId: doctor.id,
              message: text.trim(),
              priority,
              estimatedDelay: delay,
              expiresInMinutes: expires ? Number(expires) : undefined,
            },
            onClose,
          );
        }}
      >
        <fieldset className="m-0 grid gap-2 border-0 p-0">
          <legend className="mb-1 p-0 font-semibold">Estimated delay</legend>
          <div className="flex flex-wrap gap-2">
            {DELAYS.map((m) => (
              <Button
                key={m}
                size="sm"
                variant={delay === m ? "primary" : "secondary"}
                aria-pressed={delay === m}
                onClick={() => setDelay(m)}
              >
                {m} min
              </Button>
            ))}
          </div>
          <DelayMinutesField value={delay} onChange={setDelay} />
        </fieldset>
        <NoticeMessageField
          value={text}
          onChange={(value) => {
            setEdited(true);
            setMessage(value);
          }}
        />
        <div className="grid gap-3 sm:grid-cols-2">
          <PriorityField value={priority} onChange={setPriority} options={NOTICE_PRIORITIES} />
          <ExpiryField value={expires} onChange={setExpires} />
        </div>
        <div className="flex justify-end gap-2">
          <Button onClick={onClose}>Cancel</Button>
          <Button type="submit" variant={delayFirst ? "primary" : "danger"} disabled={actions.sendingNotice}>
            {actions.sendingNotice ? "Sending…" : delayFirst ? "Announce delay" : "Broadcast notice"}
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
