// Doctors as the admin sets them up: details, weekly working periods and days off. Every query is
// scoped to the admin's hospital; nothing is deleted (a doctor leaving is deactivated).
import { getDb } from "./client.ts";
import type { Prisma } from "./generated/client.ts";

export type DoctorFields = {
  name: string;
  room: string;
  specialty: string | null;
  consultationMinutes: number | null;
  learnsPace: boolean;
  placesPerHour: number | null;
};
export type PeriodRow = { weekday: number; start: string; end: string };
export type DayOffRow = { date: string; note?: string | null };

const adminSelect = (today: string) =>
  ({
    id: true,
    name: true,
    room: true,
    specialty: true,
    consultationMinutes: true,
    learnsPace: true,
    placesPerHour: true,
    active: true,
    createdAt: true,
    periods: {
      select: { weekday: true, start: true, end: true },
      orderBy: [{ weekday: "asc" }, { start: "asc" }],
    },
    daysOff: {
      where: { date: { gte: today } },
      select: { date: true, note: true },
      orderBy: { date: "asc" },
    },
    staff: { select: { id: true, name: true, email: true, active: true } },
  }) satisfies Prisma.DoctorSelect;

export type AdminDoctorRow = Prisma.DoctorGetPayload<{ select: ReturnType<typeof adminSelect> }>;

/** Every doctor of the hospital, active or not, with hours and days off from `today` on. */
export function listHospitalDoctors(hospitalId: string, today: string): Promise<AdminDoctorRow[]> {
  return getDb().doctor.findMany({
    where: { hospitalId },
    select: adminSelect(today),
    orderBy: [{ active: "desc" }, { name: "asc" }, { id: "asc" }],
  });
}

export function findHospitalDoctor(
  hospitalId: string,
  doctorId: string,
  today: string,
): Promise<AdminDoctorRow | null> {
  return getDb().doctor.findFirst({ where: { id: doctorId, hospitalId }, select: adminSelect(today) });
}

/** A new doctor with, optionally, their week and days off: one transaction. */
export async function createDoctor(
  hospitalId: string,
  fields: DoctorFields,
  hours: { weekly: PeriodRow[]; daysOff: DayOffRow[] } | null,
): Promise<string> {
  const doctor = await getDb().doctor.create({
    data: {
      hospitalId,
      ...fields,
      periods: hours ? { create: hours.weekly } : undefined,
      daysOff: hours
        ? { create: hours.daysOff.map((d) => ({ date: d.date, note: d.note ?? null })) }
        : undefined,
    },
    select: { id: true },
  });
  return doctor.id;
}

/** Changes a doctor of this hospital; false when there is none. */
export async function updateDoctor(
  hospitalId: string,
  doctorId: string,
  data: Partial<DoctorFields> & { active?: boolean },
): Promise<boolean> {
  const { count } = await getDb().doctor.updateMany({ where: { id: doctorId, hospitalId }, data });
  return count === 1;
}

/**
 * Replaces the doctor's week, and their days off from `today` on (earlier ones are history and
 * stay), in one transaction. A day off kept keeps its note unless a new one is given. False when
 * the doctor is not this hospital's.
 */
export function replaceHours(
  hospitalId: string,
  doctorId: string,
  weekly: PeriodRow[],
  daysOff: DayOffRow[],
  today: string,
): Promise<boolean> {
  return getDb().$transaction(async (tx) => {
    // Locks the doctor's row: two saves of the same hours apply one after the other.
    const owned = await tx.$queryRaw<{ id: string }[]>`
      SELECT "id" FROM "Doctor" WHERE "id" = ${doctorId} AND "hospitalId" = ${hospitalId} FOR UPDATE`;
    if (owned.length === 0) return false;
    const previous = await tx.dayOff.findMany({
      where: { doctorId, date: { gte: today } },
      select: { date: true, note: true },
    });
    const notes = new Map(previous.map((d) => [d.date, d.note]));
    await tx.workingPeriod.deleteMany({ where: { doctorId } });
    await tx.dayOff.deleteMany({ where: { doctorId, date: { gte: today } } });
    if (weekly.length > 0) {
      await tx.workingPeriod.createMany({ data: weekly.map((p) => ({ doctorId, ...p })) });
    }
    if (daysOff.length > 0) {
      await tx.dayOff.createMany({
        data: daysOff.map((d) => ({
          doctorId,
          date: d.date,
          note: d.note === undefined ? (notes.get(d.date) ?? null) : d.note,
        })),
      });
    }
    return true;
  });
}

/** The doctor's queue days from `today` on (their snapshots follow the doctor's details and hours). */
export function findQueueDaysFrom(doctorId: string, today: string) {
  return getDb().queueDay.findMany({
    where: { doctorId, date: { gte: today } },
    select: { id: true, date: true },
    orderBy: { date: "asc" },
  });
}
