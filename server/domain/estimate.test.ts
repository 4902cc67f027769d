import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  attendanceSoFar,
  type EstimateInput,
  estimateQueue,
  expectedConsultationMinutes,
  naiveEstimateMinutes,
  plannedConsultationMinutes,
} from "./estimate.ts";
import { furtherLateness } from "./late-start.ts";
import { orderQueue } from "./ordering.ts";
import { medianRemainingMinutes, USUAL_SPREAD } from "./pace.ts";
import { zonedTimeToUtc } from "./time.ts";
import type { AppointmentStatus, QueueEntryInput } from "./types.ts";

const TZ = "Pacific/Auckland";
const local = (hhmm: string) => zonedTimeToUtc("2026-06-04", hhmm, TZ);
const NOW = local("09:10");
const MIN = 60_000;

let serial = 0;
function entry(over: Partial<QueueEntryInput> = {}): QueueEntryInput {
  serial++;
  return {
    id: `a${String(serial).padStart(3, "0")}`,
    ticket: serial,
    status: "CHECKED_IN",
    priority: "NORMAL",
    scheduledAt: local("09:00"),
    bookedAt: new Date(local("07:00").getTime() + serial * MIN),
    paidAt: null,
    orderRank: null,
    checkedInAt: null,
    calledAt: null,
    startedAt: null,
    ...over,
  };
}

function estimate(entries: QueueEntryInput[], over: Partial<EstimateInput> = {}) {
  const ordered = orderQueue(entries, TZ);
  const result = estimateQueue({
    ordered,
    now: NOW,
    consultationMinutes: 15,
    recentDurations: [],
    delayMinutes: 0,
    paused: false,
    ...over,
  });
  return { ordered, result, waitOf: (e: QueueEntryInput) => result.get(e.id)?.estimatedWaitMinutes };
}

