// Varied, realistic clinic days from a seed: light and busy days, no-shows, early and late arrivals,
// doctors who start late (announced or not), long and short consultations, urgent walk-ins, and hard
// days with all of it at once (profiles.ts). The same seed always writes the same days. Nothing here
// knows how the estimate works.
import { expectedConsultationMinutes } from "../../server/domain/estimate.ts";
import { addDays, slotStartOf, zonedTimeToUtc } from "../../server/domain/time.ts";
import {
  DST_DAYS,
  FAR_ZONES,
  type Profile,
  profileFor,
  SCENARIO_KINDS,
  type ScenarioKind,
} from "./profiles.ts";
import { type Random, seededRandom } from "./random.ts";
import type { ScenarioFile } from "./scenario.ts";

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
const DAY_MS = 24 * HOUR_MS;
const DEFAULT_CONSULTATION = 15;
const MAX_EARLY_ARRIVAL = 30;
const NO_SHOW_GRACE = 15;

const TIME_ZONES = [
  "Asia/Kolkata",
  "Pacific/Auckland",
  "America/New_York",
  "Europe/London",
  "Australia/Adelaide",
  "America/Sao_Paulo",
];

const pad = (n: number) => String(n).padStart(2, "0");

/** "2026-06-04T09:00:00+05:30": the instant written in the hospital's local time with its offset. */
export function isoInZone(instant: number, timeZone: string): string {
  const whole = Math.round(instant / 1000) * 1000;
  const parts: Record<string, string> = Object.fromEntries(
    new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
    })
      .formatToParts(new Date(whole))
      .map((p) => [p.type, p.value]),
  );
  const [year, month, day, hour, minute, second] = ["year", "month", "day", "hour", "minute", "second"].map(
    (type) => parts[type] ?? "00",
  ) as [string, string, string, string, string, string];
  const wall = Date.UTC(+year, +month - 1, +day, +hour, +minute, +second);
  const offset = Math.round((wall - whole) / MINUTE_MS);
  const sign = offset < 0 ? "-" : "+";
  const abs = Math.abs(offset);
  return `${year}-${month}-${day}T${hour}:${minute}:${second}${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

const clamp = (value: number, min: number, max: number) => Math.min(max, Math.max(min, value));
const roundTo = (value: number, step: number) => Math.round(value / step) * step;
const minuteOf = (instant: number) => Math.round(instant / MINUTE_MS) * MINUTE_MS;

/** A count with the given mean: the whole part, plus one more with the fractional chance. */
const countAround = (mean: number, rng: Random) => Math.floor(mean) + (rng.chance(mean % 1) ? 1 : 0);

type Appointment = ScenarioFile["appointments"][number];

/** Where and when the day is: a usual zone, one far from UTC, or a zone's daylight-saving change day. */
function placeOf(profile: Profile, index: number, rng: Random): { timezone: string; date: string } {
  if (profile.place === "far") return { timezone: rng.pick(FAR_ZONES), date: addDays("2026-06-01", index) };
  if (profile.place === "dst") {
    const [timezone, date] = rng.pick(DST_DAYS);
    return { timezone, date };
  }
  return { timezone: rng.pick(TIME_ZONES), date: addDays("2026-06-01", index) };
}

type DayParts = { scenario: ScenarioFile; at: (hour: number) => number };

/**
 * How late doctor `d` starts seeing patients, and the notice given (if any). Ordinary days: one
 * doctor starts 15-60 min late with a fair notice or none. Hard days: each doctor may start late
 * silently, and may announce a delay and still come later than announced.
 */
function lateStart(
  profile: Profile,
  d: number,
  lateOne: number,
  startHour: number,
  day: DayParts,
  rng: Random,
) {
  const { scenario, at } = day;
  const doctorId = `d${d + 1}`;
  const workStart = at(startHour);
  const notice = (announcedAt: number, estimatedDelay: number) =>
    scenario.delays?.push({
      doctorId,
      at: isoInZone(minuteOf(announcedAt), scenario.timezone),
      estimatedDelay,
    });
  const late = profile.lateDoctor;
  if (late.kind === "hard") {
    if (!rng.chance(late.chance)) return rng.chance(0.1) ? rng.int(3, 12) : 0;
    const silent = rng.int(late.silent[0], late.silent[1]);
    if (!rng.chance(late.announcedChance)) return silent;
    const announced = roundTo(rng.uniform(late.announced[0], late.announced[1]), 5);
    // Announced before the start, or once patients are waiting; counted from then (or the start).
    const announcedAt = workStart + rng.uniform(-30, Math.min(silent, 20)) * MINUTE_MS;
    notice(announcedAt, announced);
    return Math.round((Math.max(announcedAt, workStart) - workStart) / MINUTE_MS) + announced + silent;
  }
  if (d === lateOne) {
    const startsLateMinutes = rng.int(15, 60);
    if (late.kind === "announced") {
      const announcedAt = minuteOf(
        rng.chance(0.6)
          ? workStart - rng.uniform(0, 30) * MINUTE_MS
          : workStart + rng.uniform(5, Math.min(20, startsLateMinutes - 5)) * MINUTE_MS,
      );
      // The announcement counts from when it is made, or from the working start if that is later.
      const remaining =
        (workStart + startsLateMinutes * MINUTE_MS - Math.max(announcedAt, workStart)) / MINUTE_MS;
      notice(announcedAt, Math.max(5, roundTo(remaining + rng.normal(0, 7), 5)));
    }
    return startsLateMinutes;
  }
  return rng.chance(0.1) ? rng.int(3, 12) : 0; // an ordinary slow start nobody announces
}

/** Minutes from the slot start the patient arrives (negative: early). */
function arrivalOffset(profile: Profile, rng: Random): number {
  const kindOfArrival = rng.next();
  if (kindOfArrival < profile.lateShare) return rng.uniform(NO_SHOW_GRACE + 1, 75);
  const { earlyBy } = profile;
  if (earlyBy) {
    if (kindOfArrival < profile.lateShare + earlyBy.lateInSlot) return rng.uniform(0, NO_SHOW_GRACE - 1);
    return clamp(rng.normal(-earlyBy.mean, earlyBy.sd), -90, NO_SHOW_GRACE - 1);
  }
  if (kindOfArrival < profile.lateShare + profile.earlyShare) return clamp(rng.normal(-40, 15), -90, -15);
  return clamp(rng.normal(-5, 12), -30, NO_SHOW_GRACE - 1);
}

/** Patients booked into one hour: around the doctor's capacity (x load), or a varying overbooking. */
function bookedInHour(profile: Profile, capacity: number, rng: Random): number {
  if (profile.loadRange) {
    const [low, high] = profile.loadRange;
    return Math.round(capacity * rng.uniform(low, high));
  }
  return clamp(Math.round(rng.normal(profile.load * capacity, 0.8)), 0, capacity + 2);
}

function generateDay(kind: ScenarioKind, index: number, rng: Random): ScenarioFile {
  const profile = profileFor(kind, rng);
  const { timezone, date } = placeOf(profile, index, rng);
  const at = (hour: number, minute = 0) =>
    zonedTimeToUtc(date, `${pad(hour)}:${pad(minute)}`, timezone).getTime();
  const scenario: ScenarioFile = {
    timezone,
    date,
    defaultConsultationMinutes: DEFAULT_CONSULTATION,
    maxEarlyArrivalMinutes: MAX_EARLY_ARRIVAL,
    noShowGraceMinutes: NO_SHOW_GRACE,
    doctors: [],
    appointments: [],
    delays: [],
    history: [],
  };
  const lateOne = profile.lateDoctor.kind !== "punctual" ? rng.int(0, profile.doctors - 1) : -1;

  for (let d = 0; d < profile.doctors; d++) {
    const doctorId = `d${d + 1}`;
    const startHour = rng.pick([8, 8, 9, 9, 9, 10]);
    const hours = rng.int(5, 9);
    const mean = profile.meanConsultation();
    const consultation = (factor = 1) =>
      clamp(roundTo(rng.logNormal(mean * factor, profile.sigma), 0.5), 2, 120);

    const startsLateMinutes = lateStart(profile, d, lateOne, startHour, { scenario, at }, rng);
    scenario.doctors.push({
      id: doctorId,
      workStart: `${pad(startHour)}:00`,
      workEnd: `${pad(startHour + hours)}:00`,
      startsLateMinutes,
    });

    // Earlier days: the same doctor, somewhat faster or slower than today. Some doctors are new.
    const history: number[] = [];
    if (profile.historyCount !== null || rng.chance(0.85)) {
      const historyMean = mean / rng.uniform(...profile.paceDrift);
      for (let i = profile.historyCount ?? rng.int(15, 60); i > 0; i--) {
        history.push(clamp(roundTo(rng.logNormal(historyMean, profile.sigma), 0.5), 2, 120));
      }
    }
    scenario.history?.push(...history.map((consultationMinutes) => ({ doctorId, consultationMinutes })));
    // The clinic books each hour up to what the doctor usually manages, as the slot suggestions do;
    // some clinics book every doctor as if they took the default length.
    const blind = rng.chance(profile.bookedBlindShare);
    const usual = blind
      ? DEFAULT_CONSULTATION
      : expectedConsultationMinutes(history.slice(-30), DEFAULT_CONSULTATION);
    const capacity = Math.max(1, Math.floor(60 / usual));

    let serial = 0;
    const nextId = () => `${doctorId}-a${pad(++serial)}`;
    const payment = (bookedAt: number, checkIn: number | null) => {
      const p = rng.next();
      if (p < 0.55) return isoInZone(bookedAt, timezone);
      if (p < 0.85 && checkIn !== null) return isoInZone(checkIn, timezone);
      return null;
    };
    const push = (appointment: Appointment) => scenario.appointments.push(appointment);

    for (let hour = startHour; hour < startHour + hours; hour++) {
      if (hour === 13 && hours >= 7) continue; // lunch: nothing booked
      const slotStart = at(hour);
      const booked = bookedInHour(profile, capacity, rng);
      for (let k = 0; k < booked; k++) {
        const shows = !rng.chance(profile.noShowRate);
        const offset = arrivalOffset(profile, rng);
        const arrivesAt = shows ? minuteOf(slotStart + offset * MINUTE_MS) : null;
        const latestBooking = Math.min(arrivesAt ?? slotStart, slotStart) - 45 * MINUTE_MS;
        const bookedAt = minuteOf(
          rng.chance(0.7)
            ? slotStart - rng.uniform(1, 14) * DAY_MS - rng.uniform(0, 8) * HOUR_MS
            : Math.min(latestBooking, at(7) + rng.uniform(0, 1) * (latestBooking - at(7))),
        );
        push({
          id: nextId(),
          doctorId,
          slotStart: isoInZone(slotStart, timezone),
          bookedAt: isoInZone(bookedAt, timezone),
          paidAt: payment(bookedAt, arrivesAt),
          arrivesAt: arrivesAt === null ? null : isoInZone(arrivesAt, timezone),
          consultationMinutes: consultation(),
          priority: "NORMAL",
        });
      }
    }

    // Walk-ins are booked into the hour they arrive in; urgent ones go to the front (rule 3).
    const walkIn = (priority: "NORMAL" | "URGENT") => {
      const arrivesAt = minuteOf(at(startHour) + rng.uniform(0.2, hours - 0.5) * HOUR_MS);
      push({
        id: nextId(),
        doctorId,
        slotStart: isoInZone(slotStartOf(new Date(arrivesAt), timezone).getTime(), timezone),
        bookedAt: isoInZone(arrivesAt, timezone),
        paidAt: priority === "URGENT" || rng.chance(0.5) ? null : isoInZone(arrivesAt, timezone),
        arrivesAt: isoInZone(arrivesAt, timezone),
        consultationMinutes: consultation(priority === "URGENT" ? 1.4 : 1),
        priority,
      });
    };
    for (let k = countAround(profile.walkInsPerDoctor, rng); k > 0; k--)
      walkIn(rng.chance(profile.urgentWalkInShare) ? "URGENT" : "NORMAL");
    for (let k = countAround(profile.urgentPerDoctor, rng); k > 0; k--) walkIn("URGENT");
  }
  return scenario;
}

export { SCENARIO_KINDS, type ScenarioKind };

export type GeneratedScenario = { name: string; kind: ScenarioKind; scenario: ScenarioFile };

/** `count` days from `seed`; day i depends only on the seed and i. */
export function generateScenarios(seed: number, count: number): GeneratedScenario[] {
  return Array.from({ length: count }, (_, i) => {
    const kind = SCENARIO_KINDS[i % SCENARIO_KINDS.length] ?? "mixed";
    const rng = seededRandom(Math.imul(seed, 0x9e3779b1) ^ Math.imul(i + 1, 0x85ebca6b));
    return { name: `${pad(i + 1)}-${kind}`, kind, scenario: generateDay(kind, i, rng) };
  });
}
