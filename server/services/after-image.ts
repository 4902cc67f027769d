// A queue change's after-image; after-image.test.ts checks that it equals a load of the same version.
import type { AppointmentChange, QueueDayChange, QueueState, StoredAppointment } from "../db/queue-repo.ts";

/** Drops undefined fields: an update leaves them as they are. */
function defined<T extends object>(data: T): Partial<T> {
  const out: Partial<T> = {};
  for (const key of Object.keys(data) as (keyof T)[]) if (data[key] !== undefined) out[key] = data[key];
  return out;
}

const HISTORY_FIELDS = ["status", "startedAt", "endedAt"] as const;

/**
 * The locked state with a change's writes applied, kept in step with what it writes to the
 * database, so the committed version's snapshot can be built without reading the queue back.
 */
export class AfterImage {
  private list: StoredAppointment[];
  private readonly index = new Map<string, number>();
  /** `list` has been handed out by appointments(): the next write copies it first. */
  private shared = true;
  private day: QueueState["queueDay"];
  private added = false;
  /** A write may have changed the doctor's completed consultations. */
  touchesHistory = false;

  constructor(before: QueueState) {
    this.list = before.appointments;
    this.day = before.queueDay;
    before.appointments.forEach((a, i) => {
      this.index.set(a.id, i);
    });
  }

  appointments(): readonly StoredAppointment[] {
    this.shared = true;
    return this.list;
  }

  update(id: string, data: AppointmentChange) {
    const i = this.index.get(id);
    // Another day's appointment: not part of this queue's image.
    if (i === undefined) return;
    const list = this.writable();
    const was = list[i]!;
    const now = { ...was, ...defined(data) };
    list[i] = now;
    if (
      (was.status === "COMPLETED" || now.status === "COMPLETED") &&
      HISTORY_FIELDS.some((f) => data[f] !== undefined)
    )
      this.touchesHistory = true;
  }

  /** The patient's name as the snapshot shows it (their phone is not part of it). */
  renamePatient(id: string, name: string) {
    const i = this.index.get(id);
    if (i === undefined) return;
    const list = this.writable();
    list[i] = { ...list[i]!, patient: { ...list[i]!.patient, name } };
  }

  add(appointment: StoredAppointment) {
    const list = this.writable();
    this.index.set(appointment.id, list.length);
    list.push(appointment);
    this.added = true;
  }

  /** The appointment left this queue day (moved to another date or doctor). */
  remove(id: string) {
    if (!this.index.has(id)) return;
    this.list = this.writable().filter((a) => a.id !== id);
    this.index.clear();
    this.list.forEach((a, i) => {
      this.index.set(a.id, i);
    });
  }

  updateDay(data: QueueDayChange) {
    const { pausedAt: _notInSnapshot, ...rest } = data;
    this.day = { ...this.day, ...defined(rest) };
  }

  /** The state a load of `version` would read (appointments by ticket, as loaded). */
  state(version: number, recentDurations: number[]): QueueState {
    let appointments = this.list;
    if (this.added) appointments = [...appointments].sort((a, b) => a.ticket - b.ticket);
    return { queueDay: { ...this.day, version }, appointments, recentDurations };
  }

  private writable(): StoredAppointment[] {
    if (this.shared) {
      this.list = [...this.list];
      this.shared = false;
    }
    return this.list;
  }
}