describe("estimateQueue", () => {
  it("has nothing to say about an empty queue", () => {
    expect(estimate([]).result.size).toBe(0);
  });

  it("gives the rest of the consultation in progress, then one consultation each", () => {
    const inRoom = entry({ status: "IN_CONSULTATION", startedAt: local("09:00") });
    const first = entry();
    const second = entry();
    const { result, waitOf } = estimate([inRoom, first, second]);
    expect(result.get(inRoom.id)?.estimatedStartAt).toEqual(local("09:00"));
    expect(waitOf(inRoom)).toBe(0);
    // 10 minutes into a 15-minute (mean) visit: half such visits still take more than 5.65 minutes.
    const rest = medianRemainingMinutes({ minutes: 15, doubt: 0, spread: USUAL_SPREAD }, 10);
    expect(rest).toBeCloseTo(5.65, 1);
    expect(result.get(first.id)?.estimatedStartAt.getTime()).toBe(NOW.getTime() + Math.round(rest * MIN));
    expect(waitOf(first)).toBe(6);
    expect(waitOf(second)).toBe(21);
  });

  it("expects a consultation running long to run on a while, and leaves a few minutes at the least", () => {
    const first = entry();
    const waitBehind = (startedAt: string) =>
      estimate([entry({ status: "IN_CONSULTATION", startedAt: local(startedAt) }), first]).waitOf(first);
    // 40 minutes into a 15-minute visit: one that long usually goes on for a few minutes more.
    expect(waitBehind("08:30")).toBe(5);
    // Hours into it (a forgotten "complete"): the floor, a fifth of a consultation.
    expect(waitBehind("06:00")).toBe(3);
  });

  it("starts a called patient as soon as the doctor is free", () => {
    const called = entry({ status: "CALLED", calledAt: local("09:09") });
    const first = entry();
    const { waitOf } = estimate([called, first]);
    expect(waitOf(called)).toBe(0);
    expect(waitOf(first)).toBe(15);
  });

  it("adds an announced delay to every estimate of a full queue", () => {
    const entries = [
      entry({ status: "IN_CONSULTATION", startedAt: local("09:00") }),
      entry({ status: "CALLED" }),
      entry(),
      entry(),
      entry(),
    ];
    const plain = estimate(entries);
    const late = estimate(entries, { delayMinutes: 20 });
    for (const e of entries.filter((x) => x.status !== "IN_CONSULTATION")) {
      expect(late.waitOf(e)).toBe((plain.waitOf(e) ?? 0) + 20);
    }
  });

  it("does not estimate a patient of a later slot before that slot starts", () => {
    const now = entry();
    const eleven = entry({ status: "BOOKED", scheduledAt: local("11:20") });
    const { result, waitOf } = estimate([now, eleven]);
    expect(result.get(eleven.id)?.estimatedStartAt).toEqual(local("11:00"));
    expect(waitOf(eleven)).toBe(110);
  });

  it("sees a present early arrival before an absent patient ahead of them (rule 5)", () => {
    const absent = entry({ status: "BOOKED", scheduledAt: local("10:00") });
    const early = entry({ status: "CHECKED_IN", scheduledAt: local("10:00") });
    const { ordered, waitOf } = estimate([absent, early]);
    expect(ordered.map((e) => e.id)).toEqual([absent.id, early.id]);
    expect(waitOf(early)).toBe(0);
    expect(waitOf(absent)).toBe(50);
  });

  it("counts a patient whose slot started but who is not here as half a consultation", () => {
    const late = entry({ status: "BOOKED", scheduledAt: local("09:00") });
    const here = entry();
    const { waitOf } = estimate([late, here]);
    expect(waitOf(late)).toBe(0);
    expect(waitOf(here)).toBe(8); // 7.5 minutes
  });

  it("does not expect a patient running late before the time they gave, and lets those present go first", () => {
    // 09:00 booking, said at 09:05 they are 20 min late: expected at 09:20, for a whole consultation.
    const late = entry({ status: "BOOKED", scheduledAt: local("09:00"), lateMinutes: 20 });
    const here = entry();
    const after = entry();
    const { waitOf, result } = estimate([late, here, after]);
    expect(waitOf(here)).toBe(0);
    // At 09:25 the doctor is free again and the late patient is there by then: first in queue order.
    expect(result.get(late.id)?.estimatedStartAt.getTime()).toBe(local("09:25").getTime());
    expect(waitOf(after)).toBe(30);
    // Without the report they would be half a consultation at the head of the queue.
    const { waitOf: unreported } = estimate([{ ...late, lateMinutes: null }, here, after]);
    expect(unreported(here)).toBe(8);
  });

  it("stops waiting for the reported time once it has passed", () => {
    const late = entry({ status: "BOOKED", scheduledAt: local("08:40"), lateMinutes: 10 });
    const here = entry();
    const { waitOf } = estimate([late, here]);
    // 08:50 is past: the usual rule for a patient not here (half a consultation) applies again.
    expect(waitOf(late)).toBe(0);
    expect(waitOf(here)).toBe(8);
  });

  it("does not start before the doctor's working start", () => {
    const first = entry();
    const { result } = estimate([first], { workStart: local("09:30") });
    expect(result.get(first.id)?.estimatedStartAt).toEqual(local("09:30"));
  });

  it("gives no estimate while the queue is paused", () => {
    expect(estimate([entry()], { paused: true }).result.size).toBe(0);
  });

  it("is non-decreasing along the waiting order when everyone is here", () => {
    const entries = [
      entry({ priority: "URGENT" }),
      entry({ paidAt: local("08:00") }),
      entry(),
      entry({ scheduledAt: local("10:00") }),
      entry(),
    ];
    const { ordered, result } = estimate(entries, { recentDurations: [12, 9, 30, 14] });
    const starts = ordered.map((e) => result.get(e.id)?.estimatedStartAt.getTime() ?? Number.NaN);
    expect(starts).toEqual([...starts].sort((a, b) => a - b));
  });
});

