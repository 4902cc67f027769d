"use client";
// Every queue action of the board and the doctor's screen: shown at once (optimistic), confirmed
// or rolled back by the server's answer, and reported in a toast.
import { useMutation } from "@tanstack/react-query";
import { useMemo, useRef, useState } from "react";
import { toast } from "sonner";
import type { ErrorReason } from "@/server/trpc/errors";
import { businessDate } from "../business-time";
import { useTRPC } from "../trpc";
import { STATUS_LABEL } from "../ui/status-chip";
import * as change from "./optimistic";
import type { Entry, RouterInputs, RouterOutputs, Snapshot } from "./types";
import type { LiveBoard, PendingOp } from "./use-live-board";

type Q = RouterInputs["queue"];
type R = RouterOutputs["queue"];
type Located = { entry: Entry; doctorId: string; doctorName: string; room: string };

/** A refused early check-in: staff may check the patient in anyway (rule 5). */
export type EarlyRefusal = { appointmentId: string; doctorId: string; ticket: number; message: string };

/** What a refused action's error says: the reason to switch on, the message to show. */
type Refusal = { message: string; reason: ErrorReason | undefined };

type Spec<I, D> = {
  optimistic?: (input: I) => PendingOp | null;
  success?: (data: D, input: I) => string | { message: string; undoId?: string } | null;
  /** Returns true when it has told the user itself. `reason` is the server's code (server/domain/errors.ts). */
  refused?: (error: Refusal, input: I) => boolean;
  finishes?: (input: I) => string | null;
};

