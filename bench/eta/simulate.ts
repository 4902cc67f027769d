// Replays one clinic day through the project's own ordering and estimate code. A simulated doctor
// calls the next present patient whenever free (rule 5); after every change to a doctor's queue the
// estimate every waiting patient would see is recorded, and is later judged against the time that
// patient really started. The model sees only what the system would know at that moment.
import { attendanceSoFar, estimateQueue, naiveEstimateMinutes } from "../../server/domain/estimate.ts";
import { callNextCandidate, orderQueue, restoreRank } from "../../server/domain/ordering.ts";
import { zonedTimeToUtc } from "../../server/domain/time.ts";
import type { QueueEntryInput } from "../../server/domain/types.ts";
import type { Scenario, ScenarioAppointment, ScenarioDoctor } from "./scenario.ts";

const MINUTE_MS = 60_000;
/** The system keeps this many of a doctor's latest consultation lengths (server/db/queue-repo.ts). */
const RECENT_DURATIONS = 30;

export type EstimateRecord = {
  appointmentId: string;
  doctorId: string;
  at: Date;
  /** 1 = next to be called. */
  position: number;
  /** Checked in when the estimate was given (else still on the way, or late). */
  present: boolean;
  modelWaitMinutes: number;
  naiveWaitMinutes: number;
  /** The likely range the patient was shown, in minutes from `at`. */
  likelyFromMinutes: number;
  likelyToMinutes: number;
};

export type DaySimulation = {
  records: EstimateRecord[];
  /** When each patient who was seen really started. */
  actualStartAt: Map<string, Date>;
};

/** An estimate next to what happened; only patients who were seen can be judged. */
export type JudgedEstimate = EstimateRecord & {
  actualWaitMinutes: number;
  modelError: number;
  naiveError: number;
};

export type ErrorSummary = {
  count: number;
  modelMae: number;
  modelP90: number;
  naiveMae: number;
  naiveP90: number;
  /** Model error over naive error, over the same estimates. */
  ratio: number;
  /** Share of estimates whose likely range held the real start. */
  coverage: number;
};

type Visit = QueueEntryInput & { doctorId: string; source: ScenarioAppointment; endedAt: Date | null };

type Notice = { since: Date; minutes: number };

type DoctorDay = {
  doctor: ScenarioDoctor;
  workStart: Date;
  onDuty: boolean;
  inRoom: Visit | null;
  /** Lengths the system has seen completed, newest first: today's, then earlier days'. */
  recentDurations: number[];
  /** Today's completed lengths, newest first. */
  todayDurations: number[];
  notice: Notice | null;
};

type SimEvent =
  | { kind: "complete"; at: number; doctorId: string }
  | { kind: "book"; at: number; visit: Visit }
  | { kind: "arrive"; at: number; visit: Visit }
  | { kind: "delay"; at: number; doctorId: string; minutes: number }
  | { kind: "start"; at: number; doctorId: string }
  | { kind: "sweep"; at: number; visit: Visit };

/** Same instant: a room frees up first, a patient who walks in at slot + grace is not a no-show. */
const KIND_ORDER: Record<SimEvent["kind"], number> = {
  complete: 0,
  book: 1,
  arrive: 2,
  delay: 3,
  start: 4,
  sweep: 5,
};

const ms = (iso: string) => Date.parse(iso);

/** When the patient can be checked in: on arrival, but not before check-in opens (rule 5). */
export function checkInTime(appointment: ScenarioAppointment, maxEarlyArrivalMinutes: number): number | null {
  if (appointment.arrivesAt === null) return null;
  return Math.max(
    ms(appointment.arrivesAt),
    ms(appointment.bookedAt),
    ms(appointment.slotStart) - maxEarlyArrivalMinutes * MINUTE_MS,
  );
}

/** The queue as the system stores it at `now`: only bookings made by then, payments made by then. */
function storedQueue(visits: readonly Visit[], now: number): QueueEntryInput[] {
  return visits
    .filter((v) => v.bookedAt.getTime() <= now)
    .map((v) => ({
      ...v,
      paidAt: v.source.paidAt !== null && ms(v.source.paidAt) <= now ? new Date(ms(v.source.paidAt)) : null,
    }));
}

