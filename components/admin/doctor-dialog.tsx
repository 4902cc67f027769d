"use client";
// Add or edit a doctor: name, room, specialty, how long a consultation takes (a fixed length, or the
// pace learnt from their history) and how many patients an hour may hold.
import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { useTRPC } from "../trpc";
import { FormDialog } from "./form-dialog";
import { Checkbox, NameField, TextField } from "./form-field";
import type { AdminDoctor } from "./types";
import { useFormErrors } from "./use-form-errors";
import { useSaved } from "./use-saved";

const wholeOrNull = (text: string) => (text.trim() === "" ? null : Number(text));
const isPositiveWhole = (text: string) => Number.isInteger(Number(text)) && Number(text) >= 1;

/** The input attributes of a whole number of 1 or more. */
const WHOLE = { type: "number", inputMode: "numeric", min: 1, step: 1 } as const;

export function DoctorDialog({ doctor, onClose }: { doctor: AdminDoctor | null; onClose: () => void }) {
  const trpc = useTRPC();
  const [name, setName] = useState(doctor?.name ?? "");
  const [room, setRoom] = useState(doctor?.room ?? "");
  const [specialty, setSpecialty] = useState(doctor?.specialty ?? "");
  const [minutes, setMinutes] = useState(doctor?.consultationMinutes?.toString() ?? "");
  const [learnsPace, setLearnsPace] = useState(doctor?.learnsPace ?? false);
  const [places, setPlaces] = useState(doctor?.placesPerHour?.toString() ?? "");
  const saved = useSaved(trpc.adminDoctors.list.queryKey());
  const create = useMutation(
    trpc.adminDoctors.create.mutationOptions({
      onSuccess: () => saved(`${name.trim()} added. Now set their hours.`, onClose),
    }),
  );
  const update = useMutation(
    trpc.adminDoctors.update.mutationOptions({ onSuccess: () => saved(`${name.trim()} saved.`, onClose) }),
  );
  const save = doctor ? update : create;
  const { errors, passes } = useFormErrors(save.error);

  function submit() {
    const found: Record<string, string> = {};
    if (!name.trim()) found.name = "Enter the doctor's name.";
    if (!room.trim()) found.room = "Enter the room patients go to.";
    if (minutes.trim() && !isPositiveWhole(minutes))
      found.consultationMinutes = "Enter whole minutes, 1 or more.";
    if (places.trim() && !isPositiveWhole(places))
      found.placesPerHour = "Enter 1 or more, or leave it empty for no limit.";
    if (!passes(found)) return;
    const fields = {
      name: name.trim(),
      room: room.trim(),
      specialty: specialty.trim() || null,
      consultationMinutes: learnsPace ? null : wholeOrNull(minutes),
      learnsPace,
      placesPerHour: wholeOrNull(places),
    };
    if (doctor) update.mutate({ doctorId: doctor.id, ...fields });
    else create.mutate(fields);
  }

  return (
    <FormDialog
      title={doctor ? `Edit ${doctor.name}` : "Add a doctor"}
      description={
        doctor ? undefined : "After adding, set the weekly hours: a doctor without hours takes no bookings."
      }
      onClose={onClose}
      onSubmit={submit}
      mutation={save}
      problemTitle="Not saved"
      submitLabel={doctor ? "Save" : "Add doctor"}
    >
      <NameField value={name} onValue={setName} error={errors.name} maxLength={120} />
      <div className="grid gap-3 sm:grid-cols-2">
        <TextField label="Room" error={errors.room} value={room} maxLength={40} onValue={setRoom} />
        <TextField
          label="Specialty (optional)"
          error={errors.specialty}
          value={specialty}
          maxLength={80}
          onValue={setSpecialty}
        />
      </div>
      <Checkbox
        label="Learn the consultation length from their history"
        checked={learnsPace}
        onChange={setLearnsPace}
      />
      <div className="grid gap-3 sm:grid-cols-2">
        <TextField
          label="Consultation (min)"
          error={errors.consultationMinutes}
          hint={learnsPace ? "Learnt from completed visits." : "Empty: the hospital's default."}
          {...WHOLE}
          disabled={learnsPace}
          value={learnsPace ? "" : minutes}
          onValue={setMinutes}
        />
        <TextField
          label="Places per hour"
          error={errors.placesPerHour}
          hint="Empty: as many as fit."
          {...WHOLE}
          value={places}
          onValue={setPlaces}
        />
      </div>
    </FormDialog>
  );
}
