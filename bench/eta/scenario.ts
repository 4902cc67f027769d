// The scenario file: one clinic day to replay. Validated with zod so a bad file says what is wrong.
import { z } from "zod";
import { isValidTimeZone, localDateOf } from "../../server/domain/time.ts";

const instant = z.iso.datetime({ offset: true, message: "expected an ISO 8601 time with an offset" });
const localTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, "expected HH:MM (24-hour)");

const doctorSchema = z.object({
  id: z.string().min(1),
  workStart: localTime,
  workEnd: localTime,
  /** The truth, hidden from the model: how late the doctor really starts seeing patients. */
  startsLateMinutes: z.number().min(0).default(0),
});

const appointmentSchema = z.object({
  id: z.string().min(1),
  doctorId: z.string().min(1),
  slotStart: instant,
  bookedAt: instant,
  paidAt: instant.nullable(),
  /** When the patient walks in; null: a no-show. */
  arrivesAt: instant.nullable(),
  /** The true length of the consultation, hidden from the model until it ends. */
  consultationMinutes: z.number().positive(),
  priority: z.enum(["NORMAL", "URGENT"]).default("NORMAL"),
});

const delaySchema = z.object({
  doctorId: z.string().min(1),
  at: instant,
  /** Minutes from the announcement (or the working start, if later) until the doctor expects to see patients. */
  estimatedDelay: z.number().min(0),
});

const historySchema = z.object({ doctorId: z.string().min(1), consultationMinutes: z.number().positive() });

export const scenarioSchema = z
  .object({
    timezone: z.string().refine(isValidTimeZone, "not an IANA time zone"),
    date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "expected YYYY-MM-DD"),
    defaultConsultationMinutes: z.number().positive().default(15),
    /** Check-in opens this long before the slot start (MAX_EARLY_ARRIVAL). */
    maxEarlyArrivalMinutes: z.number().min(0).default(30),
    /** Still booked this long after the slot start: marked no-show (NO_SHOW_GRACE). */
    noShowGraceMinutes: z.number().min(0).default(15),
    doctors: z.array(doctorSchema).min(1),
    appointments: z.array(appointmentSchema),
    delays: z.array(delaySchema).default([]),
    /** Earlier days' completed consultation lengths, oldest first. */
    history: z.array(historySchema).default([]),
  })
  .superRefine((s, ctx) => {
    const doctorIds = new Set(s.doctors.map((d) => d.id));
    const issue = (path: (string | number)[], message: string) =>
      ctx.addIssue({ code: "custom", path, message });
    if (doctorIds.size !== s.doctors.length) issue(["doctors"], "doctor ids must be unique");
    s.doctors.forEach((d, i) => {
      if (d.workEnd <= d.workStart) issue(["doctors", i, "workEnd"], "must be after workStart");
    });
    const seen = new Set<string>();
    s.appointments.forEach((a, i) => {
      if (seen.has(a.id)) issue(["appointments", i, "id"], `duplicate appointment id "${a.id}"`);
      seen.add(a.id);
      if (!doctorIds.has(a.doctorId))
        issue(["appointments", i, "doctorId"], `unknown doctor "${a.doctorId}"`);
      if (isValidTimeZone(s.timezone) && localDateOf(new Date(a.slotStart), s.timezone) !== s.date) {
        issue(["appointments", i, "slotStart"], `not on ${s.date} in ${s.timezone}`);
      }
      if (a.arrivesAt && Date.parse(a.arrivesAt) < Date.parse(a.bookedAt)) {
        issue(["appointments", i, "arrivesAt"], "before bookedAt");
      }
    });
    s.delays.forEach((d, i) => {
      if (!doctorIds.has(d.doctorId)) issue(["delays", i, "doctorId"], `unknown doctor "${d.doctorId}"`);
    });
    s.history.forEach((h, i) => {
      if (!doctorIds.has(h.doctorId)) issue(["history", i, "doctorId"], `unknown doctor "${h.doctorId}"`);
    });
  });

/** A scenario as written in a file (defaults optional). */
export type ScenarioFile = z.input<typeof scenarioSchema>;
/** A validated scenario, defaults filled in. */
export type Scenario = z.output<typeof scenarioSchema>;
export type ScenarioAppointment = Scenario["appointments"][number];
export type ScenarioDoctor = Scenario["doctors"][number];

export class ScenarioError extends Error {}

/** Parses a scenario's JSON text; a bad file throws a ScenarioError naming each problem. */
export function parseScenario(json: string, source: string): Scenario {
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch (error) {
    throw new ScenarioError(`${source}: not valid JSON (${(error as Error).message})`);
  }
  const result = scenarioSchema.safeParse(raw);
  if (!result.success)
    throw new ScenarioError(`${source}: not a valid scenario\n${z.prettifyError(result.error)}`);
  return result.data;
}
