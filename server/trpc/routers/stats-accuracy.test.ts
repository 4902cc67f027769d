// Estimate accuracy through the real queue: patients checked in, called, started and completed with the
// test clock advanced. The statistics compare the start quoted at check-in with the real start as soon
// as a consultation has started, per doctor and day, with the share seen inside the quote's range.
import { afterEach, expect, it } from "vitest";
import { clockFrom, now, setClock } from "../../clock.ts";
import { getDb } from "../../db/client.ts";
import { likelyMinutes, shownRange } from "../../domain/shown-range.ts";
import { quotedRange } from "../../domain/statistics.ts";
import { queueWorld } from "../../services/queue-test-kit.ts";
import { describeNeeding } from "../../test/needs.ts";

const MINUTE = 60_000;
const round1 = (x: number) => Math.round(x * 10) / 10;

type Quoted = { checkedInAt: Date | null; quotedStartAt: Date | null; startedAt: Date | null };
type Row = Quoted & { quotedEarliestAt: Date | null; quotedLatestAt: Date | null };

/** Started within ± 5 min, or a quarter of the quoted wait (the rule without a range shown). */
function insideQuotedRange(a: Quoted): boolean {
  const range = quotedRange(a.quotedStartAt!, a.checkedInAt!);
  return a.startedAt! >= range.from && a.startedAt! <= range.to;
}

/**
 * Started inside the range the patient's page showed at check-in (the page's own rule, in whole
 * minutes from the check-in), else by the rule without one.
 */
function insideWhatWasShown(a: Row): boolean {
  const minutes = (to: Date) => (to.getTime() - a.checkedInAt!.getTime()) / MINUTE;
  const wait = Math.max(0, Math.round(minutes(a.quotedStartAt!)));
  const shown = shownRange(likelyMinutes(a.quotedStartAt!, wait, a.quotedEarliestAt!, a.quotedLatestAt!));
  if (!shown) return insideQuotedRange(a);
  const waited = Math.round(minutes(a.startedAt!));
  return waited >= shown.from && waited <= shown.to;
}

