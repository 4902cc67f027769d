// Finding a patient's appointments: by name (case and accent folded), phone digits or today's
// ticket, within one hospital and a date window. Bounded by hospital and queue-day date, so a
// substring scan of that set is cheap enough; the index on (hospitalId, scheduledAt) narrows it.
import { FOLD_FROM, FOLD_TO } from "../domain/patient-search.ts";
import type { AppointmentStatus, Priority } from "../domain/types.ts";
import { getDb } from "./client.ts";
import { Prisma } from "./generated/client.ts";

export type AppointmentSearch = {
  hospitalId: string;
  /** A doctor sees only their own patients. */
  doctorId?: string;
  today: string;
  /** First queue-day date searched ("YYYY-MM-DD"); every later day is searched too. */
  fromDate: string;
  /** Folded name text (domain foldName), or null for no name match. */
  name: string | null;
  /** Phone digit strings, any of which may appear in the stored phone's digits. */
  phoneDigits: string[];
  /** A ticket number on today's queue days. */
  ticket: number | null;
  limit: number;
};

export type AppointmentMatch = {
  id: string;
  ticket: number;
  status: AppointmentStatus;
  priority: Priority;
  scheduledAt: Date;
  paidAt: Date | null;
  note: string | null;
  patientName: string;
  phone: string | null;
  doctorId: string;
  doctorName: string;
  date: string;
};

const when = (v: Date | string | null): Date | null => (v === null || v instanceof Date ? v : new Date(v));

export async function searchAppointments(s: AppointmentSearch): Promise<AppointmentMatch[]> {
  const matches: Prisma.Sql[] = [];
  if (s.name)
    matches.push(Prisma.sql`strpos(lower(translate(p."name", ${FOLD_FROM}, ${FOLD_TO})), ${s.name}) > 0`);
  for (const digits of s.phoneDigits)
    matches.push(
      Prisma.sql`strpos(regexp_replace(coalesce(p."phone", ''), '[^0-9]', '', 'g'), ${digits}) > 0`,
    );
  if (s.ticket !== null) matches.push(Prisma.sql`(a."ticket" = ${s.ticket} AND q."date" = ${s.today})`);
  if (matches.length === 0) return [];
  const doctor = s.doctorId ? Prisma.sql`AND a."doctorId" = ${s.doctorId}` : Prisma.empty;
  const rows = await getDb().$queryRaw<AppointmentMatch[]>`
    SELECT a."id", a."ticket", a."status"::text AS "status", a."priority"::text AS "priority",
           a."scheduledAt", a."paidAt", a."note",
           p."name" AS "patientName", p."phone", d."id" AS "doctorId", d."name" AS "doctorName", q."date"
      FROM "Appointment" a
      JOIN "QueueDay" q ON q."id" = a."queueDayId"
      JOIN "Patient" p ON p."id" = a."patientId"
      JOIN "Doctor" d ON d."id" = a."doctorId"
     WHERE a."hospitalId" = ${s.hospitalId} AND q."hospitalId" = ${s.hospitalId}
       AND q."date" >= ${s.fromDate} ${doctor}
       AND (${Prisma.join(matches, " OR ")})
     ORDER BY CASE WHEN q."date" = ${s.today} THEN 0 WHEN q."date" > ${s.today} THEN 1 ELSE 2 END,
              CASE WHEN q."date" >= ${s.today} THEN a."scheduledAt" END ASC,
              a."scheduledAt" DESC, a."ticket" ASC
     LIMIT ${s.limit}`;
  return rows.map((r) => ({
    ...r,
    ticket: Number(r.ticket),
    scheduledAt: when(r.scheduledAt)!,
    paidAt: when(r.paidAt),
  }));
}

/** One appointment's patient name, phone and note, within one hospital (and one doctor's, for a doctor). */
export async function appointmentContact(where: {
  hospitalId: string;
  doctorId?: string;
  appointmentId: string;
}): Promise<{ patientName: string; phone: string | null; note: string | null } | null> {
  const row = await getDb().appointment.findFirst({
    where: { id: where.appointmentId, hospitalId: where.hospitalId, doctorId: where.doctorId },
    select: { note: true, patient: { select: { name: true, phone: true } } },
  });
  return row && { patientName: row.patient.name, phone: row.patient.phone, note: row.note };
}
