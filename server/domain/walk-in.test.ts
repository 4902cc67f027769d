import { describe, expect, it } from "vitest";
import { everyDay } from "./hours.ts";
import { zonedTimeToUtc } from "./time.ts";
import { effectiveNoShowDueAt } from "./transitions.ts";
import type { AppointmentStatus } from "./types.ts";
import { assertSlotHasRoom, isoWeekday, walkInTime } from "./walk-in.ts";

const TZ = "Pacific/Auckland";
const local = (date: string, hhmm: string) => zonedTimeToUtc(date, hhmm, TZ);
const doctor = { name: "Dr Rua", periods: everyDay("09:30", "17:00", [1, 2, 3, 4, 5]) };
const NOW = local("2026-06-04", "11:20"); // a Thursday
const at = (over: Partial<Parameters<typeof walkInTime>[0]>) =>
  walkInTime({ date: "2026-06-04", now: NOW, timeZone: TZ, doctor, ...over });

describe("walkInTime", () => {
  it("is now by default, the working start on a later day, or the asked time", () => {
    expect(at({})).toEqual(NOW);
    expect(at({ date: "2026-06-05" })).toEqual(local("2026-06-05", "09:30"));
    expect(at({ time: "15:00" })).toEqual(local("2026-06-04", "15:00"));
    // The current hour is still open, though its start has passed.
    expect(at({ time: "11:00" })).toEqual(local("2026-06-04", "11:00"));
    // The working start's own hour counts.
    expect(at({ date: "2026-06-05", time: "09:00" })).toEqual(local("2026-06-05", "09:00"));
  });

  it("refuses an hour gone, a day gone, a time outside the working hours and a day off", () => {
    const refusal = (reason: string, message: RegExp) =>
      expect.objectContaining({ reason, code: "BAD_REQUEST", message: expect.stringMatching(message) });
    expect(() => at({ time: "10:00" })).toThrow(refusal("HOUR_PASSED", /The 10:00 hour has passed/));
    expect(() => at({ date: "2026-06-03" })).toThrow(refusal("DAY_PASSED", /day has passed/));
    expect(() => at({ time: "17:00" })).toThrow(
      refusal("OUTSIDE_WORKING_HOURS", /outside Dr Rua's working hours \(09:30–17:00\)/),
    );
    expect(() => at({ date: "2026-06-06" })).toThrow(
      refusal("DOCTOR_NOT_WORKING", /does not work on Saturdays/),
    );
    expect(() => at({ now: local("2026-06-04", "17:05") })).toThrow(
      refusal("WORKING_DAY_ENDED", /working day ended at 17:00/),
    );
    expect(() => at({ time: "18:00" })).toThrow(expect.objectContaining({ reason: "OUTSIDE_WORKING_HOURS" }));
  });

  it("takes a working day ending at 24:00 as running to midnight", () => {
    const evening = { ...doctor, periods: everyDay("16:00", "24:00") };
    const late = local("2026-06-04", "21:40");
    expect(at({ doctor: evening, now: late })).toEqual(late);
    expect(at({ doctor: evening, now: late, time: "23:30" })).toEqual(local("2026-06-04", "23:30"));
    expect(() => at({ doctor: evening, now: late, time: "15:00" })).toThrow(/outside/);
  });

  it("keeps walk-ins out of a lunch break and off a day off, naming the periods", () => {
    const lunch = {
      ...doctor,
      periods: [...everyDay("09:30", "12:00", [4]), ...everyDay("13:30", "17:00", [4])],
    };
    expect(() => at({ doctor: lunch, time: "12:30" })).toThrow(
      expect.objectContaining({
        reason: "OUTSIDE_WORKING_HOURS",
        message: "12:30 is outside Dr Rua's working hours (09:30–12:00, 13:30–17:00).",
      }),
    );
    // The afternoon's own hour counts, like the morning's.
    expect(at({ doctor: lunch, time: "13:00" })).toEqual(local("2026-06-04", "13:00"));
    // Now, in the break: booked for the afternoon's start.
    expect(at({ doctor: lunch, now: local("2026-06-04", "12:10") })).toEqual(local("2026-06-04", "13:30"));
    expect(() => at({ doctor: { ...lunch, daysOff: ["2026-06-04"] } })).toThrow(
      expect.objectContaining({
        reason: "DOCTOR_DAY_OFF",
        message: expect.stringContaining("is off on 2026-06-04"),
      }),
    );
  });

  it("refuses a time the clocks skip", () => {
    const ny = { ...doctor, periods: everyDay("00:00", "24:00", [7]) };
    const now = zonedTimeToUtc("2026-03-08", "00:10", "America/New_York");
    expect(() =>
      walkInTime({ date: "2026-03-08", time: "02:30", now, timeZone: "America/New_York", doctor: ny }),
    ).toThrow(expect.objectContaining({ reason: "TIME_DOES_NOT_EXIST" }));
  });

  it("knows ISO weekdays", () => {
    expect(["2026-06-01", "2026-06-06", "2026-06-07"].map(isoWeekday)).toEqual([1, 6, 7]);
  });
});

describe("effectiveNoShowDueAt", () => {
  it("is the time staff scheduled, else the appointment time plus the grace", () => {
    const scheduledAt = local("2026-06-04", "10:00");
    expect(effectiveNoShowDueAt({ scheduledAt, noShowDueAt: null }, 15)).toEqual(
      local("2026-06-04", "10:15"),
    );
    expect(effectiveNoShowDueAt({ scheduledAt, noShowDueAt: local("2026-06-04", "10:40") }, 15)).toEqual(
      local("2026-06-04", "10:40"),
    );
  });

  it("gives a patient running late the grace from the time they said they come (staff's time still wins)", () => {
    const scheduledAt = local("2026-06-04", "10:00");
    expect(effectiveNoShowDueAt({ scheduledAt, noShowDueAt: null, lateMinutes: 20 }, 15)).toEqual(
      local("2026-06-04", "10:35"),
    );
    expect(
      effectiveNoShowDueAt({ scheduledAt, noShowDueAt: local("2026-06-04", "10:25"), lateMinutes: 20 }, 15),
    ).toEqual(local("2026-06-04", "10:25"));
  });
});

describe("assertSlotHasRoom: the doctor's places per hour hold", () => {
  const date = "2026-06-04";
  const booked = (hhmm: string, status: AppointmentStatus = "BOOKED", id = hhmm) => ({
    id,
    status,
    scheduledAt: local(date, hhmm),
  });
  const room = (over: Partial<Parameters<typeof assertSlotHasRoom>[0]>) =>
    assertSlotHasRoom({
      doctor: { ...doctor, placesPerHour: 3 },
      at: local(date, "14:30"),
      timeZone: TZ,
      appointments: [],
      ...over,
    });

  it("refuses the slot's 4th patient with the slot, the count and the way out; other slots are open", () => {
    const three = [booked("14:00"), booked("14:20", "COMPLETED"), booked("14:40", "CHECKED_IN")];
    expect(() => room({ appointments: three })).toThrow(
      expect.objectContaining({
        reason: "SLOT_FULL",
        code: "CONFLICT",
        message:
          "The 14:00-15:00 slot is full: 3 of 3 places are taken for Dr Rua. Choose another time, or book anyway to see more patients than planned.",
      }),
    );
    expect(() => room({ appointments: three, at: local(date, "15:00") })).not.toThrow();
    expect(() => room({ appointments: two() })).not.toThrow();
  });

  it("counts what takes the doctor's time: not a cancellation or a no-show, not the patient being moved", () => {
    const freed = [
      booked("14:00"),
      booked("14:10", "CANCELLED"),
      booked("14:20", "NO_SHOW"),
      booked("14:40"),
    ];
    expect(() => room({ appointments: freed })).not.toThrow();
    const full = [booked("14:00"), booked("14:20"), booked("14:40", "BOOKED", "moving")];
    expect(() => room({ appointments: full })).toThrow(expect.objectContaining({ reason: "SLOT_FULL" }));
    expect(() => room({ appointments: full, except: "moving" })).not.toThrow();
  });

  it("is pro rata in a slot worked in part (09:30 start: 30 min of 3 an hour is 1 place)", () => {
    expect(() => room({ at: local(date, "09:45"), appointments: [booked("09:30")] })).toThrow(
      expect.objectContaining({ message: expect.stringContaining("1 of 1 places") }),
    );
  });

  it("refuses nothing when staff book anyway, or when the doctor has no places per hour set", () => {
    const many = ["14:00", "14:10", "14:20", "14:30", "14:40"].map((t) => booked(t));
    expect(() => room({ appointments: many, overbook: true })).not.toThrow();
    expect(() => room({ appointments: many, doctor: { ...doctor, placesPerHour: null } })).not.toThrow();
  });

  function two() {
    return [booked("14:00"), booked("14:20")];
  }
});
