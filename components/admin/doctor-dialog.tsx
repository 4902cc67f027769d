"use client";
// Add or edit a doctor: name, room, specialty, how long a consultation takes (a fixed length, or the
// pace learnt from their history) and how many patients an hour may hold.
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { toast } from "sonner";
import { useTRPC } from "../trpc";
import { Banner } from "../ui/banner";
import { Button } from "../ui/button";
import { Dialog } from "../ui/dialog";
import { Input } from "../ui/field";
import { formErrorsOf } from "./errors";
import { Checkbox, FormField } from "./form-field";
import type { AdminDoctor } from "./types";

const wholeOrNull = (text: string) => (text.trim() === "" ? null : Number(text));
const isPositiveWhole = (text: string) => Number.isInteger(Number(text)) && Number(text) >= 1;

export function DoctorDialog({ doctor, onClose }: { doctor: AdminDoctor | null; onClose: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [name, setName] = useState(doctor?.name ?? "");
  const [room, setRoom] = useState(doctor?.room ?? "");
  const [specialty, setSpecialty] = useState(doctor?.specialty ?? "");
  const [minutes, setMinutes] = useState(doctor?.consultationMinutes?.toString() ?? "");
  const [learnsPace, setLearnsPace] = useState(doctor?.learnsPace ?? false);
  const [places, setPlaces] = useState(doctor?.placesPerHour?.toString() ?? "");
  const [clientErrors, setClientErrors] = useState<Record<string, string>>({});

  const done = async (message: string) => {
    toast.success(message);
    await queryClient.invalidateQueries({ queryKey: trpc.adminDoctors.list.queryKey() });
    onClose();
  };
  const create = useMutation(
    trpc.adminDoctors.create.mutationOptions({
      onSuccess: () => done(`${name.trim()} added. Now set their hours.`),
    }),
  );
  const update = useMutation(
    trpc.adminDoctors.update.mutationOptions({ onSuccess: () => done(`${name.trim()} saved.`) }),
  );
  const pending = create.isPending || update.isPending;
  const server = formErrorsOf(create.error ?? update.error);
  const errors = { ...server.fields, ...clientErrors };

  function submit() {
    const found: Record<string, string> = {};
    if (!name.trim()) found.name = "Enter the doctor's name.";
    if (!room.trim()) found.room = "Enter the room patients go to.";
    if (minutes.trim() && !isPositiveWhole(minutes))
      found.consultationMinutes = "Enter whole minutes, 1 or more.";
    if (places.trim() && !isPositiveWhole(places))
      found.placesPerHour = "Enter 1 or more, or leave it empty for no limit.";
    setClientErrors(found);
    if (Object.keys(found).length > 0) return;
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
    <Dialog
      open
      onOpenChange={(open) => !open && onClose()}
      title={doctor ? `Edit ${doctor.name}` : "Add a doctor"}
      description={
        doctor ? undefined : "After adding, set the weekly hours: a doctor without hours takes no bookings."
      }
    >
      <form
        noValidate
        className="grid gap-3"
        onSubmit={(e) => {
          e.preventDefault();
          submit();
        }}
      >
        <FormField label="Name" error={errors.name}>
          {(c) => (
            <Input
              {...c}
              value={name}
              maxLength={120}
              autoComplete="off"
              onChange={(e) => setName(e.target.value)}
            />
          )}
        </FormField>
        <div className="grid gap-3 sm:grid-cols-2">
          <FormField label="Room" error={errors.room}>
            {(c) => <Input {...c} value={room} maxLength={40} onChange={(e) => setRoom(e.target.value)} />}
          </FormField>
          <FormField label="Specialty (optional)" error={errors.specialty}>
            {(c) => (
              <Input {...c} value={specialty} maxLength={80} onChange={(e) => setSpecialty(e.target.value)} />
            )}
          </FormField>
        </div>
        <Checkbox
          label="Learn the consultation length from their history"
          checked={learnsPace}
          onChange={setLearnsPace}
        />
        <div className="grid gap-3 sm:grid-cols-2">
          <FormField
            label="Consultation (min)"
            error={errors.consultationMinutes}
            hint={learnsPace ? "Learnt from completed visits." : "Empty: the hospital's default."}
          >
            {(c) => (
              <Input
                {...c}
                type="number"
                inputMode="numeric"
                min={1}
                step={1}
                disabled={learnsPace}
                value={learnsPace ? "" : minutes}
                onChange={(e) => setMinutes(e.target.value)}
              />
            )}
          </FormField>
          <FormField label="Places per hour" error={errors.placesPerHour} hint="Empty: as many as fit.">
            {(c) => (
              <Input
                {...c}
                type="number"
                inputMode="numeric"
                min={1}
                step={1}
                value={places}
                onChange={(e) => setPlaces(e.target.value)}
              />
            )}
          </FormField>
        </div>
        {server.message && (
          <Banner tone="bad" role="alert" title="Not saved">
            {server.message}
          </Banner>
        )}
        <div className="flex flex-wrap justify-end gap-2">
          <Button onClick={onClose}>Cancel</Button>
          <Button type="submit" variant="primary" disabled={pending}>
            {pending ? "Saving…" : doctor ? "Save" : "Add doctor"}
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