describe("estimateQueue with what the day has shown", () => {
  it("counts absent patients of a later slot by the chance they come", () => {
    const first = entry({ status: "BOOKED", scheduledAt: local("10:00") });
    const second = entry({ status: "BOOKED", scheduledAt: local("10:00") });
    const sure = estimate([first, second]);
    const doubtful = estimate([first, second], { showProbability: 0.6 });
    expect(sure.result.get(second.id)?.estimatedStartAt).toEqual(local("10:15"));
    expect(doubtful.result.get(second.id)?.estimatedStartAt).toEqual(local("10:09"));
    // Their own estimate assumes they come.
    expect(doubtful.result.get(first.id)?.estimatedStartAt).toEqual(local("10:00"));
  });

  it("expects absent patients when patients typically arrive, early or late", () => {
    const absent = entry({ status: "BOOKED", scheduledAt: local("10:00") });
    expect(
      estimate([absent], { typicalArrivalMinutes: -10 }).result.get(absent.id)?.estimatedStartAt,
    ).toEqual(local("09:50"));
    expect(estimate([absent], { typicalArrivalMinutes: 5 }).result.get(absent.id)?.estimatedStartAt).toEqual(
      local("10:05"),
    );
  });

  it("lets a free doctor see some absent patients early when arrivals are spread out", () => {
    const first = entry({ status: "BOOKED", scheduledAt: local("10:00") });
    const second = entry({ status: "BOOKED", scheduledAt: local("10:00") });
    const together = estimate([first, second]);
    const spread = estimate([first, second], { arrivalSpreadMinutes: 20 });
    // A third of each one's chance comes at 09:40: the doctor, free since 09:10, sees that much
    // (2 x 5 minutes) before 10:00, so only a third of the first one's visit is left ahead of the second.
    expect(together.result.get(second.id)?.estimatedStartAt).toEqual(local("10:15"));
    expect(spread.result.get(second.id)?.estimatedStartAt).toEqual(local("10:05"));
    // Their own estimates still assume they come at the usual time.
    expect(spread.result.get(first.id)?.estimatedStartAt).toEqual(local("10:00"));
    // A third one: 10:10; the late thirds of their chances (10:20) come after all three started.
    const third = entry({ status: "BOOKED", scheduledAt: local("10:00") });
    const withThird = estimate([first, second, third], { arrivalSpreadMinutes: 20 });
    expect(withThird.result.get(third.id)?.estimatedStartAt).toEqual(local("10:10"));
  });

  it("queues expected walk-ins behind each hour's bookings, not ahead of them", () => {
    const first = entry();
    const second = entry();
    const nextHour = entry({ scheduledAt: local("10:00") });
    const plain = estimate([first, second, nextHour]);
    const busy = estimate([first, second, nextHour], { unscheduledPerHour: 2 });
    expect(busy.waitOf(first)).toBe(plain.waitOf(first));
    expect(busy.waitOf(second)).toBe(plain.waitOf(second));
    // 50 minutes of the 09:00 hour are left: 2 x 50/60 walk-ins of 15 minutes each.
    expect(busy.waitOf(nextHour)).toBe((plain.waitOf(nextHour) ?? 0) + 25);
  });

  it("counts an announced delay down from when it was given, and drops it once the doctor is back", () => {
    const waiting = entry();
    // Announced at 08:50 for 30 minutes before a 09:00 start: expected back at 09:30, not now + 30.
    const late = estimate([waiting], {
      delayMinutes: 30,
      delaySince: local("08:50"),
      workStart: local("09:00"),
    });
    expect(late.result.get(waiting.id)?.estimatedStartAt).toEqual(local("09:30"));
    // Announced at 09:05 for 20 minutes: back at 09:25.
    const away = estimate([waiting], {
      delayMinutes: 20,
      delaySince: local("09:05"),
      workStart: local("09:00"),
    });
    expect(away.result.get(waiting.id)?.estimatedStartAt).toEqual(local("09:25"));
    // A consultation started after the announcement: the doctor is back, the delay is spent.
    const inRoom = entry({ status: "IN_CONSULTATION", startedAt: local("09:05") });
    const back = estimate([inRoom, waiting], { delayMinutes: 30, delaySince: local("08:50") });
    const noDelay = estimate([inRoom, waiting]);
    expect(back.result.get(waiting.id)?.estimatedStartAt).toEqual(
      noDelay.result.get(waiting.id)?.estimatedStartAt,
    );
    expect(back.waitOf(waiting)).toBeLessThan(15);
  });
});

