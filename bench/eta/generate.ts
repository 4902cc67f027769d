// Varied, realistic clinic days from a seed: light and busy days, no-shows, early and late arrivals,
// doctors who start late (announced or not), long and short consultations, urgent walk-ins. The
// same seed always writes the same days. Nothing here knows how the estimate works.
import { expectedConsultationMinutes } from "../../server/domain/estimate.ts";
import { addDays, slotStartOf, zonedTimeToUtc } from "../../server/domain/time.ts";
import { type Random, seededRandom } from "./random.ts";
import type { ScenarioFile } from "./scenario.ts";

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
const DAY_MS = 24 * HOUR_MS;
const DEFAULT_CONSULTATION = 15;
const MAX_EARLY_ARRIVAL = 30;
const NO_SHOW_GRACE = 15;

export const SCENARIO_KINDS = [
  "light",
  "busy",
  "many-no-shows",
  "early-arrivals",
  "late-doctor-announced",
  "late-doctor-silent",
  "long-consultations",
  "short-consultations",
  "urgent-walk-ins",
  "late-arrivals",
  "mixed",
  "mixed",
] as const;
export type ScenarioKind = (typeof SCENARIO_KINDS)[number];

const TIME_ZONES = [
  "Asia/Kolkata",
  "Pacific/Auckland",
  "America/New_York",
  "Europe/London",
  "Australia/Adelaide",
  "America/Sao_Paulo",
];

type Profile = {
  doctors: number;
  /** Bookings per slot as a share of the slot's capacity (60 / the doctor's usual minutes). */
  load: number;
  noShowRate: number;
  /** Share of patients who come well before their slot. */
  earlyShare: number;
  /** Share of patients who come after the no-show grace (and are restored). */
  lateShare: number;
  meanConsultation: () => number;
  /** Spread of one doctor's consultation lengths (log-normal shape). */
  sigma: number;
  urgentPerDoctor: number;
  walkInsPerDoctor: number;
  lateDoctor: "punctual" | "announced" | "silent";
};

function profileFor(kind: ScenarioKind, rng: Random): Profile {
  const base: Profile = {
    doctors: rng.int(1, 3),
    load: rng.uniform(0.65, 0.95),
    noShowRate: rng.uniform(0.05, 0.15),
    earlyShare: rng.uniform(0.1, 0.3),
    lateShare: rng.uniform(0.02, 0.08),
    meanConsultation: () => rng.uniform(11, 17),
    sigma: rng.uniform(0.3, 0.5),
    urgentPerDoctor: rng.uniform(0, 0.6),
    walkInsPerDoctor: rng.uniform(0, 2),
    lateDoctor: rng.chance(0.15) ? "silent" : "punctual",
  };
  switch (kind) {
    case "light":
      return { ...base, load: rng.uniform(0.3, 0.55) };
    case "busy":
      return {
        ...base,
        doctors: rng.int(2, 3),
        load: rng.uniform(1, 1.3),
        walkInsPerDoctor: rng.uniform(1, 3),
      };
    case "many-no-shows":
      return { ...base, noShowRate: rng.uniform(0.25, 0.4) };
    case "early-arrivals":
      return { ...base, earlyShare: rng.uniform(0.5, 0.75) };
    case "late-doctor-announced":
      return { ...base, lateDoctor: "announced" };
    case "late-doctor-silent":
      return { ...base, lateDoctor: "silent" };
    case "long-consultations":
      return { ...base, meanConsultation: () => rng.uniform(19, 28), sigma: rng.uniform(0.4, 0.6) };
    case "short-consultations":
      return { ...base, meanConsultation: () => rng.uniform(6, 10) };
    case "urgent-walk-ins":
      return { ...base, urgentPerDoctor: rng.uniform(2, 4), walkInsPerDoctor: rng.uniform(2, 5) };
    case "late-arrivals":
      return { ...base, lateShare: rng.uniform(0.15, 0.3) };
    case "mixed":
      return {
        doctors: rng.int(1, 3),
        load: rng.uniform(0.4, 1.2),
        noShowRate: rng.uniform(0.03, 0.35),
        earlyShare: rng.uniform(0, 0.6),
        lateShare: rng.uniform(0, 0.2),
        meanConsultation: () => rng.uniform(7, 26),
        sigma: rng.uniform(0.25, 0.6),
        urgentPerDoctor: rng.uniform(0, 3),
        walkInsPerDoctor: rng.uniform(0, 4),
        lateDoctor: rng.pick(["punctual", "punctual", "announced", "silent"] as const),
      };
  }
}

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