/** Replays the day and returns every estimate given and every real start time. */
export function simulateDay(scenario: Scenario): DaySimulation {
  const tz = scenario.timezone;
  const doctors = new Map<string, DoctorDay>(
    scenario.doctors.map((doctor) => [
      doctor.id,
      {
        doctor,
        workStart: zonedTimeToUtc(scenario.date, doctor.workStart, tz),
        onDuty: false,
        inRoom: null,
        recentDurations: scenario.history
          .filter((h) => h.doctorId === doctor.id)
          .map((h) => h.consultationMinutes)
          .reverse(),
        todayDurations: [],
        notice: null,
      },
    ]),
  );
  const byBooking = [...scenario.appointments].sort(
    (a, b) => ms(a.bookedAt) - ms(b.bookedAt) || (a.id < b.id ? -1 : 1),
  );
  const visitsOf = new Map<string, Visit[]>(scenario.doctors.map((d) => [d.id, []]));
  const visits = byBooking.map((source, i): Visit => {
    const visit: Visit = {
      id: source.id,
      ticket: i + 1,
      status: "BOOKED",
      priority: source.priority,
      scheduledAt: new Date(ms(source.slotStart)),
      bookedAt: new Date(ms(source.bookedAt)),
      paidAt: null,
      orderRank: null,
      checkedInAt: null,
      calledAt: null,
      startedAt: null,
      endedAt: null,
      doctorId: source.doctorId,
      source,
    };
    visitsOf.get(source.doctorId)?.push(visit);
    return visit;
  });

  const events: SimEvent[] = [];
  for (const [doctorId, day] of doctors) {
    events.push({
      kind: "start",
      at: day.workStart.getTime() + day.doctor.startsLateMinutes * MINUTE_MS,
      doctorId,
    });
  }
  for (const d of scenario.delays) {
    events.push({ kind: "delay", at: ms(d.at), doctorId: d.doctorId, minutes: d.estimatedDelay });
  }
  for (const visit of visits) {
    const checkIn = checkInTime(visit.source, scenario.maxEarlyArrivalMinutes);
    if (checkIn !== null) events.push({ kind: "arrive", at: checkIn, visit });
    const sweepAt = visit.scheduledAt.getTime() + scenario.noShowGraceMinutes * MINUTE_MS;
    events.push({ kind: "sweep", at: Math.max(sweepAt, visit.bookedAt.getTime()), visit });
  }
  // Bookings made once the day is under way change the queue; earlier ones are simply there.
  const dayStart = Math.min(...events.map((e) => e.at));
  for (const visit of visits) {
    if (visit.bookedAt.getTime() > dayStart)
      events.push({ kind: "book", at: visit.bookedAt.getTime(), visit });
  }
  let sequence = 0;
  const queued = events.map((event) => ({ event, sequence: sequence++ }));
  const before = (a: (typeof queued)[number], b: (typeof queued)[number]) =>
    a.event.at - b.event.at || KIND_ORDER[a.event.kind] - KIND_ORDER[b.event.kind] || a.sequence - b.sequence;
  queued.sort(before);

  const records: EstimateRecord[] = [];
  const actualStartAt = new Map<string, Date>();

  const record = (day: DoctorDay, now: number) => {
    const queue = storedQueue(visitsOf.get(day.doctor.id) ?? [], now);
    const ordered = orderQueue(queue, tz);
    const estimates = estimateQueue({
      ...attendanceSoFar(queue, new Date(now), tz, scenario.noShowGraceMinutes),
      ordered,
      now: new Date(now),
      consultationMinutes: scenario.defaultConsultationMinutes,
      recentDurations: day.recentDurations.slice(0, RECENT_DURATIONS),
      todayDurations: day.todayDurations,
      delayMinutes: day.notice?.minutes ?? 0,
      delaySince: day.notice?.since,
      paused: false,
      workStart: day.workStart,
      checkInWindowMinutes: scenario.maxEarlyArrivalMinutes,
    });
    for (const entry of ordered) {
      const estimate = estimates.get(entry.id);
      if (entry.position < 1 || !estimate) continue;
      records.push({
        appointmentId: entry.id,
        doctorId: day.doctor.id,
        at: new Date(now),
        position: entry.position,
        present: entry.status === "CHECKED_IN",
        modelWaitMinutes: estimate.estimatedWaitMinutes,
        likelyFromMinutes: Math.floor((estimate.earliestStartAt.getTime() - now) / MINUTE_MS),
        likelyToMinutes: Math.ceil((estimate.latestStartAt.getTime() - now) / MINUTE_MS),
        naiveWaitMinutes: naiveEstimateMinutes(entry.position, scenario.defaultConsultationMinutes),
      });
    }
  };

  const schedule = (event: SimEvent) => {
    const item = { event, sequence: sequence++ };
    const at = queued.findIndex((other) => before(item, other) < 0);
    queued.splice(at < 0 ? queued.length : at, 0, item);
  };

  /** A free doctor on duty calls the first present patient in queue order and starts at once. */
  const callNext = (day: DoctorDay, now: number) => {
    if (!day.onDuty || day.inRoom) return;
    const queue = storedQueue(visitsOf.get(day.doctor.id) ?? [], now);
    const next = callNextCandidate(orderQueue(queue, tz));
    const visit = next && visits.find((v) => v.id === next.id);
    if (!visit) return;
    visit.status = "IN_CONSULTATION";
    visit.calledAt = new Date(now);
    visit.startedAt = new Date(now);
    day.inRoom = visit;
    actualStartAt.set(visit.id, new Date(now));
    // The doctor is back: staff clear a "doctor delayed" notice given before this.
    if (day.notice && day.notice.since.getTime() <= now) day.notice = null;
    schedule({
      kind: "complete",
      at: now + visit.source.consultationMinutes * MINUTE_MS,
      doctorId: day.doctor.id,
    });
    record(day, now);
  };

  const doctorOf = (event: SimEvent) =>
    doctors.get("visit" in event ? event.visit.doctorId : event.doctorId) as DoctorDay;

  while (queued.length > 0) {
    const { event } = queued.shift() as (typeof queued)[number];
    const day = doctorOf(event);
    const now = event.at;
    let changed = true;
    switch (event.kind) {
      case "start":
        day.onDuty = true;
        changed = false;
        break;
      case "delay":
        day.notice = event.minutes > 0 ? { since: new Date(now), minutes: event.minutes } : null;
        break;
      case "book":
        // A walk-in is booked at the desk and checked in with the same click.
        if (checkInTime(event.visit.source, scenario.maxEarlyArrivalMinutes) === now) {
          event.visit.status = "CHECKED_IN";
          event.visit.checkedInAt = new Date(now);
        }
        break;
      case "arrive": {
        const { visit } = event;
        if (visit.status === "CHECKED_IN") {
          changed = false;
          break;
        }
        if (visit.status === "NO_SHOW") {
          // Rule 6: a no-show who arrives goes back in at the end of the current slot's waiting entries.
          const queue = storedQueue(visitsOf.get(day.doctor.id) ?? [], now);
          const ranks = restoreRank(orderQueue(queue, tz), visit, new Date(now), tz);
          for (const target of visitsOf.get(day.doctor.id) ?? []) {
            target.orderRank = ranks.get(target.id) ?? target.orderRank;
          }
        }
        visit.status = "CHECKED_IN";
        visit.checkedInAt = new Date(now);
        break;
      }
      case "sweep":
        changed = event.visit.status === "BOOKED";
        if (changed) event.visit.status = "NO_SHOW";
        break;
      case "complete": {
        const visit = day.inRoom;
        if (visit?.startedAt) {
          visit.status = "COMPLETED";
          visit.endedAt = new Date(now);
          const minutes = (now - visit.startedAt.getTime()) / MINUTE_MS;
          day.recentDurations.unshift(minutes);
          day.todayDurations.unshift(minutes);
        }
        day.inRoom = null;
        break;
      }
    }
    if (changed) record(day, now);
    callNext(day, now);
  }
  return { records, actualStartAt };
}