describe("attendanceSoFar", () => {
  const at = (hhmm: string) => local(hhmm);
  const booked = { bookedAt: new Date(at("00:00").getTime() - 86_400_000) };
  const day = [
    // 09:00 slot: early, absent, and back after being marked a no-show.
    entry({ ...booked, status: "COMPLETED", scheduledAt: at("09:00"), checkedInAt: at("08:50") }),
    entry({ ...booked, status: "NO_SHOW", scheduledAt: at("09:00") }),
    entry({ ...booked, status: "COMPLETED", scheduledAt: at("09:00"), checkedInAt: at("09:40") }),
    // 10:00 slot: a little early, a little late.
    entry({ ...booked, status: "COMPLETED", scheduledAt: at("10:00"), checkedInAt: at("09:56") }),
    entry({ ...booked, status: "IN_CONSULTATION", scheduledAt: at("10:00"), checkedInAt: at("10:05") }),
    // A walk-in, a slot not over yet, a cancellation: none of them says who comes.
    entry({
      status: "CHECKED_IN",
      scheduledAt: at("10:20"),
      bookedAt: at("10:20"),
      checkedInAt: at("10:20"),
    }),
    entry({ ...booked, status: "BOOKED", scheduledAt: at("11:00") }),
    entry({ ...booked, status: "CANCELLED", scheduledAt: at("09:00") }),
  ];

  it("learns who comes, who comes late and when, and how many come unbooked, from the day so far", () => {
    const figures = attendanceSoFar(day, at("11:00"), TZ, 15);
    // 4 of 5 decided patients came, against a usual 9 in 10 worth 10 patients.
    expect(figures.showProbability).toBeCloseTo((4 + 9) / (5 + 10));
    // 3 were not there at their slot start; 2 of them came, against a usual 1 in 2 worth 4 patients.
    expect(figures.lateShowProbability).toBeCloseTo((2 + 2) / (3 + 4));
    // On time: -10, -4 and +5 minutes; the median, -4, worth 3 of 8.
    expect(figures.typicalArrivalMinutes).toBeCloseTo((-4 * 3) / 8);
    // Their middle two thirds span -8 to +2 minutes: 5 either side, against a usual 20 worth 5.
    expect(figures.arrivalSpreadMinutes).toBeCloseTo((5 * 3 + 20 * 5) / 8);
    // The walk-in and the no-show who came back, over 2 hours, against a usual 0.6 an hour worth 3.
    expect(figures.unscheduledPerHour).toBeCloseTo((2 + 0.6 * 3) / (2 + 3));
  });

  it("falls back to the usual figures before anything is decided", () => {
    expect(attendanceSoFar([], at("08:00"), TZ, 15)).toEqual({
      showProbability: 0.9,
      lateShowProbability: 0.5,
      typicalArrivalMinutes: 0,
      arrivalSpreadMinutes: 20,
      unscheduledPerHour: 0.6,
    });
  });
});

