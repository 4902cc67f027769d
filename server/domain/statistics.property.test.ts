// Invariants of the statistics over random clinic periods: order of percentiles, rates in [0, 1],
// totals that add up, and local hours that match the time zone.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { computeStatistics, percentile, STATUSES, type StatAppointment, summarize } from "./statistics.ts";
import { addDays, localHourOf, zonedTimeToUtc } from "./time.ts";

const MIN = 60_000;
const TIME_ZONES = ["Pacific/Auckland", "Asia/Kathmandu", "America/St_Johns", "Australia/Lord_Howe", "UTC"];
const FROM = "2026-03-30"; // a week that holds Auckland's and Lord Howe's April DST change

const finite = fc.double({ min: -1e6, max: 1e6, noNaN: true, noDefaultInfinity: true });

describe("summarize", () => {
  it("min <= median <= p90 <= max, and the mean lies between min and max", () => {
    fc.assert(
      fc.property(fc.array(finite, { minLength: 1, maxLength: 60 }), (values) => {
        const s = summarize(values);
        expect(s.count).toBe(values.length);
        expect(s.min!).toBeLessThanOrEqual(s.median!);
        expect(s.median!).toBeLessThanOrEqual(s.p90!);
        expect(s.p90!).toBeLessThanOrEqual(s.max!);
        expect(s.mean!).toBeGreaterThanOrEqual(s.min!);
        expect(s.mean!).toBeLessThanOrEqual(s.max!);
      }),
    );
  });

  it("a percentile never falls as p rises and is always one of the values or between two", () => {
    fc.assert(
      fc.property(
        fc.array(finite, { minLength: 1, maxLength: 40 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (values, p, q) => {
          const sorted = [...values].sort((a, b) => a - b);
          const [lo, hi] = p <= q ? [p, q] : [q, p];
          expect(percentile(sorted, lo)!).toBeLessThanOrEqual(percentile(sorted, hi)!);
          expect(percentile(sorted, lo)!).toBeGreaterThanOrEqual(sorted[0]!);
          expect(percentile(sorted, hi)!).toBeLessThanOrEqual(sorted[sorted.length - 1]!);
        },
      ),
    );
  });
});

/** A random appointment whose timestamps follow its status the way the queue sets them. */
const appointmentArb = (timeZone: string): fc.Arbitrary<StatAppointment> =>
  fc
    .record({
      day: fc.integer({ min: -1, max: 7 }), // a day either side of the 7-day period
      slotMinute: fc.integer({ min: 0, max: 24 * 60 - 1 }),
      status: fc.constantFrom(...STATUSES),
      urgent: fc.boolean(),
      walkIn: fc.boolean(),
      arrivalOffset: fc.integer({ min: -90, max: 60 }),
      waitAfterArrival: fc.integer({ min: 0, max: 180 }),
      consultation: fc.integer({ min: 0, max: 60 }),
      quoteOffset: fc.option(fc.integer({ min: -60, max: 60 }), { nil: null }),
      restored: fc.boolean(),
      doctor: fc.constantFrom("d1", "d2"),
    })
    .map((r) => {
      const scheduledAt = new Date(
        zonedTimeToUtc(addDays(FROM, r.day), "00:00", timeZone).getTime() + r.slotMinute * MIN,
      );
      const arrived = ["CHECKED_IN", "CALLED", "IN_CONSULTATION", "COMPLETED"].includes(r.status);
      const started = ["IN_CONSULTATION", "COMPLETED"].includes(r.status);
      const checkedInAt = arrived ? new Date(scheduledAt.getTime() + r.arrivalOffset * MIN) : null;
      const startedAt =
        started && checkedInAt ? new Date(checkedInAt.getTime() + r.waitAfterArrival * MIN) : null;
      return {
        doctorId: r.doctor,
        status: r.status,
        priority: r.urgent ? "URGENT" : "NORMAL",
        source: r.walkIn ? "WALK_IN" : "BOOKING",
        scheduledAt,
        checkedInAt,
        startedAt,
        endedAt:
          r.status === "COMPLETED" && startedAt ? new Date(startedAt.getTime() + r.consultation * MIN) : null,
        noShowAt: r.status === "NO_SHOW" || (arrived && r.restored) ? scheduledAt : null,
        noShowDueAt: null,
        quotedStartAt:
          checkedInAt && r.quoteOffset !== null
            ? new Date(checkedInAt.getTime() + (30 + r.quoteOffset) * MIN)
            : null,
      } satisfies StatAppointment;
    });

const periodArb = fc.constantFrom(...TIME_ZONES).chain((timeZone) =>
  fc.record({
    timeZone: fc.constant(timeZone),
    appointments: fc.array(appointmentArb(timeZone), { maxLength: 60 }),
  }),
);

const compute = (p: { timeZone: string; appointments: StatAppointment[] }) =>
  computeStatistics({
    from: FROM,
    to: addDays(FROM, 6),
    timeZone: p.timeZone,
    now: new Date("2026-04-03T00:00:00Z"),
    noShowGraceMinutes: 15,
    appointments: p.appointments,
  });

describe("computeStatistics over random periods", () => {
  it("rates are in [0, 1] or null, and no figure is NaN", () => {
    fc.assert(
      fc.property(periodArb, (p) => {
        const s = compute(p);
        for (const r of [
          s.noShow.rate,
          s.earlyArrival.share,
          s.estimateAccuracy.within5Minutes,
          s.estimateAccuracy.within10Minutes,
          ...s.series.map((d) => d.noShowRate),
        ]) {
          if (r !== null) expect(r >= 0 && r <= 1).toBe(true);
        }
        JSON.stringify(s, (_k, v) => {
          if (typeof v === "number") expect(Number.isFinite(v)).toBe(true);
          return v;
        });
      }),
    );
  });

  it("totals add up: statuses, days of the series, hours, buckets", () => {
    fc.assert(
      fc.property(periodArb, (p) => {
        const s = compute(p);
        const n = s.totals.appointments;
        expect(Object.values(s.totals.byStatus).reduce((a, b) => a + b, 0)).toBe(n);
        expect(s.series).toHaveLength(7);
        const sum = (key: "appointments" | "completed" | "noShows" | "cancelled" | "urgent" | "walkIns") =>
          s.series.reduce((total, d) => total + d[key], 0);
        expect(sum("appointments")).toBe(n);
        expect(sum("completed")).toBe(s.totals.byStatus.COMPLETED);
        expect(sum("noShows")).toBe(s.noShow.noShows);
        expect(sum("cancelled")).toBe(s.totals.byStatus.CANCELLED);
        expect(sum("urgent")).toBe(s.totals.urgent);
        expect(sum("walkIns")).toBe(s.totals.walkIns);
        expect(
          s.noShow.noShows + s.noShow.attended + s.totals.byStatus.BOOKED + s.totals.byStatus.CANCELLED,
        ).toBe(n);
        expect(s.peakHours.hours.reduce((t, h) => t + h.bookings, 0)).toBe(n - s.totals.byStatus.CANCELLED);
        expect(s.peakHours.hours.reduce((t, h) => t + h.checkIns, 0)).toBe(s.noShow.attended);
        expect(s.earlyArrival.buckets.reduce((t, b) => t + b.count, 0)).toBe(s.earlyArrival.early);
        expect(s.earlyArrival.early).toBeLessThanOrEqual(s.earlyArrival.checkedIn);
      }),
    );
  });

  it("the wait the patient experienced never exceeds the raw wait from check-in", () => {
    fc.assert(
      fc.property(periodArb, (p) => {
        const { experienced, fromCheckIn } = compute(p).wait;
        expect(experienced.count).toBe(fromCheckIn.count);
        if (experienced.count === 0) return;
        expect(experienced.min!).toBeGreaterThanOrEqual(0);
        for (const key of ["mean", "median", "p90", "max"] as const) {
          expect(experienced[key]!).toBeLessThanOrEqual(fromCheckIn[key]!);
        }
      }),
    );
  });

  it("peak hours put each check-in in its local hour, on DST days and in half-hour zones too", () => {
    fc.assert(
      fc.property(periodArb, (p) => {
        const expected = Array.from({ length: 24 }, () => 0);
        const inPeriod = new Set(compute(p).series.map((d) => d.date));
        for (const a of p.appointments) {
          const date = new Intl.DateTimeFormat("en-CA", { timeZone: p.timeZone }).format(a.scheduledAt);
          if (a.checkedInAt && inPeriod.has(date)) expected[localHourOf(a.checkedInAt, p.timeZone)]!++;
        }
        expect(compute(p).peakHours.hours.map((h) => h.checkIns)).toEqual(expected);
      }),
    );
  });
});
