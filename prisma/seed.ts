// Demo data (`npm run db:seed`): "Harbourview Hospital" (slug "demo") in Pacific/Auckland, three
// doctors, and today's (hospital-local) queues around the current hour so the demo is live whenever
// it is started. Does nothing when the demo hospital already exists.
import { pathToFileURL } from "node:url";
import { hashPassword } from "../server/auth/password.ts";
import { now as clockNow } from "../server/clock.ts";
import { startConfiguredClock } from "../server/clock-start.ts";
import { closeDb, getDb } from "../server/db/client.ts";
import type { PrismaClient } from "../server/db/generated/client.ts";
import { loadQueueState } from "../server/db/queue-repo.ts";
import { everyDay } from "../server/domain/hours.ts";
import {
  isValidTimeZone,
  localDateOf,
  localHourOf,
  slotStartOf,
  slotStartsOfDay,
} from "../server/domain/time.ts";
import { snapshotFromState } from "../server/services/snapshot.ts";

export const DEMO_SLUG = "demo";
export const DEMO_PASSWORD = "demo-clinic-1234";
/** The demo's zone: far from UTC. PQ_DEMO_TIME_ZONE overrides it (the e2e server picks one where it is daytime). */
const TIME_ZONE =
  process.env.PQ_DEMO_TIME_ZONE && isValidTimeZone(process.env.PQ_DEMO_TIME_ZONE)
    ? process.env.PQ_DEMO_TIME_ZONE
    : "Pacific/Auckland";
const MINUTE = 60_000;
const EVERY_DAY = [1, 2, 3, 4, 5, 6, 7];

const DOCTORS = [
  {
    name: "Dr Aroha Ngata",
    specialty: "General Practice",
    room: "1",
    /** Hours before the demo's first slot that this doctor's 8-hour day starts. */
    startsBefore: 1,
    consultationMinutes: 15,
    count: 12,
  },
  {
    name: "Dr Samuel Chen",
    specialty: "Paediatrics",
    room: "2",
    /** Hours before the demo's first slot that this doctor's 8-hour day starts. */
    startsBefore: 2,
    consultationMinutes: 12,
    count: 14,
  },
  {
    name: "Dr Priya Raman",
    specialty: "Dermatology",
    room: "3",
    /** Hours before the demo's first slot that this doctor's 8-hour day starts. */
    startsBefore: 0,
    consultationMinutes: 20,
    count: 10,
  },
] as const;

const PATIENT_NAMES = [
  "Olivia Brown",
  "Jack Wilson",
  "Amelia Taylor",
  "Noah Smith",
  "Isla Thompson",
  "Leo Walker",
  "Charlotte White",
  "Oliver Harris",
  "Mia Martin",
  "George King",
  "Ava Clarke",
  "Lucas Wright",
  "Sophie Young",
  "Hunter Hall",
  "Ruby Allen",
  "Mason Scott",
  "Grace Green",
  "Ethan Baker",
  "Harper Adams",
  "Liam Nelson",
  "Ella Mitchell",
  "James Turner",
  "Zoe Phillips",
  "Henry Campbell",
  "Lily Parker",
  "Thomas Evans",
  "Emily Edwards",
  "William Collins",
  "Chloe Stewart",
  "Samuel Morris",
  "Hannah Rogers",
  "Max Reed",
  "Anna Cook",
  "Ben Morgan",
  "Kate Bell",
  "Sam Murphy",
  "Ivy Bailey",
  "Toby Cooper",
  "Maya Richardson",
  "Finn Cox",
];

const LOGINS = [
  { email: "admin@demo.hospital", name: "Alex Admin", role: "ADMIN" },
  { email: "reception@demo.hospital", name: "Rita Reception", role: "RECEPTIONIST" },
  { email: "doctor@demo.hospital", name: DOCTORS[0].name, role: "DOCTOR" },
] as const;

type Status = "BOOKED" | "CHECKED_IN" | "COMPLETED";

