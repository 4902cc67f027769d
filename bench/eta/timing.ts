// How long one estimate of a busy queue takes: a 60-patient day (orderQueue, attendanceSoFar and
// estimateQueue, as a snapshot build runs them), the median of many runs. Printed by `bench:eta`.
import { attendanceSoFar, estimateQueue } from "../../server/domain/estimate.ts";
import { orderQueueEntries } from "../../server/domain/ordering.ts";
import { zonedTimeToUtc } from "../../server/domain/time.ts";
import type { AppointmentStatus, QueueEntryInput } from "../../server/domain/types.ts";

const MINUTE_MS = 60_000;
const TZ = "Asia/Kolkata";
const DATE = "2026-06-04";

/** 60 patients over 09:00-17:00 at 13:10: the morning seen or missed, one in the room, the rest waiting or on the way. */
function busyDay(): { entries: QueueEntryInput[]; now: Date } {
  const at = (hhmm: string) => zonedTimeToUtc(DATE, hhmm, TZ).getTime();
  const now = at("13:10");
  const entries = Array.from({ length: 60 }, (_, i): QueueEntryInput => {
    const slot = at(`${String(9 + Math.floor(i / 8)).padStart(2, "0")}:00`);
    const status: AppointmentStatus =
      slot < at("12:00")
        ? i % 7 === 0
          ? "NO_SHOW"
          : "COMPLETED"
        : i === 28
          ? "IN_CONSULTATION"
          : slot <= now
            ? "CHECKED_IN"
            : "BOOKED";
    const came = status !== "NO_SHOW" && status !== "BOOKED";
    const started = status === "COMPLETED" || status === "IN_CONSULTATION";
    return {
      id: `t${String(i).padStart(2, "0")}`,
      ticket: i + 1,
      status,
      priority: i % 13 === 5 ? "URGENT" : "NORMAL",
      scheduledAt: new Date(slot),
      bookedAt: new Date(slot - 86_400_000 + i * MINUTE_MS),
      paidAt: i % 2 ? new Date(slot - 3_600_000) : null,
      orderRank: null,
      checkedInAt: came ? new Date(slot - ((i * 7) % 25) * MINUTE_MS) : null,
      calledAt: started ? new Date(slot + (i % 8) * 15 * MINUTE_MS) : null,
      startedAt: started ? new Date(slot + (i % 8) * 15 * MINUTE_MS) : null,
    };
  });
  return { entries, now: new Date(now) };
}

/** Median milliseconds of one 60-patient estimate over `runs` runs (after a warm-up). */
export function snapshotEstimateMs(runs = 500): number {
  const { entries, now } = busyDay();
  const today = Array.from({ length: 25 }, (_, i) => 10 + ((i * 7) % 15));
  const history = Array.from({ length: 30 }, (_, i) => 9 + ((i * 5) % 14));
  const once = () => {
    const ordered = orderQueueEntries(entries, TZ);
    return estimateQueue({
      ...attendanceSoFar(entries, now, TZ, 15),
      ordered,
      now,
      consultationMinutes: 15,
      recentDurations: [...today, ...history].slice(0, 30),
      todayDurations: today,
      delayMinutes: 0,
      paused: false,
      workStart: zonedTimeToUtc(DATE, "09:00", TZ),
    });
  };
  for (let i = 0; i < 50; i++) once();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    once();
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)] ?? 0;
}
