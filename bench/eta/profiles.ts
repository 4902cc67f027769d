// What each kind of generated day is like: how many doctors, how full the hours are booked, who
// comes and when, how long consultations take and whether a doctor starts late. The first kinds are
// ordinary clinic days; the "hard" kinds are crowded, overbooked days with every difficulty at once,
// each kind turning one of them up (wider than the clinic days the estimate is judged on elsewhere).
import type { Random } from "./random.ts";

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
  "crowded",
  "overbooked",
  "silent-late-start",
  "announced-delay-and-more",
  "uneven-pace",
  "no-show-heavy",
  "early-comers",
  "urgent-walk-in-rush",
  "far-zone-or-dst",
  "mixed-hard",
] as const;
export type ScenarioKind = (typeof SCENARIO_KINDS)[number];

export type LateStart =
  /** The doctor starts on time, or a few minutes late now and then. */
  | { kind: "punctual" }
  /** One doctor of the day starts late (15-60 min), with a fair notice or none. */
  | { kind: "announced" | "silent" }
  /**
   * Each doctor, with `chance`, starts `silent` minutes late without a word; with `announcedChance`
   * a notice of `announced` minutes is given too, and the doctor is still `silent` minutes later.
   */
  | {
      kind: "hard";
      chance: number;
      silent: [number, number];
      announcedChance: number;
      announced: [number, number];
    };

export type Profile = {
  doctors: number;
  /** Bookings per slot as a share of the slot's capacity (60 / the doctor's usual minutes). */
  load: number;
  /** Given: each hour is booked at uniform(min, max) x capacity instead (overbooking that varies by hour). */
  loadRange?: [number, number];
  /** Share of doctors whose hours are booked as if they took the default 15 minutes, whatever their pace. */
  bookedBlindShare: number;
  noShowRate: number;
  /** Share of patients who come well before their slot (ordinary days). */
  earlyShare: number;
  /** Share of patients who come after the no-show grace (and are restored). */
  lateShare: number;
  /** Given: patients come this many minutes before their slot on average (spread `sd`), some late within it. */
  earlyBy?: { mean: number; sd: number; lateInSlot: number };
  meanConsultation: () => number;
  /** Spread of one doctor's consultation lengths (log-normal shape). */
  sigma: number;
  /** Earlier consultations per doctor in the history; null: 15-60, and 15 % of doctors are new. */
  historyCount: number | null;
  /** Today's pace over the history's, drawn per doctor. */
  paceDrift: [number, number];
  urgentPerDoctor: number;
  walkInsPerDoctor: number;
  /** Share of walk-ins who are urgent (on top of `urgentPerDoctor`). */
  urgentWalkInShare: number;
  lateDoctor: LateStart;
  /** Where the clinic is; `dst`: the date is a daylight-saving change in that zone. */
  place: "usual" | "far" | "dst";
};

/** Zones far from UTC, odd offsets among them. */
export const FAR_ZONES = [
  "Pacific/Kiritimati",
  "Pacific/Tongatapu",
  "Pacific/Chatham",
  "Pacific/Pago_Pago",
  "Pacific/Honolulu",
  "Pacific/Marquesas",
  "Asia/Kathmandu",
  "Australia/Eucla",
  "America/St_Johns",
];

/** Days a zone changes its clocks (2026). */
export const DST_DAYS: readonly (readonly [string, string])[] = [
  ["America/New_York", "2026-03-08"],
  ["America/New_York", "2026-11-01"],
  ["Europe/London", "2026-03-29"],
  ["Europe/London", "2026-10-25"],
  ["Australia/Adelaide", "2026-04-05"],
  ["Australia/Lord_Howe", "2026-10-04"],
  ["Pacific/Auckland", "2026-09-27"],
  ["America/Havana", "2026-03-08"],
  ["America/Santiago", "2026-04-04"],
  ["America/St_Johns", "2026-11-01"],
  ["Asia/Beirut", "2026-03-29"],
  ["Africa/Cairo", "2026-04-24"],
];

/** Every difficulty of a bad day at once, each within a wide range. */
function hardBase(rng: Random): Profile {
  return {
    doctors: rng.int(2, 4),
    load: 1,
    loadRange: [0.75, rng.uniform(1.3, 1.6)],
    bookedBlindShare: 0.3,
    noShowRate: rng.uniform(0.08, 0.3),
    earlyShare: 0,
    lateShare: rng.uniform(0.02, 0.1),
    earlyBy: { mean: rng.uniform(5, 30), sd: rng.uniform(5, 15), lateInSlot: rng.uniform(0.05, 0.25) },
    meanConsultation: () => rng.uniform(8, 22),
    sigma: rng.uniform(0.35, 0.6),
    historyCount: 40,
    paceDrift: [0.8, 1.25],
    urgentPerDoctor: 0,
    walkInsPerDoctor: rng.uniform(1, 4),
    urgentWalkInShare: 0.5,
    lateDoctor: { kind: "hard", chance: 0.35, silent: [10, 40], announcedChance: 0.3, announced: [20, 45] },
    place: rng.chance(0.5) ? "far" : "usual",
  };
}

