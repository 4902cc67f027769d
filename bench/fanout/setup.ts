// Bench set-up shared by bench:fanout and bench:track: a fresh PostgreSQL database (dropped after),
// migrated, with one hospital, one doctor and N appointments on today's queue, and a tracking link
// (its own token) for each.
import { randomBytes } from "node:crypto";
import pg from "pg";
import { signTrackingToken } from "../../server/auth/tracking-token.ts";
import { migrateDeploy } from "../../server/db/migrations.ts";
import { createThrowawayDatabase } from "../../server/db/throwaway-database.ts";
import { localDateOf } from "../../server/domain/time.ts";

export const DEFAULT_DATABASE_URL = "postgresql://postgres@127.0.0.1:5432/test";
export const DEFAULT_REDIS_URL = "redis://127.0.0.1:6379";

export type BenchQueue = {
  databaseUrl: string;
  hospitalId: string;
  doctorId: string;
  queueDayId: string;
  date: string;
  appointmentIds: string[];
  tokens: string[];
  drop(): Promise<void>;
};

const TIME_ZONE = "UTC";

export async function createBenchQueue(
  patients: number,
  baseUrl = process.env.DATABASE_URL ?? DEFAULT_DATABASE_URL,
) {
  const { url: databaseUrl, drop } = await createThrowawayDatabase(baseUrl, "pq_bench");
  try {
    await migrateDeploy(databaseUrl);
    const db = new pg.Client({ connectionString: databaseUrl });
    await db.connect();
    const id = (prefix: string, i = 0) =>
      `${prefix}${i.toString(36).padStart(6, "0")}${randomBytes(4).toString("hex")}`;
    const hospitalId = id("bh");
    const doctorId = id("bd");
    const queueDayId = id("bq");
    const date = localDateOf(new Date(), TIME_ZONE);
    await db.query(
      `INSERT INTO "Hospital" (id, slug, name, "timeZone") VALUES ($1, $2, 'Bench Hospital', $3)`,
      [hospitalId, hospitalId, TIME_ZONE],
    );
    await db.query(`INSERT INTO "Doctor" (id, "hospitalId", name, room) VALUES ($1, $2, 'Dr Bench', '1')`, [
      doctorId,
      hospitalId,
    ]);
    // Works round the clock every day.
    await db.query(
      `INSERT INTO "WorkingPeriod" (id, "doctorId", weekday, start, "end") SELECT $1 || d::text, $2, d, '00:00', '24:00' FROM generate_series(1, 7) AS d`,
      [id("bw"), doctorId],
    );
    await db.query(
      `INSERT INTO "QueueDay" (id, "hospitalId", "doctorId", date, "nextTicket", "updatedAt") VALUES ($1, $2, $3, $4, $5, now())`,
      [queueDayId, hospitalId, doctorId, date, patients + 1],
    );
    const appointmentIds = Array.from({ length: patients }, (_, i) => id("ba", i));
    const dayStart = Date.parse(`${date}T00:00:00Z`);
    for (let from = 0; from < patients; from += 5_000) {
      const batch = appointmentIds.slice(from, from + 5_000);
      const patientIds = batch.map((a) => `p${a}`);
      await db.query(
        `INSERT INTO "Patient" (id, "hospitalId", name) SELECT unnest($1::text[]), $2, 'Bench Patient'`,
        [patientIds, hospitalId],
      );
      // Booked a day before at 5-minute times spread over the day, as a clinic's booking system would.
      const scheduled = batch.map(
        (_, k) => new Date(dayStart + Math.floor(((from + k) * 288) / patients) * 300_000),
      );
      await db.query(
        `INSERT INTO "Appointment" (id, "hospitalId", "doctorId", "patientId", "queueDayId", ticket, "scheduledAt", "bookedAt", "updatedAt")
         SELECT a, $2, $3, p, $4, t, s, s - interval '1 day', now()
         FROM unnest($1::text[], $5::text[], $6::int[], $7::timestamptz[]) AS x(a, p, t, s)`,
        [batch, hospitalId, doctorId, queueDayId, patientIds, batch.map((_, k) => from + k + 1), scheduled],
      );
    }
    await db.end();
    const expiresAt = new Date(Date.now() + 6 * 3_600_000);
    const tokens = await Promise.all(
      appointmentIds.map((appointmentId) =>
        signTrackingToken({ appointmentId, hospitalId, doctorId, tokenVersion: 1 }, expiresAt),
      ),
    );
    return {
      databaseUrl,
      hospitalId,
      doctorId,
      queueDayId,
      date,
      appointmentIds,
      tokens,
      drop,
    } satisfies BenchQueue;
  } catch (err) {
    await drop().catch(() => {});
    throw err;
  }
}

/** Percentile of sorted numbers (nearest rank). */
export function percentile(sorted: ArrayLike<number>, p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank]!;
}

export const round = (n: number, digits = 1) => Math.round(n * 10 ** digits) / 10 ** digits;
