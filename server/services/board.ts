// The reception board: every doctor's queue of a hospital on one local date.
import { ensureQueueDay, findQueueDay, listDoctors } from "../db/queue-repo.ts";
import { DomainError } from "../domain/errors.ts";
import { hoursOnDate } from "../domain/hours.ts";
import { checkInCodeOf } from "./check-in-codes.ts";
import { getSnapshot } from "./snapshot.ts";

export async function queueDayFor(hospitalId: string, doctorId: string, date: string): Promise<string> {
  const day = await findQueueDay(doctorId, date);
  if (day && day.hospitalId !== hospitalId) throw new DomainError("DOCTOR_NOT_FOUND", "Doctor not found.");
  if (day) return day.id;
  const doctors = await listDoctors(hospitalId);
  if (!doctors.some((d) => d.id === doctorId)) throw new DomainError("DOCTOR_NOT_FOUND", "Doctor not found.");
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