export function useQueueActions(live: LiveBoard) {
  const trpc = useTRPC();
  const [early, setEarly] = useState<EarlyRefusal | null>(null);

  // Entry lookup from the latest view, for messages and optimistic changes.
  const index = useMemo(() => {
    const map = new Map<string, Located>();
    for (const q of live.queues) {
      for (const entry of q.snapshot?.entries ?? [])
        map.set(entry.appointmentId, {
          entry,
          doctorId: q.doctor.id,
          doctorName: q.doctor.name,
          room: q.doctor.room,
        });
    }
    return map;
  }, [live.queues]);
  const indexRef = useRef(index);
  indexRef.current = index;
  const find = (id: string) => indexRef.current.get(id);
  const ticket = (id: string) => {
    const t = find(id)?.entry.ticket;
    return t === undefined ? "The appointment" : `Ticket ${t}`;
  };
  const doctorName = (doctorId: string) =>
    live.queues.find((q) => q.doctor.id === doctorId)?.doctor.name ?? "the doctor";

  /** An optimistic change to the entry's own queue. */
  const onEntry =
    (apply: (s: Snapshot, id: string) => Snapshot) =>
    (appointmentId: string): PendingOp | null => {
      const at = find(appointmentId);
      return at
        ? { doctorId: at.doctorId, touches: [appointmentId], apply: (s) => apply(s, appointmentId) }
        : null;
    };

  function handlers<I, D>(spec: Spec<I, D>) {
    return {
      onMutate: (input: I) => {
        const op = spec.optimistic?.(input);
        return op ? live.ops.begin(op) : undefined;
      },
      onSuccess: (data: D, input: I, key: number | undefined) => {
        const result = data as { version?: number | null; appointmentId?: string | null };
        live.ops.settle(key, result.version, result.appointmentId ? [result.appointmentId] : []);
        const finished = spec.finishes?.(input);
        if (finished) live.ops.noteFinished(finished);
        const said = spec.success?.(data, input);
        if (!said) return;
        const { message, undoId } = typeof said === "string" ? { message: said, undoId: undefined } : said;
        toast.success(message, {
          action: undoId
            ? { label: "Undo", onClick: () => undo.mutate({ appointmentId: undoId }) }
            : undefined,
        });
      },
      onError: (
        error: { message: string; data?: { reason?: ErrorReason } | null },
        input: I,
        key: number | undefined,
      ) => {
        live.ops.fail(key);
        if (spec.refused?.({ message: error.message, reason: error.data?.reason }, input)) return;
        toast.error(error.message);
      },
    };
  }

  const checkIn = useMutation(
    trpc.queue.checkIn.mutationOptions(
      handlers<Q["checkIn"], R["checkIn"]>({
        optimistic: (i) => onEntry((s, id) => change.setStatus(s, id, "CHECKED_IN"))(i.appointmentId),
        success: (d, i) => {
          setEarly((e) => (e?.appointmentId === i.appointmentId ? null : e));
          return `${ticket(i.appointmentId)} checked in${d.type === "EARLY_ARRIVAL" ? " early" : ""}.`;
        },
        refused: ({ message, reason }, i) => {
          const at = find(i.appointmentId);
          if (reason !== "CHECK_IN_NOT_OPEN" || !at) return false;
          setEarly({
            appointmentId: i.appointmentId,
            doctorId: at.doctorId,
            ticket: at.entry.ticket,
            message,
          });
          return true;
        },
      }),
    ),
  );

  const callNext = useMutation(
    trpc.queue.callNext.mutationOptions(
      handlers<Q["callNext"], R["callNext"]>({
        optimistic: (i) => ({
          doctorId: i.doctorId,
          touches: [],
          queueWide: true,
          apply: (s) => change.callNext(s),
        }),
        success: (d, i) => {
          const room = live.queues.find((q) => q.doctor.id === i.doctorId)?.doctor.room;
          return `Ticket ${d.ticket} called${room ? ` to room ${room}` : ""}.`;
        },
      }),
    ),
  );

  const start = useMutation(
    trpc.queue.start.mutationOptions(
      handlers<Q["start"], R["start"]>({
        optimistic: (i) => onEntry((s, id) => change.setStatus(s, id, "IN_CONSULTATION"))(i.appointmentId),
        success: (_, i) => `${ticket(i.appointmentId)} is with the doctor.`,
      }),
    ),
  );

  const complete = useMutation(
    trpc.queue.complete.mutationOptions(
      handlers<Q["complete"], R["complete"]>({
        optimistic: (i) => onEntry((s, id) => change.setStatus(s, id, "COMPLETED"))(i.appointmentId),
        success: (_, i) => ({
          message: `${ticket(i.appointmentId)}: visit completed.`,
          undoId: i.appointmentId,
        }),
        finishes: (i) => i.appointmentId,
      }),
    ),
  );

  const noShow = useMutation(
    trpc.queue.markNoShow.mutationOptions(
      handlers<Q["markNoShow"], R["markNoShow"]>({
        // A patient not yet due is only scheduled as a no-show: the server says which it was.
        optimistic: (i) =>
          find(i.appointmentId)?.entry.status === "BOOKED"
            ? null
            : onEntry((s, id) => change.setStatus(s, id, "NO_SHOW"))(i.appointmentId),
        success: (d, i) => (d.scheduled ? d.message : { message: d.message, undoId: i.appointmentId }),
        finishes: (i) => i.appointmentId,
      }),
    ),
  );

  const cancelNoShow = useMutation(
    trpc.queue.cancelNoShow.mutationOptions(
      handlers<Q["cancelNoShow"], R["cancelNoShow"]>({
        optimistic: (i) => onEntry((s, id) => change.clearScheduledNoShow(s, id))(i.appointmentId),
        success: (d) => d.message,
      }),
    ),
  );

  const restore = useMutation(
    trpc.queue.restore.mutationOptions(
      handlers<Q["restore"], R["restore"]>({
        optimistic: (i) => onEntry((s, id) => change.restore(s, id))(i.appointmentId),
        success: (d, i) =>
          `${ticket(i.appointmentId)} is back in the queue${d.toPosition ? ` at position ${d.toPosition}` : ""}.`,
      }),
    ),
  );

  const cancel = useMutation(
    trpc.queue.cancel.mutationOptions(
      handlers<Q["cancel"], R["cancel"]>({
        optimistic: (i) => onEntry((s, id) => change.setStatus(s, id, "CANCELLED"))(i.appointmentId),
        success: (_, i) => ({ message: `${ticket(i.appointmentId)} cancelled.`, undoId: i.appointmentId }),
        finishes: (i) => i.appointmentId,
      }),
    ),
  );

  const setPriority = useMutation(
    trpc.queue.setPriority.mutationOptions(
      handlers<Q["setPriority"], R["setPriority"]>({
        optimistic: (i) => onEntry((s, id) => change.setPriority(s, id, i.priority))(i.appointmentId),
        success: (_, i) =>
          i.priority === "URGENT"
            ? `${ticket(i.appointmentId)} marked urgent.`
            : `${ticket(i.appointmentId)} back to normal priority.`,
      }),
    ),
  );

  const undo = useMutation(
    trpc.queue.undo.mutationOptions(
      handlers<Q["undo"], R["undo"]>({
        success: (d, i) =>
          `Undone: ${ticket(i.appointmentId).toLowerCase()} is ${STATUS_LABEL[d.status].toLowerCase()} again.`,
      }),
    ),
  );

  const move = useMutation(
    trpc.queue.move.mutationOptions(
      handlers<Q["move"], R["move"]>({
        optimistic: (i) => onEntry((s, id) => change.move(s, id, i.newPosition))(i.appointmentId),
        success: (_, i) => `${ticket(i.appointmentId)} moved to position ${i.newPosition}.`,
      }),
    ),
  );

  const emergency = useMutation(
    trpc.queue.emergency.mutationOptions(
      handlers<Q["emergency"], R["emergency"]>({
        optimistic: (i) => ({
          doctorId: i.doctorId,
          touches: [],
          queueWide: true,
          apply: (s) =>
            change.setNotice(s, {
              message: i.message,
              delayMinutes: i.estimatedDelay ?? 0,
              priority: String(i.priority ?? "normal"),
              since: businessDate(),
            }),
        }),
        success: (_, i) => {
          const q = live.queues.find((x) => x.doctor.id === i.doctorId);
          const waiting = q?.snapshot?.entries.filter((e) => e.position !== null).length ?? 0;
          return `Notice sent to ${waiting} patient${waiting === 1 ? "" : "s"} of ${doctorName(i.doctorId)}.`;
        },
      }),
    ),
  );

  const clearEmergency = useMutation(
    trpc.queue.clearEmergency.mutationOptions(
      handlers<Q["clearEmergency"], R["clearEmergency"]>({
        optimistic: (i) => ({
          doctorId: i.doctorId,
          touches: [],
          queueWide: true,
          apply: (s) => change.setNotice(s, null),
        }),
        success: (_, i) => `The notice for ${doctorName(i.doctorId)} is cleared.`,
      }),
    ),
  );

  const pause = useMutation(
    trpc.queue.pause.mutationOptions(
      handlers<Q["pause"], R["pause"]>({
        optimistic: (i) => ({
          doctorId: i.doctorId,
          touches: [],
          queueWide: true,
          apply: (s) => change.setPaused(s, { reason: i.reason ?? null }),
        }),
        success: (_, i) => `${doctorName(i.doctorId)}'s queue is paused: nobody will be called.`,
      }),
    ),
  );

  const resume = useMutation(
    trpc.queue.resume.mutationOptions(
      handlers<Q["resume"], R["resume"]>({
        optimistic: (i) => ({
          doctorId: i.doctorId,
          touches: [],
          queueWide: true,
          apply: (s) => change.setPaused(s, null),
        }),
        success: (_, i) => `${doctorName(i.doctorId)}'s queue is running again.`,
      }),
    ),
  );

  const date = live.date;
  return {
    early,
    dismissEarly: () => setEarly(null),
    checkIn: (appointmentId: string, force?: boolean) => {
      if (force) setEarly(null);
      checkIn.mutate({ appointmentId, force });
    },
    callNext: (doctorId: string) => callNext.mutate({ doctorId, date }),
    callingNext: callNext.isPending,
    start: (appointmentId: string) => start.mutate({ appointmentId }),
    complete: (appointmentId: string) => complete.mutate({ appointmentId }),
    noShow: (appointmentId: string) => noShow.mutate({ appointmentId }),
    cancelNoShow: (appointmentId: string) => cancelNoShow.mutate({ appointmentId }),
    restore: (appointmentId: string) => restore.mutate({ appointmentId }),
    cancel: (appointmentId: string) => cancel.mutate({ appointmentId }),
    setPriority: (appointmentId: string, priority: "NORMAL" | "URGENT") =>
      setPriority.mutate({ appointmentId, priority }),
    undo: (appointmentId: string) => undo.mutate({ appointmentId }),
    move: (appointmentId: string, newPosition: number) => move.mutate({ appointmentId, newPosition }),
    emergency: (input: Omit<Q["emergency"], "date">, onDone?: () => void) =>
      emergency.mutate({ ...input, date }, { onSuccess: () => onDone?.() }),
    sendingNotice: emergency.isPending,
    clearEmergency: (doctorId: string) => clearEmergency.mutate({ doctorId, date }),
    pause: (doctorId: string, reason?: string) => pause.mutate({ doctorId, date, reason }),
    resume: (doctorId: string) => resume.mutate({ doctorId, date }),
    pausing: pause.isPending || resume.isPending,
  };
}

export type QueueActions = ReturnType<typeof useQueueActions>;
