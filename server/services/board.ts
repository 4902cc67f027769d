// The reception board: every doctor's queue of a hospital on one local date.
import { now as clockNow } from "../clock.ts";
import { ensureQueueDay, findDoctorForBooking, findQueueDay, listDoctors } from "../db/queue-repo.ts";
import { DomainError } from "../domain/errors.ts";
import { assertQueueDayCanOpen } from "../domain/horizon.ts";
import { hoursOnDate } from "../domain/hours.ts";
import { localDateOf } from "../domain/time.ts";
import { checkInCodeOf } from "./check-in-codes.ts";
import { getSnapshot } from "./snapshot.ts";

/**
 * The queue day of a hospital's active doctor on a local date, created on first use; another
 * hospital's doctor is DOCTOR_NOT_FOUND. A day with no queue yet is opened only within the horizon
 * (`assertQueueDayCanOpen`: not over, at most MAX_AHEAD_DAYS ahead), so a refused change or a
 * watch of a day long gone or far ahead writes no row.
 */
export async function queueDayFor(
  hospitalId: string,
  doctorId: string,
  date: string,
  now = clockNow(),
): Promise<string> {
  const day = await findQueueDay(doctorId, date);
  if (day && day.hospitalId !== hospitalId) throw new DomainError("DOCTOR_NOT_FOUND", "Doctor not found.");
  if (day) return day.id;
  const doctor = await findDoctorForBooking(hospitalId, doctorId);
  if (!doctor?.active) throw new DomainError("DOCTOR_NOT_FOUND", "Doctor not found.");
  assertQueueDayCanOpen(date, localDateOf(now, doctor.hospital.timeZone));
  return (await ensureQueueDay(hospitalId, doctorId, date)).id;
}

export async function boardFor(hospitalId: string, date: string, onlyDoctorId: string | null) {
  const doctors = (await listDoctors(hospitalId)).filter((d) => !onlyDoctorId || d.id === onlyDoctorId);
  const queues = await Promise.all(
    doctors.map(async (doctor) => {
      const day = await findQueueDay(doctor.id, date);
      const snapshot = day ? await getSnapshot(day.id) : null;
      // The self check-in code of the doctor's day, for the desk to read out or print (it changes every 5 min).
      const checkInCode = day ? checkInCodeOf({ hospitalId, doctorId: doctor.id, date }) : null;
      return { doctor: { ...doctor, hours: hoursOnDate(doctor, date) }, snapshot, checkInCode };
    }),
  );
  return { date, queues };
}