/**
 * Four local 1-hour slots: the previous, current and next two (kept inside today's local date). The
 * earlier slot gets two appointments, the rest go round-robin to the current and later slots, each
 * slot holding at most what fits at the doctor's consultation length.
 */
export function plannedTimes(now: Date, consultationMinutes: number, count: number): Date[] {
  const slots = slotStartsOfDay(localDateOf(now, TIME_ZONE), TIME_ZONE);
  const currentStart = slotStartOf(now, TIME_ZONE).getTime();
  const current = Math.max(
    0,
    slots.findIndex((s) => s.getTime() === currentStart),
  );
  const first = Math.max(0, Math.min(current - 1, slots.length - 4));
  const chosen = slots.slice(first, first + 4);
  const perSlot = Math.floor(60 / consultationMinutes);
  const filled = chosen.map(() => 0);
  const isPast = (i: number) => (chosen[i] as Date).getTime() < currentStart;
  let left = count;
  const fill = (i: number, upTo: number) => {
    const take = Math.max(0, Math.min(upTo - (filled[i] as number), left));
    filled[i] = (filled[i] as number) + take;
    left -= take;
  };
  const indexes = chosen.map((_, i) => i);
  for (const i of indexes) if (isPast(i)) fill(i, Math.min(2, perSlot));
  for (let round = 1; round <= perSlot && left > 0; round++) {
    for (const i of indexes) if (!isPast(i)) fill(i, round);
  }
  for (const i of indexes) fill(i, perSlot); // late in the day: the earlier slots take the rest
  return chosen.flatMap((slot, i) =>
    Array.from(
      { length: filled[i] as number },
      (_, k) => new Date(slot.getTime() + k * consultationMinutes * MINUTE),
    ),
  );
}

/**
 * An 8-hour working day around the demo's slots, so the demo reads right whatever the hour it is
 * started: it begins `startsBefore` hours before the first planned slot (kept within the day) and
 * ends 8 hours later ("24:00" = midnight).
 */
export function demoWorkingHours(firstSlot: Date, startsBefore: number): { start: string; end: string } {
  const start = Math.max(0, Math.min(localHourOf(firstSlot, TIME_ZONE) - startsBefore, 16));
  const hh = (h: number) => `${String(h).padStart(2, "0")}:00`;
  return { start: hh(start), end: hh(start + 8) };
}

