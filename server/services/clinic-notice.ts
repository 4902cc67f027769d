// A clinic-wide notice (a fire drill, a system outage): the emergency notice of rule 7 sent to every
// active doctor's queue of one day at once. Each queue is its own change (one transaction under its
// own lock, as for a single doctor), so one queue that refuses does not undo the others: the answer
// lists which queues have the notice and which refused, and why.
import { listDoctors } from "../db/queue-repo.ts";
import { DomainError } from "../domain/errors.ts";
import { errorField, log } from "../log.ts";
import type { Actor } from "./queue-change.ts";
import { broadcastEmergency, clearEmergency, type EmergencyInput } from "./queue-notices.ts";

export type ClinicNoticeInput = Omit<EmergencyInput, "doctorId">;

/** One queue's result: done, or refused with the reason and a message for staff. */
export type QueueResult =
  | { doctorId: string; doctorName: string; ok: true; version: number | null }
  | { doctorId: string; doctorName: string; ok: false; reason: string; message: string };

async function eachDoctor(
  hospitalId: string,
  change: (doctorId: string) => Promise<{ version?: number | null }>,
): Promise<QueueResult[]> {
  const doctors = await listDoctors(hospitalId);
  const results: QueueResult[] = [];
  // One queue after another: the same locks as a single notice, never many at once on 2 cores.
  for (const d of doctors) {
    try {
      const out = await change(d.id);
      results.push({ doctorId: d.id, doctorName: d.name, ok: true, version: out.version ?? null });
    } catch (err) {
      if (err instanceof DomainError) {
        results.push({
          doctorId: d.id,
          doctorName: d.name,
          ok: false,
          reason: err.reason,
          message: err.message,
        });
      } else {
        log.error({ ...errorField(err), doctorId: d.id }, "clinic notice: a queue failed");
        results.push({
          doctorId: d.id,
          doctorName: d.name,
          ok: false,
          reason: "INTERNAL",
          message: "This queue could not be changed. Try again.",
        });
      }
    }
  }
  return results;
}

const summary = (date: string, results: QueueResult[]) => ({
  date,
  changed: results.filter((r) => r.ok).length,
  failed: results.filter((r) => !r.ok),
  results,
});

/** Sends the notice to every active doctor's queue of `date` in the hospital. */
export async function broadcastClinicNotice(hospitalId: string, input: ClinicNoticeInput, actor: Actor) {
  const results = await eachDoctor(hospitalId, (doctorId) =>
    broadcastEmergency({ hospitalId }, { ...input, doctorId }, actor),
  );
  return summary(input.date, results);
}

/** Takes the notice down from every active doctor's queue of `date` (a queue without one is skipped). */
export async function clearClinicNotice(hospitalId: string, date: string, actor: Actor) {
  const results = await eachDoctor(hospitalId, (doctorId) =>
    clearEmergency({ hospitalId }, doctorId, date, actor),
  );
  // A queue that had no notice is not a failure of clearing it.
  const kept = results.filter((r) => r.ok || r.reason !== "NO_NOTICE");
  return summary(date, kept);
}
