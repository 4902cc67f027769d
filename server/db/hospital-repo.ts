// A hospital's own settings (name, where it is, languages of the patient page, queue numbers), and
// what a change of them has to reach: its open queue days and the link records cached for them.
import { getDb } from "./client.ts";

const settingsSelect = {
  id: true,
  name: true,
  timeZone: true,
  address: true,
  phone: true,
  mapUrl: true,
  languages: true,
  maxEarlyArrivalMinutes: true,
  noShowGraceMinutes: true,
  defaultConsultationMinutes: true,
  trackingLinkHours: true,
} as const;

export function findHospitalSettings(hospitalId: string) {
  return getDb().hospital.findUnique({ where: { id: hospitalId }, select: settingsSelect });
}
export type StoredHospitalSettings = NonNullable<Awaited<ReturnType<typeof findHospitalSettings>>>;

export type HospitalSettingsChange = Partial<Omit<StoredHospitalSettings, "id">>;

/** One statement: the change lands whole or not at all. Null when the hospital does not exist. */
export async function updateHospitalSettings(hospitalId: string, data: HospitalSettingsChange) {
  const { count } = await getDb().hospital.updateMany({ where: { id: hospitalId }, data });
  return count === 1 ? findHospitalSettings(hospitalId) : null;
}

/** What issuing a tracking link needs of its hospital. */
export function findHospitalLinkPolicy(hospitalId: string) {
  return getDb().hospital.findUnique({
    where: { id: hospitalId },
    select: { timeZone: true, trackingLinkHours: true },
  });
}

/** The hospital's queue days from `fromDate` (local "YYYY-MM-DD") on, with their open appointments' ids. */
export function findQueueDaysFrom(hospitalId: string, fromDate: string) {
  return getDb().queueDay.findMany({
    where: { hospitalId, date: { gte: fromDate } },
    select: { id: true, appointments: { select: { id: true } } },
    orderBy: { date: "asc" },
  });
}
