// Rescheduling to another day or doctor: both queue days change in one transaction (one event and
// one version each), the appointment takes the target day's next ticket and starts there as a fresh
// booking; refusals leave both days untouched; crossing moves and racing bookings neither deadlock
// nor share a ticket.
import { afterEach, expect, it, vi } from "vitest";
import { now as clockNow } from "../clock.ts";
import { getDb } from "../db/client.ts";
import { loadQueueState, queueChangeRetries } from "../db/queue-repo.ts";
import { zonedTimeToUtc } from "../domain/time.ts";
import { getHub } from "../realtime/hub.ts";
import { describeNeeding } from "../test/needs.ts";
import { bookAppointment } from "./intake.ts";
import { cancelAppointment } from "./queue-changes.ts";
import { expectRefused, queueFacts, queueWorld } from "./queue-test-kit.ts";
import { undoLastChange } from "./queue-undo.ts";
import { rescheduleAppointment } from "./reschedule.ts";
import { type QueueSnapshot, snapshotFromState } from "./snapshot.ts";

const DAY_MS = 24 * 3_600_000;

/** The local date `days` after the world's date. */
function dateAfter(date: string, days: number): string {
  return new Date(new Date(`${date}T12:00:00Z`).getTime() + days * DAY_MS).toISOString().slice(0, 10);
}

async function dayOf(doctorId: string, date: string) {
  return getDb().queueDay.findUniqueOrThrow({ where: { doctorId_date: { doctorId, date } } });
}

afterEach(() => {
  vi.restoreAllMocks();
});

