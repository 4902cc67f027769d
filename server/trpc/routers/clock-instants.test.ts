// The queue at fixed business instants that used to break it: five past midnight in the hospital's
// zone and in UTC, the last minutes of a day, both daylight-saving change days, and zones far east
// and west of UTC. Each scenario sets the server's clock (server/clock.ts) and goes through the
// procedures on the real database, so the answer never depends on the hour the suite runs at.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { clockFrom, now, setClock } from "../../clock.ts";
import { findStaffForSession } from "../../db/staff-repo.ts";
import { localDateOf, localHourOf } from "../../domain/time.ts";
import { createHospitalFixture } from "../../test/fixtures.ts";
import { callerFor } from "../caller.ts";

/** `places`: the current slot's places (15-minute visits): 8 in an hour a DST change repeats (2 real hours). */
type Scenario = { name: string; timeZone: string; at: string; slots: number; places?: number };

const SCENARIOS: Scenario[] = [
  {
    name: "00:05 in the hospital's zone",
    timeZone: "Pacific/Auckland",
    at: "2026-03-10T11:05:00Z",
    slots: 24,
  },
  { name: "00:05 UTC, hospital in UTC", timeZone: "UTC", at: "2026-03-11T00:05:00Z", slots: 24 },
  {
    name: "00:05 UTC, hospital in Auckland (13:05)",
    timeZone: "Pacific/Auckland",
    at: "2026-03-11T00:05:00Z",
    slots: 24,
  },
  {
    name: "23:50 in the hospital's zone",
    timeZone: "Pacific/Auckland",
    at: "2026-03-11T10:50:00Z",
    slots: 24,
  },
  {
    name: "spring forward, 01:40 just before the jump",
    timeZone: "Pacific/Auckland",
    at: "2026-09-26T13:40:00Z",
    slots: 23,
  },
  {
    name: "spring forward, 03:05 just after the jump",
    timeZone: "Pacific/Auckland",
    at: "2026-09-26T14:05:00Z",
    slots: 23,
  },
  {
    name: "fall back, 02:30 the second time",
    timeZone: "Pacific/Auckland",
    at: "2026-04-04T14:30:00Z",
    slots: 24,
    places: 8,
  },
  {
    name: "fall back in New York, 01:20 the first time",
    timeZone: "America/New_York",
    at: "2026-11-01T05:20:00Z",
    slots: 24,
    places: 8,
  },
  { name: "far east (UTC+14), 00:05", timeZone: "Pacific/Kiritimati", at: "2026-03-10T10:05:00Z", slots: 24 },
  { name: "far west (UTC-11), 23:50", timeZone: "Pacific/Pago_Pago", at: "2026-03-11T10:50:00Z", slots: 24 },
];

describe.each(SCENARIOS)("at a fixed instant: $name", ({ timeZone, at, slots: slotCount, places = 4 }) => {
  const instant = new Date(at);
  const today = localDateOf(instant, timeZone);
  let caller: Awaited<ReturnType<typeof callerFor>>;
  let doctorId: string;

  beforeAll(async () => {
    setClock(clockFrom(instant));
    const fx = await createHospitalFixture({ timeZone, consultationMinutes: 15 });
    doctorId = fx.doctor.id;
    caller = await callerFor(await findStaffForSession(fx.receptionist.id));
  });
  afterAll(() => setClock(null));

  it("'today' is the hospital's local date, and its slots tile that day with one name each", async () => {
    expect((await caller.queue.board({})).date).toBe(today);
    const day = await caller.slots.slotBased({ doctorId, date: today });
    expect(day.slots).toHaveLength(slotCount);
    expect(new Set(day.slots.map((s) => s.timeSlot)).size).toBe(slotCount);
    for (const [i, s] of day.slots.entries()) {
      const next = day.slots[i + 1];
      if (next) expect(s.end).toEqual(next.start);
      expect(s.timeSlot.startsWith(s.label)).toBe(true);
    }
  });

  it("walk-ins join now; places and expected times agree and never lie in the past", async () => {
    for (let i = 1; i <= places; i++) {
      await caller.queue.walkIn({ doctorId, patientName: `Walk-in ${i}`, paid: true });
    }
    const board = await caller.queue.board({});
    const snapshot = board.queues.find((q) => q.doctor.id === doctorId)?.snapshot;
    expect(snapshot?.date).toBe(today);
    const waiting = [...(snapshot?.entries ?? [])].sort((a, b) => (a.place ?? 0) - (b.place ?? 0));
    expect(waiting.map((e) => e.place)).toEqual(Array.from({ length: places }, (_, i) => i + 1));
    const times = waiting.map((e) => e.estimatedStartAt!.getTime());
    expect(times[0]).toBeGreaterThanOrEqual(now().getTime() - 60_000);
    for (let i = 1; i < times.length; i++) expect(times[i]).toBeGreaterThanOrEqual(times[i - 1]!);
    // The last patient waits for everyone before them, about 15 minutes each.
    expect(waiting.at(-1)!.estimatedWaitMinutes).toBeGreaterThanOrEqual((places - 1) * 15 - 5);
  });

  it("suggests only slots that have not ended; the current slot, full, is not offered as a short wait", async () => {
    const data = await caller.slots.suggest({ doctorId, date: today });
    expect(data.suggestions.length).toBeGreaterThan(0);
    for (const s of data.suggestions) expect(s.end.getTime()).toBeGreaterThan(now().getTime());
    const hour = localHourOf(now(), timeZone);
    const current = data.suggestions.find((s) => s.hour === hour);
    // The walk-ins fill every 15-minute place of this slot: a new patient would wait behind all of them.
    expect(current).toMatchObject({ currentAppointments: places, capacity: places, hasRoom: false });
    expect(current!.estimatedWaitTime).toBeGreaterThanOrEqual(45);
  });
});