describe("expected consultation length", () => {
  it("uses the default without history and leans on it while samples are few", () => {
    expect(expectedConsultationMinutes([], 15)).toBe(15);
    expect(expectedConsultationMinutes([25], 15)).toBeCloseTo((25 + 5 * 15) / 6);
    expect(expectedConsultationMinutes(Array(25).fill(20), 15)).toBeCloseTo((25 * 20 + 75) / 30);
  });

  it("follows the doctor's own pace after a few visits when the doctor learns their pace", () => {
    const visits = [30, 28, 32];
    expect(expectedConsultationMinutes(visits, 10, true)).toBeCloseTo((90 + 10) / 4);
    // Not learning: the set length still weighs five visits.
    expect(expectedConsultationMinutes(visits, 10, false)).toBeCloseTo((90 + 50) / 8);
    expect(expectedConsultationMinutes([], 10, true)).toBe(10);
  });

  it("plans the queue with the learnt pace: the third patient's wait follows the history", () => {
    const patients = [entry(), entry(), entry()];
    const third = patients[2] as QueueEntryInput;
    const history = { consultationMinutes: 10, recentDurations: [30, 30, 30] };
    const learning = estimate(patients, { ...history, learnsPace: true }).waitOf(third) ?? 0;
    const fixed = estimate(patients, history).waitOf(third) ?? 0;
    // Two consultations ahead: 2 x (90 + 10) / 4 = 50 learning, 2 x (90 + 50) / 8 = 35 not.
    expect(learning).toBe(50);
    expect(fixed).toBe(35);
  });

  it("is not thrown by a forgotten 'complete' or a mistaken start", () => {
    const samples = [...Array(9).fill(20), 300, 0.1];
    expect(expectedConsultationMinutes(samples, 15)).toBeCloseTo((9 * 20 + 60 + 5 * 15) / 15);
  });

  it("is planned at the doctor's length, else the hospital's, else the configured default", () => {
    expect(plannedConsultationMinutes(12, 20, 15)).toBe(12);
    expect(plannedConsultationMinutes(null, 20, 15)).toBe(20);
    expect(plannedConsultationMinutes(null, null, 15)).toBe(15);
    expect(plannedConsultationMinutes(0, null, 15)).toBe(15);
  });

  it("naive estimate is position x default", () => {
    expect(naiveEstimateMinutes(3, 15)).toBe(45);
  });
});