describeNeeding(["pg"], "rescheduling to another day or doctor", () => {
  it("moves a checked-in patient to tomorrow with another doctor: new ticket, fresh state, an event on each day", async () => {
    const w = await queueWorld((c) => [
      { at: c.hhmm(0), status: "CHECKED_IN", paidMinutesBefore: 30 },
      { at: c.hhmm(1) },
    ]);
    const [moving, staying] = w.appointments;
    const db = getDb();
    // Day-specific state a fresh booking would not have.
    await db.appointment.update({
      where: { id: moving!.id },
      data: {
        orderRank: 0.5,
        lateMinutes: 10,
        lateReports: 1,
        lateReportedAt: w.clock.now,
        checkedInBy: "staff",
      },
    });
    const tomorrow = dateAfter(w.date, 1);
    // The other doctor already has a patient tomorrow: the moved one takes the next ticket after theirs.
    const first = await bookAppointment(
      w.scope,
      {
        doctorId: w.otherDoctor.id,
        patientName: "Already There",
        scheduledAt: zonedTimeToUtc(tomorrow, "09:00", w.timeZone),
      },
      w.actor,
    );
    const target = await dayOf(w.otherDoctor.id, tomorrow);
    const sourceBefore = await w.facts();
    const targetBefore = await queueFacts(target.id);
    const scheduledAt = zonedTimeToUtc(tomorrow, "10:30", w.timeZone);
    const offer = vi.spyOn(getHub(), "offer");

    const moved = await rescheduleAppointment(
      w.scope,
      { appointmentId: moving!.id, scheduledAt, doctorId: w.otherDoctor.id },
      w.actor,
    );
    expect(moved).toMatchObject({
      type: "RESCHEDULED_IN",
      ticket: first.ticket + 1,
      doctorId: w.otherDoctor.id,
      date: tomorrow,
      fromPosition: 1,
      toPosition: 2,
      version: targetBefore.version + 1,
    });

    const row = await w.appointment(moving!.id);
    expect(row).toMatchObject({
      queueDayId: target.id,
      doctorId: w.otherDoctor.id,
      ticket: first.ticket + 1,
      scheduledAt,
      status: "BOOKED",
      checkedInAt: null,
      checkedInBy: null,
      orderRank: null,
      noShowDueAt: null,
      lateMinutes: null,
      lateReports: 0,
    });
    // Who the patient is and what they paid stay.
    expect(row.paidAt).toEqual(moving!.paidAt);
    expect(row.patientId).toBe(moving!.patientId);

    expect(await w.facts()).toEqual({ version: sourceBefore.version + 1, events: sourceBefore.events + 1 });
    expect(await queueFacts(target.id)).toEqual({
      version: targetBefore.version + 1,
      events: targetBefore.events + 1,
    });
    const out = (await w.events()).at(-1)!;
    expect(out).toMatchObject({ type: "RESCHEDULED_OUT", appointmentId: moving!.id, fromPosition: 1 });
    expect(out.toPosition).toBeNull();
    expect(out.data).toMatchObject({ toQueueDayId: target.id, toDate: tomorrow, ticket: first.ticket + 1 });
    const into = (await w.events(target.id)).at(-1)!;
    expect(into).toMatchObject({ type: "RESCHEDULED_IN", appointmentId: moving!.id, toPosition: 2 });
    expect(into.data).toMatchObject({ fromQueueDayId: w.queueDayId, fromTicket: moving!.ticket });

    // Each day's after-image went to its live subscribers, and equals a load of that version.
    const offered = offer.mock.calls.map((call) => call[1] as QueueSnapshot);
    expect(offered.map((o) => [o.queueDayId, o.version])).toEqual([
      [w.queueDayId, sourceBefore.version + 1],
      [target.id, targetBefore.version + 1],
    ]);
    for (const image of offered) {
      const state = await loadQueueState(image.queueDayId);
      expect(image.entries).toEqual(snapshotFromState(state!, image.builtAt).entries);
    }

    // The snapshots each day's live views get: gone from today, on tomorrow's list.
    const today = await w.snapshot();
    expect(today.entries.map((e) => e.appointmentId)).toEqual([staying!.id]);
    const next = await w.snapshot(target.id);
    expect(next.entries.map((e) => [e.appointmentId, e.ticket, e.status])).toEqual([
      [first.appointmentId, first.ticket, "BOOKED"],
      [moving!.id, first.ticket + 1, "BOOKED"],
    ]);
  });

  it("a move to the same doctor on another day keeps the doctor; an undo on the new day reads that day's history", async () => {
    const w = await queueWorld((c) => [{ at: c.hhmm(1) }]);
    const [a] = w.appointments;
    // Versions count per day: today's is far ahead of the new day's.
    await getDb().queueDay.update({ where: { id: w.queueDayId }, data: { version: 50 } });
    const later = dateAfter(w.date, 3);
    await rescheduleAppointment(
      w.scope,
      { appointmentId: a!.id, scheduledAt: zonedTimeToUtc(later, "11:00", w.timeZone) },
      w.actor,
    );
    const target = await dayOf(w.doctor.id, later);
    expect(await w.appointment(a!.id)).toMatchObject({
      doctorId: w.doctor.id,
      queueDayId: target.id,
      ticket: 1,
    });
    // The move out of today is version 51 there; the undo must take back the cancellation on the
    // new day (its version 2), not look at the old day's move.
    await cancelAppointment(w.scope, a!.id, w.actor);
    const undone = await undoLastChange(w.scope, a!.id, w.actor);
    expect(undone).toMatchObject({ undone: "CANCELLED", status: "BOOKED" });
  });

  it("refuses a time outside the target doctor's hours, their day off, an inactive doctor, a past time and a patient already called", async () => {
    const w = await queueWorld((c) => [{ at: c.hhmm(1) }, { at: c.hhmm(0), status: "CALLED" }]);
    const [booked, called] = w.appointments;
    const db = getDb();
    const tomorrow = dateAfter(w.date, 1);
    const mornings = await db.doctor.create({
      data: {
        hospitalId: w.hospital.id,
        name: "Dr Mornings",
        room: "3",
        periods: {
          create: [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, start: "08:00", end: "12:00" })),
        },
        daysOff: { create: [{ date: dateAfter(w.date, 2) }] },
      },
    });
    const gone = await db.doctor.create({
      data: { hospitalId: w.hospital.id, name: "Dr Gone", room: "4", active: false },
    });
    const move = (appointmentId: string, date: string, hhmm: string, doctorId?: string) => () =>
      rescheduleAppointment(
        w.scope,
        { appointmentId, scheduledAt: zonedTimeToUtc(date, hhmm, w.timeZone), doctorId },
        w.actor,
      );
    await expectRefused(
      w.queueDayId,
      move(booked!.id, tomorrow, "15:00", mornings.id),
      "OUTSIDE_WORKING_HOURS",
    );
    await expectRefused(
      w.queueDayId,
      move(booked!.id, dateAfter(w.date, 2), "09:00", mornings.id),
      "DOCTOR_DAY_OFF",
    );
    await expectRefused(w.queueDayId, move(booked!.id, tomorrow, "09:00", gone.id), "DOCTOR_INACTIVE");
    await expectRefused(w.queueDayId, move(booked!.id, w.date, w.clock.hhmm(-1)), "SLOT_ENDED");
    await expectRefused(
      w.queueDayId,
      move(called!.id, tomorrow, "09:00", mornings.id),
      "RESCHEDULE_NOT_BOOKED",
    );
    // Nothing was booked on the doctor's days either.
    expect(await db.appointment.count({ where: { doctorId: mornings.id } })).toBe(0);
  });

  it("refuses to move an appointment off a day that is over", async () => {
    const yesterday = new Date(clockNow().getTime() - DAY_MS);
    const w = await queueWorld((c) => [{ at: c.hhmm(0) }], yesterday);
    const [a] = w.appointments;
    const inTwoDays = dateAfter(w.date, 3);
    await expectRefused(
      w.queueDayId,
      () =>
        rescheduleAppointment(
          w.scope,
          { appointmentId: a!.id, scheduledAt: zonedTimeToUtc(inTwoDays, "10:00", w.timeZone) },
          w.actor,
        ),
      "DAY_PASSED",
    );
    expect((await w.appointment(a!.id)).queueDayId).toBe(w.queueDayId);
  });

  it("two moves crossing between the same two days at once both finish (locks in one order), many times over", async () => {
    const w = await queueWorld((c) => Array.from({ length: 12 }, (_, i) => ({ at: c.hhmm(1 + (i % 3)) })));
    const tomorrow = dateAfter(w.date, 1);
    // Half of today's patients go to tomorrow while tomorrow's go to today, pairwise at once.
    const tomorrows = [];
    for (let i = 0; i < 6; i++)
      tomorrows.push(
        await bookAppointment(
          w.scope,
          {
            doctorId: w.doctor.id,
            patientName: `Tomorrow ${i}`,
            scheduledAt: zonedTimeToUtc(tomorrow, "10:00", w.timeZone),
          },
          w.actor,
        ),
      );
    const target = await dayOf(w.doctor.id, tomorrow);
    const todayBefore = await w.facts();
    const tomorrowBefore = await queueFacts(target.id);
    const retriesBefore = queueChangeRetries();
    const results = await Promise.allSettled(
      tomorrows.flatMap((t, i) => [
        rescheduleAppointment(
          w.scope,
          {
            appointmentId: w.appointments[i]!.id,
            scheduledAt: zonedTimeToUtc(tomorrow, "11:00", w.timeZone),
          },
          w.actor,
        ),
        rescheduleAppointment(
          w.scope,
          { appointmentId: t.appointmentId, scheduledAt: w.clock.at(2) },
          w.actor,
        ),
      ]),
    );
    expect(results.filter((r) => r.status === "rejected")).toEqual([]);
    // No transaction was rolled back as a deadlock and run again (that retry would hide one).
    expect(queueChangeRetries()).toBe(retriesBefore);
    expect(await w.facts()).toEqual({ version: todayBefore.version + 12, events: todayBefore.events + 12 });
    expect(await queueFacts(target.id)).toEqual({
      version: tomorrowBefore.version + 12,
      events: tomorrowBefore.events + 12,
    });
    for (const [day, count] of [
      [w.queueDayId, 12],
      [target.id, 6],
    ] as const) {
      const rows = await getDb().appointment.findMany({
        where: { queueDayId: day },
        select: { ticket: true },
      });
      expect(rows).toHaveLength(count);
      expect(new Set(rows.map((r) => r.ticket)).size).toBe(count);
    }
  }, 60_000);

  it("moves racing bookings into the same day keep every ticket unique", async () => {
    const w = await queueWorld((c) => Array.from({ length: 8 }, () => ({ at: c.hhmm(1) })));
    const tomorrow = dateAfter(w.date, 1);
    const at = zonedTimeToUtc(tomorrow, "10:00", w.timeZone);
    const results = await Promise.allSettled([
      ...w.appointments.map((a) =>
        rescheduleAppointment(w.scope, { appointmentId: a.id, scheduledAt: at }, w.actor),
      ),
      ...Array.from({ length: 8 }, (_, i) =>
        bookAppointment(
          w.scope,
          { doctorId: w.doctor.id, patientName: `Racer ${i}`, scheduledAt: at },
          w.actor,
        ),
      ),
    ]);
    expect(results.filter((r) => r.status === "rejected")).toEqual([]);
    const target = await dayOf(w.doctor.id, tomorrow);
    const rows = await getDb().appointment.findMany({
      where: { queueDayId: target.id },
      select: { ticket: true },
    });
    expect(rows.map((r) => r.ticket).sort((a, b) => a - b)).toEqual(
      Array.from({ length: 16 }, (_, i) => i + 1),
    );
    expect(await queueFacts(target.id)).toEqual({ version: 16, events: 16 });
  }, 60_000);
});
