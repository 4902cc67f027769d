// Invariants of the slot views over random days: every open entry sits in exactly one slot, and slot
// positions run 1..k per slot in queue order; suggestions never offer an ended slot.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { isoWeekday } from "./hours.ts";
import { orderQueue, RANK_STEP } from "./ordering.ts";
import { groupIntoSlots, positionInSlot, suggestSlots, workingSlotStarts } from "./slots.ts";
import { dayBoundsUtc, slotEndOf } from "./time.ts";
import {
  APPOINTMENT_STATUSES,
  type AppointmentStatus,
  isWaitingStatus,
  type QueueEntryInput,
} from "./types.ts";

const MIN = 60_000;
const STATUSES: readonly AppointmentStatus[] = APPOINTMENT_STATUSES;
// Far from UTC, half-hour offsets, and both daylight-saving change days of New York.
const DAYS = [
  { date: "2026-06-04", timeZone: "Pacific/Auckland" },
  { date: "2026-06-04", timeZone: "Asia/Kolkata" },
  { date: "2026-11-01", timeZone: "America/New_York" },
  { date: "2026-03-08", timeZone: "America/New_York" },
] as const;
const HOURS = ["00:00", "02:30", "07:30", "09:00", "12:00", "12:45", "17:00", "23:59", "24:00"];

const dayArb = fc.record({
  day: fc.constantFrom(...DAYS),
  /** Sorted times taken in pairs: up to three periods of the day (a lunch break between them). */
  cuts: fc.uniqueArray(fc.constantFrom(...HOURS), { maxLength: 6 }),
  dayOff: fc.integer({ min: 0, max: 5 }).map((n) => n === 0),
  entries: fc.array(
    fc.record({
      status: fc.constantFrom(...STATUSES),
      urgent: fc.integer({ min: 0, max: 5 }).map((n) => n === 0),
      minute: fc.integer({ min: 0, max: 25 * 60 - 1 }),
      paid: fc.boolean(),
      rank: fc.option(fc.integer({ min: -4, max: 8 }), { nil: null, freq: 3 }),
    }),
    { maxLength: 30 },
  ),
});

type DaySample = typeof dayArb extends fc.Arbitrary<infer V> ? V : never;

function buildDay(sample: DaySample) {
  const { date, timeZone } = sample.day;
  const { start, end } = dayBoundsUtc(date, timeZone);
  const appointments: QueueEntryInput[] = sample.entries.map((e, i) => {
    // Within the local day (23 to 25 hours long).
    const scheduledAt = new Date(Math.min(start.getTime() + e.minute * MIN, end.getTime() - 1));
    return {
      id: `e${String(i).padStart(2, "0")}`,
      ticket: i + 1,
      status: e.status,
      priority: e.urgent ? "URGENT" : "NORMAL",
      scheduledAt,
      bookedAt: new Date(start.getTime() - (i % 4) * 60 * MIN),
      paidAt: e.paid ? new Date(start.getTime() - (i % 3) * 60 * MIN) : null,
      orderRank: e.rank === null ? null : e.rank * RANK_STEP,
      checkedInAt: null,
      calledAt: e.status === "CALLED" || e.status === "IN_CONSULTATION" ? scheduledAt : null,
      startedAt: e.status === "IN_CONSULTATION" ? scheduledAt : null,
    };
  });
  const ordered = orderQueue(appointments, timeZone);
  const openIds = new Set(ordered.map((e) => e.id));
  const entries = [...ordered, ...appointments.filter((a) => !openIds.has(a.id))].map((a) => ({
    appointmentId: a.id,
    status: a.status,
    scheduledAt: a.scheduledAt,
  }));
  const cuts = [...sample.cuts].sort();
  const periods = [];
  for (let i = 0; i + 1 < cuts.length; i += 2)
    periods.push({ weekday: isoWeekday(date), start: cuts[i]!, end: cuts[i + 1]! });
  const workingHours = { periods, daysOff: sample.dayOff ? [date] : [] };
  const slots = groupIntoSlots({ date, timeZone, entries, workingHours, expectedMinutes: 15 });
  return { date, timeZone, appointments, ordered, entries, workingHours, slots };
}

