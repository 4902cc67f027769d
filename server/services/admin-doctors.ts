// The admin's doctors: add, change, deactivate or reactivate (nothing is deleted: their history
// stays in the statistics), and set their week and days off. After every change the doctor's
// queue days from today on get a new version, so open boards, slot views and patient pages follow.
import {
  type AdminDoctorRow,
  createDoctor,
  type DoctorFields,
  findHospitalDoctor,
  findQueueDaysFrom,
  listHospitalDoctors,
  replaceHours,
  updateDoctor,
} from "../db/doctor-repo.ts";
import { DomainError } from "../domain/errors.ts";
import { QUEUE_EVENT } from "../domain/events.ts";
import { type WeeklyPeriod, weekIssues } from "../domain/hours.ts";
import { errorField, log } from "../log.ts";
import { type Actor, runQueueChange } from "./queue-changes.ts";

/** Who is changing what: the admin's hospital, the audit actor, and the hospital's today. */
export type AdminScope = { hospitalId: string; actor: Actor; today: string };

export type DoctorInput = {
  name: string;
  room: string;
  specialty?: string | null;
  consultationMinutes?: number | null;
  learnsPace?: boolean;
  placesPerHour?: number | null;
};
export type HoursInput = { weekly: WeeklyPeriod[]; daysOff: string[] };
export type DoctorPatch = Partial<DoctorInput> & { active?: boolean };

function assertPlacesPerHour(places: number | null | undefined) {
  if (places != null && (!Number.isInteger(places) || places < 1 || places > 60)) {
    throw new DomainError(
      "PLACES_PER_HOUR_INVALID",
      "Places per hour must be a whole number from 1 to 60, or empty for as many as fit.",
      "placesPerHour",
    );
  }
}

function assertConsultationMinutes(minutes: number | null | undefined) {
  if (minutes != null && (!Number.isInteger(minutes) || minutes < 1 || minutes > 240)) {
    throw new DomainError(
      "BAD_REQUEST",
      "A consultation lasts 1 to 240 whole minutes.",
      "consultationMinutes",
    );
  }
}

/**
 * Refuses a week with overlapping periods or an end before its start, and days off that repeat or
 * have passed, naming the field (`weekly.2.end`, `daysOff.0`) so the form shows it there.
 */
export function assertValidHours(hours: HoursInput, today: string, prefix = ""): void {
  const issue = weekIssues(hours.weekly)[0];
  if (issue)
    throw new DomainError(issue.reason, issue.message, `${prefix}weekly.${issue.index}.${issue.field}`);
  const seen = new Set<string>();
  for (const [i, date] of hours.daysOff.entries()) {
    if (date < today) {
      throw new DomainError(
        "BAD_REQUEST",
        `${date} has passed: a day off is today or later.`,
        `${prefix}daysOff.${i}`,
      );
    }
    if (seen.has(date)) {
      throw new DomainError("BAD_REQUEST", `${date} is listed twice.`, `${prefix}daysOff.${i}`);
    }
    seen.add(date);
  }
}

const sortedWeek = (weekly: WeeklyPeriod[]) =>
  [...weekly].sort((a, b) => a.weekday - b.weekday || a.start.localeCompare(b.start));

/** Every doctor of the hospital, active and inactive, with their week and days off from today on. */
export function listDoctorsForAdmin(hospitalId: string, today: string): Promise<AdminDoctorRow[]> {
  return listHospitalDoctors(hospitalId, today);
}

async function doctorOrNotFound(scope: AdminScope, doctorId: string): Promise<AdminDoctorRow> {
  const doctor = await findHospitalDoctor(scope.hospitalId, doctorId, scope.today);
  if (!doctor) throw new DomainError("DOCTOR_NOT_FOUND", "Doctor not found.");
  return doctor;
}

/**
 * A new version of each of the doctor's queue days from today on, through the queue engine like any
 * change: the snapshot is rebuilt with the new details and hours, cached and published, so open
 * boards and patient pages update at once. A day that fails is logged; the others still refresh.
 */
export async function refreshDoctorQueues(scope: AdminScope, doctorId: string, what: string): Promise<void> {
  const days = await findQueueDaysFrom(doctorId, scope.today);
  for (const day of days) {
    try {
      await runQueueChange(day.id, scope.actor, async () => ({
        type: QUEUE_EVENT.DOCTOR_CHANGED,
        appointmentId: null,
        reason: what,
        data: { doctorId },
      }));
    } catch (err) {
      log.error({ ...errorField(err), queueDayId: day.id }, "[admin] refreshing a doctor's queue day failed");
    }
  }
}

function fieldsOf(input: DoctorInput): DoctorFields {
  return {
    name: input.name,
    room: input.room,
    specialty: input.specialty || null,
    consultationMinutes: input.consultationMinutes ?? null,
    learnsPace: input.learnsPace ?? false,
    placesPerHour: input.placesPerHour ?? null,
  };
}

/** Adds a doctor, with their hours when given (then they take bookings at once). */
export async function createDoctorForAdmin(
  scope: AdminScope,
  input: DoctorInput & { hours?: HoursInput | null },
): Promise<AdminDoctorRow> {
  assertPlacesPerHour(input.placesPerHour);
  assertConsultationMinutes(input.consultationMinutes);
  if (input.hours) assertValidHours(input.hours, scope.today, "hours.");
  const id = await createDoctor(
    scope.hospitalId,
    fieldsOf(input),
    input.hours
      ? { weekly: sortedWeek(input.hours.weekly), daysOff: input.hours.daysOff.map((date) => ({ date })) }
      : null,
  );
  return doctorOrNotFound(scope, id);
}

/** Changes any of a doctor's details; `active: false` deactivates (no new bookings, history kept). */
export async function updateDoctorForAdmin(
  scope: AdminScope,
  doctorId: string,
  patch: DoctorPatch,
): Promise<AdminDoctorRow> {
  assertPlacesPerHour(patch.placesPerHour);
  assertConsultationMinutes(patch.consultationMinutes);
  const data: Partial<DoctorFields> & { active?: boolean } = {};
  // An empty specialty is none.
  if (patch.specialty === "") patch = { ...patch, specialty: null };
  for (const key of [
    "name",
    "room",
    "specialty",
    "consultationMinutes",
    "learnsPace",
    "placesPerHour",
    "active",
  ] as const) {
    if (patch[key] !== undefined) Object.assign(data, { [key]: patch[key] });
  }
  if (Object.keys(data).length === 0) return doctorOrNotFound(scope, doctorId);
  if (!(await updateDoctor(scope.hospitalId, doctorId, data))) {
    throw new DomainError("DOCTOR_NOT_FOUND", "Doctor not found.");
  }
  await refreshDoctorQueues(scope, doctorId, "details");
  return doctorOrNotFound(scope, doctorId);
}

/** Replaces the doctor's week and their days off from today on, in one transaction. */
export async function setDoctorHours(
  scope: AdminScope,
  doctorId: string,
  hours: HoursInput,
): Promise<AdminDoctorRow> {
  assertValidHours(hours, scope.today);
  const done = await replaceHours(
    scope.hospitalId,
    doctorId,
    sortedWeek(hours.weekly),
    hours.daysOff.map((date) => ({ date })),
    scope.today,
  );
  if (!done) throw new DomainError("DOCTOR_NOT_FOUND", "Doctor not found.");
  await refreshDoctorQueues(scope, doctorId, "hours");
  return doctorOrNotFound(scope, doctorId);
}