/** Every estimate of a patient who was seen, with its error and the naive one's (position x default). */
export function judgeEstimates(simulation: DaySimulation): JudgedEstimate[] {
  const judged: JudgedEstimate[] = [];
  for (const r of simulation.records) {
    const start = simulation.actualStartAt.get(r.appointmentId);
    if (!start) continue;
    const actualWaitMinutes = (start.getTime() - r.at.getTime()) / MINUTE_MS;
    judged.push({
      ...r,
      actualWaitMinutes,
      modelError: Math.abs(r.modelWaitMinutes - actualWaitMinutes),
      naiveError: Math.abs(r.naiveWaitMinutes - actualWaitMinutes),
    });
  }
  return judged;
}

/** Nearest-rank percentile (p in 0..1) of the values; 0 for none. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))] ?? 0;
}

const mean = (values: readonly number[]) =>
  values.length === 0 ? 0 : values.reduce((sum, v) => sum + v, 0) / values.length;

export function summarizeErrors(judged: readonly JudgedEstimate[]): ErrorSummary {
  const model = judged.map((j) => j.modelError);
  const naive = judged.map((j) => j.naiveError);
  const modelMae = mean(model);
  const naiveMae = mean(naive);
  return {
    count: judged.length,
    modelMae,
    modelP90: percentile(model, 0.9),
    naiveMae,
    naiveP90: percentile(naive, 0.9),
    ratio: naiveMae > 0 ? modelMae / naiveMae : 0,
    coverage:
      judged.length === 0
        ? 0
        : judged.filter(
            (j) => j.actualWaitMinutes >= j.likelyFromMinutes && j.actualWaitMinutes <= j.likelyToMinutes,
          ).length / judged.length,
  };
}