function ordinaryBase(rng: Random): Profile {
  return {
    doctors: rng.int(1, 3),
    load: rng.uniform(0.65, 0.95),
    bookedBlindShare: 0,
    noShowRate: rng.uniform(0.05, 0.15),
    earlyShare: rng.uniform(0.1, 0.3),
    lateShare: rng.uniform(0.02, 0.08),
    meanConsultation: () => rng.uniform(11, 17),
    sigma: rng.uniform(0.3, 0.5),
    historyCount: null,
    paceDrift: [0.85, 1.15],
    urgentPerDoctor: rng.uniform(0, 0.6),
    walkInsPerDoctor: rng.uniform(0, 2),
    urgentWalkInShare: 0,
    lateDoctor: { kind: rng.chance(0.15) ? "silent" : "punctual" },
    place: "usual",
  };
}

export function profileFor(kind: ScenarioKind, rng: Random): Profile {
  if (SCENARIO_KINDS.indexOf(kind) >= SCENARIO_KINDS.indexOf("crowded")) return hardProfile(kind, rng);
  const base = ordinaryBase(rng);
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
      return { ...base, lateDoctor: { kind: "announced" } };
    case "late-doctor-silent":
      return { ...base, lateDoctor: { kind: "silent" } };
    case "long-consultations":
      return { ...base, meanConsultation: () => rng.uniform(19, 28), sigma: rng.uniform(0.4, 0.6) };
    case "short-consultations":
      return { ...base, meanConsultation: () => rng.uniform(6, 10) };
    case "urgent-walk-ins":
      return { ...base, urgentPerDoctor: rng.uniform(2, 4), walkInsPerDoctor: rng.uniform(2, 5) };
    case "late-arrivals":
      return { ...base, lateShare: rng.uniform(0.15, 0.3) };
    default:
      return {
        ...base,
        load: rng.uniform(0.4, 1.2),
        noShowRate: rng.uniform(0.03, 0.35),
        earlyShare: rng.uniform(0, 0.6),
        lateShare: rng.uniform(0, 0.2),
        meanConsultation: () => rng.uniform(7, 26),
        sigma: rng.uniform(0.25, 0.6),
        urgentPerDoctor: rng.uniform(0, 3),
        walkInsPerDoctor: rng.uniform(0, 4),
        lateDoctor: { kind: rng.pick(["punctual", "punctual", "announced", "silent"] as const) },
      };
  }
}

function hardProfile(kind: ScenarioKind, rng: Random): Profile {
  const base = hardBase(rng);
  const late = base.lateDoctor.kind === "hard" ? base.lateDoctor : null;
  switch (kind) {
    case "crowded":
      return { ...base, doctors: rng.int(3, 5), walkInsPerDoctor: rng.uniform(2, 5) };
    case "overbooked":
      return { ...base, loadRange: [rng.uniform(0.75, 1), rng.uniform(1.5, 1.8)], bookedBlindShare: 0.5 };
    case "silent-late-start":
      return late
        ? { ...base, lateDoctor: { ...late, chance: 0.8, silent: [10, 50], announcedChance: 0 } }
        : base;
    case "announced-delay-and-more":
      return late ? { ...base, lateDoctor: { ...late, chance: 0.8, announcedChance: 1 } } : base;
    case "uneven-pace":
      return {
        ...base,
        meanConsultation: () => rng.uniform(6, 26),
        sigma: rng.uniform(0.4, 0.75),
        paceDrift: [0.7, 1.35],
      };
    case "no-show-heavy":
      return { ...base, noShowRate: rng.uniform(0.2, 0.4), lateShare: rng.uniform(0.05, 0.15) };
    case "early-comers":
      return {
        ...base,
        earlyBy: { mean: rng.uniform(15, 40), sd: rng.uniform(8, 20), lateInSlot: rng.uniform(0.1, 0.35) },
      };
    case "urgent-walk-in-rush":
      return { ...base, walkInsPerDoctor: rng.uniform(4, 8), urgentWalkInShare: rng.uniform(0.5, 0.7) };
    case "far-zone-or-dst":
      return { ...base, place: rng.chance(0.5) ? "dst" : "far" };
    default:
      return {
        ...base,
        doctors: rng.int(1, 5),
        loadRange: [rng.uniform(0.5, 1), rng.uniform(1.2, 1.8)],
        noShowRate: rng.uniform(0.05, 0.4),
        meanConsultation: () => rng.uniform(6, 26),
        sigma: rng.uniform(0.3, 0.75),
        paceDrift: [0.7, 1.35],
        walkInsPerDoctor: rng.uniform(0, 7),
        place: rng.pick(["usual", "far", "dst"] as const),
      };
  }
}