describe("slot grouping invariants", () => {
  it("every open entry is in exactly one slot, the one holding its time; positions run 1..k per slot", () => {
    fc.assert(
      fc.property(dayArb, (sample) => {
        const { slots, ordered, appointments, entries, timeZone, date, workingHours } = buildDay(sample);
        const seen = slots.flatMap((s) => s.entries.map((e) => e.appointmentId));
        expect([...seen].sort()).toEqual(ordered.map((e) => e.id).sort());
        const finished = slots.flatMap((s) => s.finished.map((e) => e.appointmentId));
        expect(finished.length + seen.length).toBe(appointments.length);

        const queueIndex = new Map(ordered.map((e, i) => [e.id, i]));
        for (const slot of slots) {
          for (const e of [...slot.entries, ...slot.finished]) {
            expect(e.scheduledAt.getTime()).toBeGreaterThanOrEqual(slot.start.getTime());
            expect(e.scheduledAt.getTime()).toBeLessThan(slot.end.getTime());
          }
          const waiting = slot.entries.filter((e) => isWaitingStatus(e.status));
          expect(waiting.map((e) => e.slotPosition)).toEqual(waiting.map((_, i) => i + 1));
          for (const e of slot.entries.filter((x) => !isWaitingStatus(x.status)))
            expect(e.slotPosition).toBe(0);
          const order = slot.entries.map((e) => queueIndex.get(e.appointmentId) ?? -1);
          expect(order).toEqual([...order].sort((a, b) => a - b));
          expect(slot.load).toBe(slot.entries.length + slot.counts.COMPLETED);
          expect(slot.overflow - slot.freeCapacity).toBe(slot.load - slot.capacity);
          const inSlot = slot.entries[0];
          if (inSlot) {
            expect(positionInSlot(entries, inSlot.appointmentId, timeZone)).toMatchObject({
              slot: { start: slot.start },
              slotPosition: inSlot.slotPosition,
              slotSize: slot.entries.length,
            });
          }
        }
        const starts = slots.map((s) => s.start.getTime());
        expect(starts).toEqual([...new Set(starts)].sort((a, b) => a - b));
        for (const w of workingSlotStarts(date, timeZone, workingHours))
          expect(starts).toContain(w.getTime());
        expect(
          slots.filter((s) => !s.withinWorkingHours).every((s) => s.entries.length + s.finished.length > 0),
        ).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it("suggestions are working slots that have not ended, best first, scored 0..100", () => {
    fc.assert(
      fc.property(
        dayArb,
        fc.integer({ min: -2 * 60, max: 26 * 60 }),
        fc.option(fc.integer({ min: 0, max: 23 }), { nil: null }),
        fc.record({
          noShowRate: fc.double({ min: 0, max: 1, noNaN: true }),
          earlyArrivalRate: fc.double({ min: 0, max: 1, noNaN: true }),
          meanEarlyMinutes: fc.integer({ min: 0, max: 90 }),
        }),
        (sample, nowMinute, preferredHour, rates) => {
          const { date, timeZone, appointments, workingHours } = buildDay(sample);
          const now = new Date(dayBoundsUtc(date, timeZone).start.getTime() + nowMinute * MIN);
          const list = suggestSlots({
            date,
            timeZone,
            now,
            workingHours,
            appointments,
            consultationMinutes: 15,
            recentDurations: [],
            delayMinutes: 0,
            rates,
            maxEarlyArrivalMinutes: 30,
            preferredHour,
          });
          const working = workingSlotStarts(date, timeZone, workingHours).map((s) => s.getTime());
          for (const s of list) {
            expect(s.end.getTime()).toBeGreaterThan(now.getTime());
            expect(working).toContain(s.start.getTime());
            expect(s.priorityScore).toBeGreaterThanOrEqual(0);
            expect(s.priorityScore).toBeLessThanOrEqual(100);
            expect(s.estimatedWaitTime).toBeGreaterThanOrEqual(0);
          }
          // A slot ends at the next local hour: two real hours for one a DST change repeats.
          expect(list.length).toBe(
            working.filter((w) => slotEndOf(new Date(w), timeZone).getTime() > now.getTime()).length,
          );
          const scores = list.map((s) => s.priorityScore);
          expect(scores).toEqual([...scores].sort((a, b) => b - a));
        },
      ),
      { numRuns: 100 },
    );
  });
});