describeNeeding(["pg"], "estimate accuracy after completed visits", () => {
  afterEach(() => setClock(null));

  it("appears once visits have completed, per doctor and day, with the share inside the range", async () => {
    const clock = clockFrom(now(), { frozen: true });
    setClock(clock);
    const w = await queueWorld(
      (c) => [0, 10, 20, 30, 40].map((minute) => ({ at: c.hhmm(0, minute) })),
      clock.now(),
    );
    const r = w.callers.reception;
    const today = { from: w.clock.date, to: w.clock.date };
    for (const a of w.appointments) await r.queue.checkIn({ appointmentId: a.id, force: true });

    const before = await w.callers.admin.stats.hospital(today);
    expect(before.estimateAccuracy.count).toBe(0);
    expect(before.estimateAccuracy.meanAbsoluteError).toBeNull();
    expect(before.accuracyByDoctorDay).toEqual([]);

    // Each patient: called, in the room 2 minutes later, out 12 minutes after that.
    for (let i = 0; i < w.appointments.length; i++) {
      const called = await r.queue.callNext({ doctorId: w.doctor.id });
      clock.advance(2 * MINUTE);
      await r.queue.start({ appointmentId: called.appointmentId! });
      clock.advance(12 * MINUTE);
      await r.queue.complete({ appointmentId: called.appointmentId! });
    }

    // What the database recorded, worked out here without the statistics code.
    const rows = await Promise.all(w.appointments.map((a) => w.appointment(a.id)));
    expect(rows.every((a) => a.status === "COMPLETED" && a.quotedStartAt && a.startedAt)).toBe(true);
    // The likely range the patient was shown was recorded with the quote, around it.
    for (const a of rows) {
      expect(a.quotedEarliestAt!.getTime()).toBeLessThanOrEqual(a.quotedStartAt!.getTime());
      expect(a.quotedLatestAt!.getTime()).toBeGreaterThanOrEqual(a.quotedStartAt!.getTime());
    }
    const errors = rows.map((a) => (a.startedAt!.getTime() - a.quotedStartAt!.getTime()) / MINUTE);
    const mae = round1(errors.reduce((s, e) => s + Math.abs(e), 0) / errors.length);
    const inside = rows.filter(insideWhatWasShown).length;

    const after = await w.callers.admin.stats.hospital(today);
    expect(after.estimateAccuracy).toMatchObject({
      count: 5,
      meanAbsoluteError: mae,
      withinRange: Math.round((inside / 5) * 1000) / 1000,
      unquoted: 0,
      rangeAssumed: 0,
    });
    expect(after.accuracyByDoctorDay).toEqual([
      {
        date: w.clock.date,
        doctorId: w.doctor.id,
        name: w.doctor.name,
        checked: 5,
        unquoted: 0,
        meanAbsoluteError: mae,
        meanSignedError: expect.any(Number),
        withinRange: Math.round((inside / 5) * 1000) / 1000,
        rangeAssumed: 0,
      },
    ]);
    expect(after.byDoctor.find((d) => d.doctorId === w.doctor.id)).toMatchObject({
      estimateMaeMinutes: mae,
      estimatesChecked: 5,
    });
    // The wait histogram holds every started consultation.
    expect(after.wait.histogram.reduce((n, b) => n + b.count, 0)).toBe(5);

    // The doctor reads the same about their own day.
    const own = await w.callers.doctor.stats.doctor({ doctorId: w.doctor.id });
    expect(own.estimateAccuracy).toMatchObject({ count: 5, meanAbsoluteError: mae });
    expect((own as { accuracyByDoctorDay: unknown[] }).accuracyByDoctorDay).toHaveLength(1);
  });

  it("judges a quote recorded without a range by the older rule, and says how many", async () => {
    const clock = clockFrom(now(), { frozen: true });
    setClock(clock);
    const w = await queueWorld((c) => [{ at: c.hhmm(0) }, { at: c.hhmm(0, 5) }], clock.now());
    const r = w.callers.reception;
    for (const a of w.appointments) await r.queue.checkIn({ appointmentId: a.id, force: true });
    // The second was checked in before ranges were stored (older data): quote only.
    const older = w.appointments[1]!;
    await getDb().appointment.update({
      where: { id: older.id },
      data: { quotedEarliestAt: null, quotedLatestAt: null },
    });
    for (let i = 0; i < 2; i++) {
      const called = await r.queue.callNext({ doctorId: w.doctor.id });
      await r.queue.start({ appointmentId: called.appointmentId! });
      clock.advance(10 * MINUTE);
      await r.queue.complete({ appointmentId: called.appointmentId! });
    }
    const olderInside = insideQuotedRange(await w.appointment(older.id));
    const shownInside = insideWhatWasShown(await w.appointment(w.appointments[0]!.id));
    const stats = await w.callers.admin.stats.hospital({ from: w.clock.date, to: w.clock.date });
    expect(stats.estimateAccuracy).toMatchObject({
      count: 2,
      rangeAssumed: 1,
      withinRange: ((olderInside ? 1 : 0) + (shownInside ? 1 : 0)) / 2,
    });
    expect(stats.accuracyByDoctorDay).toMatchObject([{ doctorId: w.doctor.id, checked: 2, rangeAssumed: 1 }]);
  });

  it("counts a consultation that started without a quote apart, instead of hiding the figure", async () => {
    const clock = clockFrom(now(), { frozen: true });
    setClock(clock);
    const w = await queueWorld((c) => [{ at: c.hhmm(0) }], clock.now());
    const [a] = w.appointments;
    const r = w.callers.reception;
    await r.queue.checkIn({ appointmentId: a!.id, force: true });
    // A row checked in before quotes were recorded (older data, the demo seed's waiting patients).
    await getDb().appointment.update({ where: { id: a!.id }, data: { quotedStartAt: null } });
    const called = await r.queue.callNext({ doctorId: w.doctor.id });
    await r.queue.start({ appointmentId: called.appointmentId! });
    const stats = await w.callers.admin.stats.hospital({ from: w.clock.date, to: w.clock.date });
    expect(stats.estimateAccuracy).toMatchObject({ count: 0, unquoted: 1, meanAbsoluteError: null });
    expect(stats.accuracyByDoctorDay).toMatchObject([{ doctorId: w.doctor.id, checked: 0, unquoted: 1 }]);
  });
});