/** Creates the demo hospital and returns true, or returns false when it already exists. */
export async function seedDemo(db: PrismaClient, now = clockNow()): Promise<boolean> {
  if (await db.hospital.findUnique({ where: { slug: DEMO_SLUG }, select: { id: true } })) return false;
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const date = localDateOf(now, TIME_ZONE);
  try {
    await db.$transaction(
      async (tx) => {
        const hospital = await tx.hospital.create({
          data: { slug: DEMO_SLUG, name: "Harbourview Hospital", timeZone: TIME_ZONE },
        });
        let patientIndex = 0;
        const doctorIds: string[] = [];
        for (const d of DOCTORS) {
          const { count, startsBefore, ...fields } = d;
          const times = plannedTimes(now, d.consultationMinutes, count);
          const hours = demoWorkingHours(times[0] ?? now, startsBefore);
          const doctor = await tx.doctor.create({
            data: {
              ...fields,
              hospitalId: hospital.id,
              periods: { create: everyDay(hours.start, hours.end, EVERY_DAY) },
            },
          });
          doctorIds.push(doctor.id);
          const queueDay = await tx.queueDay.create({
            data: {
              hospitalId: hospital.id,
              doctorId: doctor.id,
              date,
              nextTicket: times.length + 1,
              version: 0,
            },
          });
          let completed = false;
          let checkedIn = 0;
          for (const [i, scheduledAt] of times.entries()) {
            const bookedAt = new Date(scheduledAt.getTime() - (24 * 60 + i * 37) * MINUTE);
            let paidAt: Date | null = i % 3 === 2 ? null : new Date(bookedAt.getTime() + (5 + i) * MINUTE);
            let status: Status = "BOOKED";
            let checkedInAt: Date | null = null;
            let startedAt: Date | null = null;
            let endedAt: Date | null = null;
            const end = scheduledAt.getTime() + (2 + d.consultationMinutes) * MINUTE;
            if (!completed && end <= now.getTime()) {
              // The first patient of the earlier slot has been seen already.
              completed = true;
              status = "COMPLETED";
              paidAt ??= new Date(scheduledAt.getTime() - 20 * MINUTE);
              checkedInAt = new Date(scheduledAt.getTime() - 10 * MINUTE);
              startedAt = new Date(scheduledAt.getTime() + 2 * MINUTE);
              endedAt = new Date(end);
            } else if (checkedIn < 3 && i % 2 === 1 && scheduledAt.getTime() <= now.getTime() + 45 * MINUTE) {
              // A few of the patients due around now are already in the waiting room.
              checkedIn++;
              status = "CHECKED_IN";
              checkedInAt = new Date(Math.min(now.getTime() - MINUTE, scheduledAt.getTime() - 10 * MINUTE));
              paidAt ??= new Date(checkedInAt.getTime() - MINUTE);
            }
            const patient = await tx.patient.create({
              data: {
                hospitalId: hospital.id,
                name: PATIENT_NAMES[patientIndex++ % PATIENT_NAMES.length] as string,
              },
            });
            await tx.appointment.create({
              data: {
                hospitalId: hospital.id,
                doctorId: doctor.id,
                patientId: patient.id,
                queueDayId: queueDay.id,
                ticket: i + 1,
                scheduledAt,
                bookedAt,
                paidAt,
                status,
                checkedInAt,
                startedAt,
                endedAt,
              },
            });
          }
        }
        for (const login of LOGINS) {
          await tx.staffUser.create({
            data: {
              hospitalId: hospital.id,
              email: login.email,
              name: login.name,
              role: login.role,
              passwordHash,
              doctorId: login.role === "DOCTOR" ? doctorIds[0] : null,
            },
          });
        }
      },
      { maxWait: 10_000, timeout: 60_000 },
    );
  } catch (err) {
    // Another process seeded at the same moment (unique slug): that is the same outcome.
    if ((err as { code?: string }).code === "P2002") return false;
    throw err;
  }
  await quoteWaitingPatients(db, now);
  console.info(
    [
      `[seed] Harbourview Hospital (slug "${DEMO_SLUG}", ${TIME_ZONE}) with today's queues for ${date}.`,
      `[seed] Staff sign-in, password ${DEMO_PASSWORD}:`,
      ...LOGINS.map((l) => `         ${l.email.padEnd(26)} ${l.role.toLowerCase()}`),
    ].join("\n"),
  );
  return true;
}

/**
 * The seeded waiting patients get the start the queue quotes them now, and its likely range, as a
 * staff check-in records them (quotedStartAt, quotedEarliestAt, quotedLatestAt): without them the
 * statistics could never measure the estimate for them once seen.
 */
async function quoteWaitingPatients(db: PrismaClient, now: Date) {
  const days = await db.queueDay.findMany({ where: { hospital: { slug: DEMO_SLUG } }, select: { id: true } });
  for (const day of days) {
    const state = await loadQueueState(day.id);
    if (!state) continue;
    for (const e of snapshotFromState(state, now).entries) {
      if (e.status !== "CHECKED_IN" || !e.estimatedStartAt) continue;
      await db.appointment.update({
        where: { id: e.appointmentId },
        data: {
          quotedStartAt: e.estimatedStartAt,
          quotedEarliestAt: e.earliestStartAt ?? null,
          quotedLatestAt: e.latestStartAt ?? null,
        },
      });
    }
  }
}

async function main() {
  startConfiguredClock();
  const created = await seedDemo(getDb());
  if (!created) console.info(`[seed] the demo hospital (slug "${DEMO_SLUG}") already exists: nothing to do`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main()
    .then(async () => {
      await closeDb();
      process.exit(0);
    })
    .catch(async (err) => {
      console.error("[seed] failed:", err instanceof Error ? err.message : err);
      await closeDb().catch(() => {});
      process.exit(1);
    });
}