describe("estimate invariants", () => {
  const statusArb = fc.constantFrom<AppointmentStatus>(
    "BOOKED",
    "CHECKED_IN",
    "CHECKED_IN",
    "CALLED",
    "IN_CONSULTATION",
    "COMPLETED",
  );
  const queueArb = fc.array(
    fc.record({
      status: statusArb,
      minute: fc.integer({ min: 8 * 60, max: 13 * 60 }),
      urgent: fc.integer({ min: 0, max: 5 }).map((n) => n === 0),
      startedMinutesAgo: fc.integer({ min: 0, max: 40 }),
    }),
    { maxLength: 20 },
  );
  const inputArb = fc.record({
    shapes: queueArb,
    delayMinutes: fc.integer({ min: 0, max: 45 }),
    recent: fc.array(fc.double({ min: 0, max: 120, noNaN: true }), { maxLength: 30 }),
    workStartMinute: fc.option(fc.integer({ min: 8 * 60, max: 10 * 60 }), { nil: undefined }),
  });

  it("every open entry gets one; nobody starts before now, their slot (if absent) or the working start; order holds among those already there", () => {
    fc.assert(
      fc.property(inputArb, ({ shapes, delayMinutes, recent, workStartMinute }) => {
        const day = local("00:00").getTime();
        const entries = shapes.map((s) =>
          entry({
            status: s.status,
            priority: s.urgent ? "URGENT" : "NORMAL",
            scheduledAt: new Date(day + s.minute * MIN),
            startedAt:
              s.status === "IN_CONSULTATION" ? new Date(NOW.getTime() - s.startedMinutesAgo * MIN) : null,
          }),
        );
        const workStart = workStartMinute === undefined ? undefined : new Date(day + workStartMinute * MIN);
        const { ordered, result } = estimate(entries, { delayMinutes, recentDurations: recent, workStart });
        expect(result.size).toBe(ordered.length);
        const availableAt = (e: (typeof ordered)[number]) =>
          e.status === "BOOKED" ? Math.max(NOW.getTime(), e.slotStart.getTime()) : NOW.getTime();
        const waiting = ordered.filter((e) => e.position > 0);
        for (const e of ordered) {
          const est = result.get(e.id);
          if (!est) throw new Error(`no estimate for ${e.id}`);
          expect(est.estimatedWaitMinutes).toBe(
            Math.max(0, Math.round((est.estimatedStartAt.getTime() - NOW.getTime()) / MIN)),
          );
          if (e.status === "IN_CONSULTATION") continue;
          expect(est.estimatedStartAt.getTime()).toBeGreaterThanOrEqual(availableAt(e));
          if (workStart && !ordered.some((x) => x.status === "IN_CONSULTATION")) {
            expect(est.estimatedStartAt.getTime()).toBeGreaterThanOrEqual(workStart.getTime());
          }
        }
        waiting.forEach((a, i) => {
          for (const b of waiting.slice(i + 1)) {
            if (availableAt(a) <= availableAt(b)) {
              expect(result.get(a.id)?.estimatedStartAt.getTime()).toBeLessThanOrEqual(
                result.get(b.id)?.estimatedStartAt.getTime() ?? 0,
              );
            }
          }
        });
        // Deterministic: the same snapshot gives the same answer.
        expect(estimate(entries, { delayMinutes, recentDurations: recent, workStart }).result).toEqual(
          result,
        );
      }),
    );
  });

  it("with attendance figures too: one estimate each, none before now, present patients in queue order", () => {
    const figuresArb = fc.record({
      showProbability: fc.double({ min: 0, max: 1, noNaN: true }),
      lateShowProbability: fc.double({ min: 0, max: 1, noNaN: true }),
      typicalArrivalMinutes: fc.double({ min: -30, max: 15, noNaN: true }),
      arrivalSpreadMinutes: fc.double({ min: 0, max: 40, noNaN: true }),
      unscheduledPerHour: fc.double({ min: 0, max: 4, noNaN: true }),
      delaySinceMinute: fc.option(fc.integer({ min: 8 * 60, max: 9 * 60 + 10 }), { nil: undefined }),
    });
    fc.assert(
      fc.property(queueArb, figuresArb, (shapes, { delaySinceMinute, ...figures }) => {
        const day = local("00:00").getTime();
        const entries = shapes.map((s) =>
          entry({
            status: s.status,
            priority: s.urgent ? "URGENT" : "NORMAL",
            scheduledAt: new Date(day + s.minute * MIN),
            startedAt:
              s.status === "IN_CONSULTATION" ? new Date(NOW.getTime() - s.startedMinutesAgo * MIN) : null,
          }),
        );
        const delaySince =
          delaySinceMinute === undefined ? undefined : new Date(day + delaySinceMinute * MIN);
        const { ordered, result } = estimate(entries, { ...figures, delayMinutes: 20, delaySince });
        expect(result.size).toBe(ordered.length);
        const startOf = (id: string) => result.get(id)?.estimatedStartAt.getTime() ?? Number.NaN;
        for (const e of ordered.filter((x) => x.status !== "IN_CONSULTATION")) {
          expect(startOf(e.id)).toBeGreaterThanOrEqual(NOW.getTime());
        }
        const present = ordered.filter((e) => e.status === "CHECKED_IN").map((e) => startOf(e.id));
        expect(present).toEqual([...present].sort((a, b) => a - b));
      }),
    );
  });
});

