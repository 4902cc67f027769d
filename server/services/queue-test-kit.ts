// Test support for the queue engine's integration tests (imported by *.test.ts only): a hospital
// whose local clock sits mid-hour in the middle of the day (the run's fixed business instant), with staff of
// every role, and helpers that check a refused change left the queue untouched.

import { TRPCError } from "@trpc/server";
import { expect } from "vitest";
import { now as clockNow } from "../clock.ts";
import { getDb } from "../db/client.ts";
import { findStaffForSession } from "../db/staff-repo.ts";
import { DomainError, isReason, statusOf } from "../domain/errors.ts";
import { everyDay } from "../domain/hours.ts";
import { formatLocalTime, localDateOf, localHourOf, zonedTimeToUtc } from "../domain/time.ts";
import { createHospitalFixture, type FixtureAppointment } from "../test/fixtures.ts";
import { callerFor } from "../trpc/caller.ts";
import { type ErrorReason, reasonOf } from "../trpc/errors.ts";
import { getSnapshot } from "./snapshot.ts";

const pad = (n: number) => String(n).padStart(2, "0");

/**
 * The hospital's local clock at `now` (business time: the run's fixed start, server/test/global-setup.ts),
 * which must be mid-hour in the middle of the day: an hour slot before it, the current one with at
 * least 15 minutes left, and later ones the same day. Times are "HH:MM" relative to it.
 */
export function queueClock(now = clockNow(), timeZone = "Pacific/Auckland") {
  const [h, m] = formatLocalTime(now, timeZone).split(":").map(Number);
  if (!(h! >= 3 && h! <= 19 && m! >= 5 && m! <= 44))
    throw new Error(`queueClock needs mid-hour daytime; ${now.toISOString()} is ${h}:${m} in ${timeZone}`);
  const hour = localHourOf(now, timeZone);
  const date = localDateOf(now, timeZone);
  /** Local "HH:MM" of the slot `hours` from the current one, at `minute`. */
  const hhmm = (hours: number, minute = 0) => `${pad(hour + hours)}:${pad(minute)}`;
  return {
    now,
    timeZone,
    date,
    hour,
    hhmm,
    at: (hours: number, minute = 0) => zonedTimeToUtc(date, hhmm(hours, minute), timeZone),
  };
}

export type QueueClock = ReturnType<typeof queueClock>;

let serial = 0;

/** A hospital with one queue (the fixture's) and staff of every role, plus a second doctor. */
export async function queueWorld(
  appointments: (clock: QueueClock) => FixtureAppointment[] = () => [],
  now = clockNow(),
) {
  const clock = queueClock(now);
  const fx = await createHospitalFixture({
    timeZone: clock.timeZone,
    now,
    appointments: appointments(clock),
  });
  const db = getDb();
  const otherDoctor = await db.doctor.create({
    data: {
      hospitalId: fx.hospital.id,
      name: "Dr Other",
      room: "9",
      periods: { create: everyDay("00:00", "24:00") },
    },
  });
  const staffUser = (role: "ADMIN" | "DOCTOR", doctorId: string | null) =>
    db.staffUser.create({
      data: {
        hospitalId: fx.hospital.id,
        email: `${role.toLowerCase()}-${fx.hospital.slug}-${serial++}@test.local`,
        name: `${role} user`,
        passwordHash: "not-used",
        role,
        doctorId,
      },
    });
  const [admin, doctorUser, otherDoctorUser] = await Promise.all([
    staffUser("ADMIN", null),
    staffUser("DOCTOR", fx.doctor.id),
    staffUser("DOCTOR", otherDoctor.id),
  ]);
  const callerOf = async (id: string) => callerFor(await findStaffForSession(id));
  const callers = {
    reception: await callerOf(fx.receptionist.id),
    admin: await callerOf(admin.id),
    doctor: await callerOf(doctorUser.id),
    otherDoctor: await callerOf(otherDoctorUser.id),
  };
  const queueDayId = fx.queueDay.id;
  return {
    ...fx,
    clock,
    otherDoctor,
    queueDayId,
    callers,
    actor: `staff:${fx.receptionist.id}`,
    scope: { hospitalId: fx.hospital.id },
    /** The queue's version and number of events. */
    facts: (id = queueDayId) => queueFacts(id),
    snapshot: async (id = queueDayId) => (await getSnapshot(id, { fresh: true }))!,
    events: (id = queueDayId) =>
      db.queueEvent.findMany({ where: { queueDayId: id }, orderBy: { version: "asc" } }),
    appointment: (id: string) => db.appointment.findUniqueOrThrow({ where: { id } }),
  };
}

export type QueueWorld = Awaited<ReturnType<typeof queueWorld>>;

export async function queueFacts(queueDayId: string) {
  const db = getDb();
  const [day, events] = await Promise.all([
    db.queueDay.findUniqueOrThrow({ where: { id: queueDayId }, select: { version: true } }),
    db.queueEvent.count({ where: { queueDayId } }),
  ]);
  return { version: day.version, events };
}

/**
 * The change is refused with `expected` (and `message`), and the queue has no new version or event.
 * `expected` is a reason (server/domain/errors.ts: its status is checked too) or, for a refusal no
 * domain reason explains (a schema's), the status.
 */
export async function expectRefused(
  queueDayId: string,
  change: () => Promise<unknown>,
  expected: ErrorReason,
  message?: RegExp,
) {
  const before = await queueFacts(queueDayId);
  const error = await change().then(
    () => null,
    (e: unknown) => e as { code?: string; message?: string },
  );
  expect(error, "the change should have been refused").not.toBeNull();
  if (isReason(expected) && statusOf(expected) !== expected) {
    expect(error?.code).toBe(statusOf(expected));
    const reason =
      error instanceof DomainError ? error.reason : error instanceof TRPCError ? reasonOf(error) : undefined;
    expect(reason).toBe(expected);
  } else expect(error?.code).toBe(expected);
  if (message) expect(error?.message).toMatch(message);
  expect(await queueFacts(queueDayId)).toEqual(before);
  return error;
}

/** Waiting positions of a snapshot in order, with the appointment ids. */
export function waitingLine(snapshot: {
  entries: { appointmentId: string; position: number | null; status: string }[];
}) {
  return snapshot.entries.filter((e) => e.status === "BOOKED" || e.status === "CHECKED_IN");
}
