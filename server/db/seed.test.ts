// prisma/seed.ts against the test run's database: the demo hospital is created once, consistent,
// and removed again afterwards so other suites never see it.
import { afterAll, describe, expect, it } from "vitest";
import { DEMO_SLUG, demoWorkingHours, plannedTimes, seedDemo } from "../../prisma/seed.ts";
import { verifyPassword } from "../auth/password.ts";
import { everyDay } from "../domain/hours.ts";
import { workingSlotStarts } from "../domain/slots.ts";
import { localDateOf, slotStartOf } from "../domain/time.ts";
import { getDb } from "./client.ts";

// 14:30 in Auckland (NZST, UTC+12).
const NOW = new Date("2026-06-15T02:30:00Z");
const TZ = "Pacific/Auckland";

describe("plannedTimes", () => {
  it("spreads a doctor's day over the previous, current and next two local hours", () => {
    const times = plannedTimes(NOW, 15, 12);
    expect(times).toHaveLength(12);
    expect(times[0]?.toISOString()).toBe("2026-06-15T01:00:00.000Z"); // 13:00 local
    expect(times.at(-1)?.toISOString()).toBe("2026-06-15T04:30:00.000Z"); // 16:30 local
    expect(times.slice(0, 3).map((t) => t.toISOString().slice(11, 16))).toEqual(["01:00", "01:15", "02:00"]);
    expect(times.filter((t) => t < NOW)).toHaveLength(4); // 13:00, 13:15, 14:00, 14:15
  });

  it("stays on today's local date just after midnight and just before it", () => {
    for (const now of [new Date("2026-06-14T12:10:00Z"), new Date("2026-06-15T11:50:00Z")]) {
      const times = plannedTimes(now, 20, 10);
      expect(times).toHaveLength(10);
      for (const t of times) expect(localDateOf(t, TZ)).toBe(localDateOf(now, TZ));
    }
  });
});

describe("demoWorkingHours", () => {
  it("puts every planned appointment inside the doctor's working day, whatever the hour", () => {
    for (let hour = 0; hour < 24; hour++) {
      const now = new Date(Date.UTC(2026, 5, 14, 12 + hour, 20)); // 00:20 … 23:20 local (NZST)
      for (const startsBefore of [0, 1, 2]) {
        const times = plannedTimes(now, 15, 12);
        const hours = demoWorkingHours(times[0] as Date, startsBefore);
        const working = workingSlotStarts(localDateOf(now, TZ), TZ, {
          periods: everyDay(hours.start, hours.end),
        }).map((s) => s.getTime());
        expect(working).toHaveLength(8);
        for (const t of times) expect(working).toContain(slotStartOf(t, TZ).getTime());
      }
    }
  });
});

describe("seedDemo", () => {
  let created = false;

  afterAll(async () => {
    if (created) await getDb().hospital.delete({ where: { slug: DEMO_SLUG } });
  });

  it("creates the demo hospital once", async () => {
    await getDb().hospital.deleteMany({ where: { slug: DEMO_SLUG } });
    created = await seedDemo(getDb(), NOW);
    expect(created).toBe(true);
    expect(await seedDemo(getDb(), NOW)).toBe(false);
  });

  it("builds today's live queues with consistent tickets and states", async () => {
    const db = getDb();
    const hospital = await db.hospital.findUniqueOrThrow({
      where: { slug: DEMO_SLUG },
      include: {
        doctors: { include: { periods: true, queueDays: { include: { appointments: true } } } },
        staff: true,
      },
    });
    expect(hospital).toMatchObject({ name: "Harbourview Hospital", timeZone: TZ });
    expect(hospital.doctors.map((d) => d.consultationMinutes).sort()).toEqual([12, 15, 20]);
    for (const doctor of hospital.doctors) {
      expect(doctor.periods.map((p) => p.weekday).sort()).toEqual([1, 2, 3, 4, 5, 6, 7]);
      expect(doctor.queueDays).toHaveLength(1);
      const day = doctor.queueDays[0];
      if (!day) throw new Error("no queue day");
      const appts = day.appointments;
      expect(day).toMatchObject({ date: "2026-06-15", version: 0, nextTicket: appts.length + 1 });
      expect(appts.length).toBeGreaterThanOrEqual(10);
      expect(appts.length).toBeLessThanOrEqual(14);
      expect(appts.map((a) => a.ticket).sort((a, b) => a - b)).toEqual(appts.map((_, i) => i + 1));
      const completed = appts.filter((a) => a.status === "COMPLETED");
      expect(completed).toHaveLength(1);
      expect(completed[0]?.endedAt?.getTime()).toBeLessThanOrEqual(NOW.getTime());
      const checkedIn = appts.filter((a) => a.status === "CHECKED_IN");
      expect(checkedIn.length).toBeGreaterThanOrEqual(1);
      for (const a of checkedIn) expect(a.checkedInAt?.getTime()).toBeLessThanOrEqual(NOW.getTime());
      // Quoted like a staff check-in, so the estimate's accuracy can be measured once they are seen.
      for (const a of checkedIn) expect(a.quotedStartAt?.getTime()).toBeGreaterThanOrEqual(NOW.getTime());
      expect(appts.filter((a) => a.status === "BOOKED").every((a) => a.quotedStartAt === null)).toBe(true);
      expect(appts.some((a) => a.paidAt === null)).toBe(true);
      expect(appts.some((a) => a.paidAt !== null)).toBe(true);
      expect(appts.filter((a) => a.scheduledAt >= NOW).length).toBeGreaterThan(appts.length / 2);
      for (const a of appts) {
        expect(a.bookedAt.getTime()).toBeLessThanOrEqual(NOW.getTime());
        if (a.paidAt) expect(a.paidAt.getTime()).toBeLessThanOrEqual(NOW.getTime());
      }
    }
    const emails = hospital.staff.map((s) => s.email).sort();
    expect(emails).toEqual(["admin@demo.hospital", "doctor@demo.hospital", "reception@demo.hospital"]);
    const doctorLogin = hospital.staff.find((s) => s.role === "DOCTOR");
    expect(hospital.doctors.find((d) => d.id === doctorLogin?.doctorId)?.name).toBe("Dr Aroha Ngata");
    for (const s of hospital.staff)
      expect(await verifyPassword("demo-clinic-1234", s.passwordHash)).toBe(true);
  });
});