describe("estimateQueue on busy days", () => {
  const hours = (n: number) => n * 60 * MIN;

  it("carries an overbooked hour's backlog into the next hour's patients", () => {
    // Six patients for the 09:00 hour at 15 minutes each: 90 minutes of work from 09:10.
    const nine = Array.from({ length: 6 }, () => entry());
    const ten = entry({ status: "BOOKED", scheduledAt: local("10:00") });
    const { result } = estimate([...nine, ten]);
    // Not at 10:00 when the slot starts, but when the backlog ahead is seen: 09:10 + 6 x 15.
    expect(result.get(ten.id)?.estimatedStartAt).toEqual(local("10:40"));
    const light = estimate([entry(), ten]);
    expect(light.result.get(ten.id)?.estimatedStartAt).toEqual(local("10:00"));
  });

  it("sees a silent late start: patients waiting past the start and nobody called all day", () => {
    const waiting = entry({ checkedInAt: local("08:45") });
    const workStart = local("08:50");
    // 09:10, nobody seen today: the doctor is 20 minutes late, and likely later still.
    const late = estimate([waiting], { workStart, todayDurations: [] });
    const startAt = late.result.get(waiting.id)?.estimatedStartAt.getTime() ?? 0;
    expect(startAt).toBe(NOW.getTime() + furtherLateness(20).minutes * MIN);
    expect(startAt).toBeGreaterThan(NOW.getTime() + 10 * MIN);
    // Someone was seen today: the doctor is there, just busy elsewhere.
    expect(estimate([waiting], { workStart, todayDurations: [12] }).waitOf(waiting)).toBe(0);
    // Today's visits unknown to the caller: no guess about lateness.
    expect(estimate([waiting], { workStart }).waitOf(waiting)).toBe(0);
    // Before the start nothing says the doctor is late.
    const early = estimate([waiting], { workStart: local("09:30"), todayDurations: [] });
    expect(early.result.get(waiting.id)?.estimatedStartAt).toEqual(local("09:30"));
  });

  it("sees a doctor still not back after an announced delay as late again", () => {
    const waiting = entry({ checkedInAt: local("08:40") });
    const announced = { delayMinutes: 10, delaySince: local("08:45"), workStart: local("08:30") };
    // Expected back at 08:55; at 09:10 still nobody called: 15 minutes past the announcement.
    const { result } = estimate([waiting], { ...announced, todayDurations: [] });
    expect(result.get(waiting.id)?.estimatedStartAt.getTime()).toBe(
      NOW.getTime() + furtherLateness(15).minutes * MIN,
    );
  });

  it("learns today's pace from today's visits, more with every visit", () => {
    const patients = [entry(), entry(), entry()];
    const third = patients[2] as QueueEntryInput;
    const history = Array(30).fill(10);
    const waitWith = (today: number[]) =>
      estimate(patients, {
        recentDurations: [...today, ...history].slice(0, 30),
        todayDurations: today,
      }).waitOf(third) ?? 0;
    // The history alone: 30 visits of 10 minutes (and the default worth 5): two consultations ahead.
    expect(waitWith([])).toBe(Math.round(2 * ((300 + 75) / 35)));
    // Today runs at 20 minutes a visit: 8 visits move the pace halfway, 24 most of the way.
    const history8 = (220 + 75) / 27;
    expect(waitWith(Array(8).fill(20))).toBe(Math.round(2 * ((160 + 8 * history8) / 16)));
    expect(waitWith(Array(24).fill(20))).toBeGreaterThan(waitWith(Array(8).fill(20)));
    expect(waitWith(Array(24).fill(20))).toBeGreaterThan(2 * 17);
  });

  it("counts on fewer patients when the day so far shows many do not come", () => {
    const booked = { bookedAt: new Date(local("00:00").getTime() - 86_400_000) };
    // 08:00 slot: 2 of 6 came.
    const past = [
      ...Array.from({ length: 2 }, () =>
        entry({ ...booked, status: "COMPLETED", scheduledAt: local("08:00"), checkedInAt: local("07:55") }),
      ),
      ...Array.from({ length: 4 }, () =>
        entry({ ...booked, status: "NO_SHOW", scheduledAt: local("08:00") }),
      ),
    ];
    const later = Array.from({ length: 4 }, () =>
      entry({ ...booked, status: "BOOKED", scheduledAt: local("10:00") }),
    );
    const last = later[3] as QueueEntryInput;
    const figures = attendanceSoFar([...past, ...later], NOW, TZ, 15);
    expect(figures.showProbability).toBeLessThan(0.8);
    const usual =
      estimate([...past, ...later])
        .result.get(last.id)
        ?.estimatedStartAt.getTime() ?? 0;
    const learnt =
      estimate([...past, ...later], figures)
        .result.get(last.id)
        ?.estimatedStartAt.getTime() ?? 0;
    expect(learnt).toBeLessThan(usual);
    expect(learnt).toBeGreaterThanOrEqual(local("10:00").getTime());
  });

  it("gives a likely range around every estimate that widens with the wait", () => {
    const inRoom = entry({ status: "IN_CONSULTATION", startedAt: local("09:00") });
    const waiting = Array.from({ length: 8 }, () => entry());
    const { ordered, result } = estimate([inRoom, ...waiting], { recentDurations: Array(20).fill(15) });
    const ranges = ordered
      .filter((e) => e.status === "CHECKED_IN")
      .map((e) => result.get(e.id)!)
      .map((r) => ({
        from: r.earliestStartAt.getTime(),
        at: r.estimatedStartAt.getTime(),
        to: r.latestStartAt.getTime(),
      }));
    for (const r of ranges) {
      expect(r.from).toBeLessThanOrEqual(r.at);
      expect(r.to).toBeGreaterThan(r.at);
      expect(r.from).toBeGreaterThanOrEqual(NOW.getTime());
    }
    const widths = ranges.map((r) => r.to - r.from);
    expect(widths).toEqual([...widths].sort((a, b) => a - b));
    expect((widths.at(-1) ?? 0) - (widths[0] ?? 0)).toBeGreaterThan(hours(0.5));
    // The one in the room has started: no range to speak of.
    const room = result.get(inRoom.id)!;
    expect(room.earliestStartAt).toEqual(room.latestStartAt);
  });

  it("reaches later, not earlier, while the doctor may still start late", () => {
    const waiting = entry({ checkedInAt: local("09:00") });
    const input = { recentDurations: Array(20).fill(15), workStart: local("09:30") };
    const known = estimate([waiting], input).result.get(waiting.id)!;
    const mayBeLate = estimate([waiting], { ...input, todayDurations: [] }).result.get(waiting.id)!;
    expect(mayBeLate.estimatedStartAt).toEqual(known.estimatedStartAt);
    expect(mayBeLate.earliestStartAt).toEqual(known.earliestStartAt);
    expect(mayBeLate.latestStartAt.getTime()).toBeGreaterThan(known.latestStartAt.getTime() + 10 * MIN);
  });

  it("never starts a range before the patient can be seen: the doctor's announced return, check-in opening, a stated lateness", () => {
    const long = { recentDurations: Array(20).fill(15) };
    const earliest = (e: QueueEntryInput, over: Partial<EstimateInput>, ahead = 0) =>
      estimate([...Array.from({ length: ahead }, () => entry()), e], { ...long, ...over }).result.get(e.id)!;

    // "Consultations resume in about 30 minutes": nobody is told they may start sooner.
    const waiting = entry();
    const notice = { delayMinutes: 30, delaySince: NOW };
    const behindNotice = earliest(waiting, notice);
    expect(behindNotice.earliestStartAt.getTime()).toBeGreaterThanOrEqual(NOW.getTime() + 30 * MIN);
    expect(earliest(waiting, {}).earliestStartAt.getTime()).toBeLessThan(NOW.getTime() + 30 * MIN);

    // An 11:00 patient whose check-in opens at 10:30, asked at 09:10 behind a short queue.
    const later = entry({ status: "BOOKED", scheduledAt: local("11:00") });
    const withWindow = earliest(later, { checkInWindowMinutes: 30 }, 6);
    expect(earliest(later, {}, 6).earliestStartAt.getTime()).toBeLessThan(local("10:30").getTime());
    expect(withWindow.earliestStartAt.getTime()).toBeGreaterThanOrEqual(local("10:30").getTime());
    expect(withWindow.earliestStartAt.getTime()).toBeLessThanOrEqual(withWindow.estimatedStartAt.getTime());

    // "Running late? 20 min" for a 09:00 appointment: not before 09:20.
    const late = entry({ status: "BOOKED", scheduledAt: local("09:00"), lateMinutes: 20 });
    const told = earliest(late, {});
    expect(told.estimatedStartAt.getTime()).toBeGreaterThanOrEqual(local("09:20").getTime());
    expect(told.earliestStartAt.getTime()).toBeGreaterThanOrEqual(local("09:20").getTime());
    expect(told.earliestStartAt.getTime()).toBeLessThanOrEqual(told.estimatedStartAt.getTime());
  });
});