function generateDay(kind: ScenarioKind, index: number, rng: Random): ScenarioFile {
  const profile = profileFor(kind, rng);
  const timezone = rng.pick(TIME_ZONES);
  const date = addDays("2026-06-01", index);
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
  const late = profile.lateDoctor !== "punctual" ? rng.int(0, profile.doctors - 1) : -1;

  for (let d = 0; d < profile.doctors; d++) {
    const doctorId = `d${d + 1}`;
    const startHour = rng.pick([8, 8, 9, 9, 9, 10]);
    const hours = rng.int(5, 9);
    const mean = profile.meanConsultation();
    const consultation = (factor = 1) =>
      clamp(roundTo(rng.logNormal(mean * factor, profile.sigma), 0.5), 2, 120);

    let startsLateMinutes = 0;
    if (d === late) {
      startsLateMinutes = rng.int(15, 60);
      if (profile.lateDoctor === "announced") {
        const workStart = at(startHour);
        const announcedAt = minuteOf(
          rng.chance(0.6)
            ? workStart - rng.uniform(0, 30) * MINUTE_MS
            : workStart + rng.uniform(5, Math.min(20, startsLateMinutes - 5)) * MINUTE_MS,
        );
        // The announcement counts from when it is made, or from the working start if that is later.
        const remaining =
          (workStart + startsLateMinutes * MINUTE_MS - Math.max(announcedAt, workStart)) / MINUTE_MS;
        scenario.delays?.push({
          doctorId,
          at: isoInZone(announcedAt, timezone),
          estimatedDelay: Math.max(5, roundTo(remaining + rng.normal(0, 7), 5)),
        });
      }
    } else if (rng.chance(0.1)) {
      startsLateMinutes = rng.int(3, 12); // an ordinary slow start nobody announces
    }
    scenario.doctors.push({
      id: doctorId,
      workStart: `${pad(startHour)}:00`,
      workEnd: `${pad(startHour + hours)}:00`,
      startsLateMinutes,
    });

    // Earlier days: the same doctor, a little faster or slower than today. Some doctors are new.
    const history: number[] = [];
    if (rng.chance(0.85)) {
      const historyMean = mean * rng.uniform(0.85, 1.15);
      for (let i = rng.int(15, 60); i > 0; i--) {
        history.push(clamp(roundTo(rng.logNormal(historyMean, profile.sigma), 0.5), 2, 120));
      }
    }
    scenario.history?.push(...history.map((consultationMinutes) => ({ doctorId, consultationMinutes })));
    // The clinic books each hour up to what the doctor usually manages, as the slot suggestions do.
    const capacity = Math.max(
      1,
      Math.floor(60 / expectedConsultationMinutes(history.slice(-30), DEFAULT_CONSULTATION)),
    );

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
      const booked = clamp(Math.round(rng.normal(profile.load * capacity, 0.8)), 0, capacity + 2);
      for (let k = 0; k < booked; k++) {
        const shows = !rng.chance(profile.noShowRate);
        let offset: number;
        const kindOfArrival = rng.next();
        if (kindOfArrival < profile.lateShare) offset = rng.uniform(NO_SHOW_GRACE + 1, 75);
        else if (kindOfArrival < profile.lateShare + profile.earlyShare)
          offset = clamp(rng.normal(-40, 15), -90, -15);
        else offset = clamp(rng.normal(-5, 12), -30, NO_SHOW_GRACE - 1);
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
    for (let k = countAround(profile.walkInsPerDoctor, rng); k > 0; k--) walkIn("NORMAL");
    for (let k = countAround(profile.urgentPerDoctor, rng); k > 0; k--) walkIn("URGENT");
  }
  return scenario;
}

export type GeneratedScenario = { name: string; kind: ScenarioKind; scenario: ScenarioFile };

/** `count` days from `seed`; day i depends only on the seed and i. */
export function generateScenarios(seed: number, count: number): GeneratedScenario[] {
  return Array.from({ length: count }, (_, i) => {
    const kind = SCENARIO_KINDS[i % SCENARIO_KINDS.length] ?? "mixed";
    const rng = seededRandom(Math.imul(seed, 0x9e3779b1) ^ Math.imul(i + 1, 0x85ebca6b));
    return { name: `${pad(i + 1)}-${kind}`, kind, scenario: generateDay(kind, i, rng) };
  });
}
