// What one patient sees of the shared queue snapshot: their own entry, counts and a plain sentence,
// never another patient's details. Also the waiting-room screen's tickets-only view.
import { DomainError } from "./errors.ts";
import type { QueueEstimate } from "./estimate.ts";
import type { OrderedEntry } from "./ordering.ts";
import type { PlaceCause } from "./place-change.ts";
import { likelyMinutes, type MinuteRange } from "./shown-range.ts";
import type { AppointmentStatus } from "./types.ts";

export type QueueStatus =
  | "waiting"
  | "checked_in"
  | "next"
  | "called"
  | "in_consultation"
  | "completed"
  | "no_show"
  | "cancelled";

/** One entry of a built snapshot, as far as live views need it. */
export type SnapshotEntryView = {
  appointmentId: string;
  ticket: number;
  status: AppointmentStatus;
  /** Queue order (rules 3-5): 1..n while waiting, 0 once called, null once the visit is over. */
  position: number | null;
  /**
   * Rule 9: the place in the expected order of being seen, what the patient is told: 1..n while
   * waiting, 0 once called, null once the visit is over (see placeOf).
   */
  place: number | null;
  slotStart: Date;
  estimatedStartAt: Date | null;
  estimatedWaitMinutes: number | null;
  /** The likely range of the start (estimate.ts); absent or null without one. */
  earliestStartAt?: Date | null;
  latestStartAt?: Date | null;
};

export type QueueSnapshotView = {
  doctor: { room: string };
  notice: { message: string; delayMinutes: number } | null;
  paused: { reason: string | null } | null;
  entries: readonly SnapshotEntryView[];
  /** Who this version put further back, and why (place-change.ts). */
  placeChanges?: Readonly<Record<string, PlaceCause>>;
};

export type PatientView = {
  appointmentId: string;
  ticket: number;
  status: AppointmentStatus;
  /** The place in the expected order of being seen (rule 9): 1 = seen first. */
  position: number | null;
  /** Patients expected to be seen before this one: always position - 1 while waiting. */
  peopleAhead: number | null;
  totalWaiting: number;
  estimatedWaitMinutes: number | null;
  estimatedStartAt: Date | null;
  /** The likely wait, in whole minutes from the same moment as `estimatedWaitMinutes`; null without one. */
  likelyWaitMinutes: { from: number; to: number } | null;
  slotStart: Date;
  queueStatus: QueueStatus;
  message: string;
  /** Why this version gave the patient a higher place number (further back); null when it did not. */
  placeChange: PlaceCause | null;
};

/**
 * Rule 9: an open entry's place as the patient is told it. Waiting: the estimate's own rank in the
 * expected order of being seen (worked out as if the queue ran while it is paused: the times are
 * hidden then, the order kept), else the queue order; called or in the room: 0; finished: null.
 */
export function placeOf(
  entry: { position: number | null },
  estimate: QueueEstimate | undefined,
): number | null {
  if (entry.position === null) return null;
  if (entry.position === 0) return 0;
  return estimate?.place ?? entry.position;
}

/** The open entries of an ordered, estimated queue as snapshot entries. */
export function snapshotEntries(
  ordered: readonly OrderedEntry[],
  estimates: ReadonlyMap<string, QueueEstimate>,
): SnapshotEntryView[] {
  return ordered.map((e) => ({
    appointmentId: e.id,
    ticket: e.ticket,
    status: e.status,
    position: e.position,
    place: placeOf(e, estimates.get(e.id)),
    slotStart: e.slotStart,
    estimatedStartAt: estimates.get(e.id)?.estimatedStartAt ?? null,
    estimatedWaitMinutes: estimates.get(e.id)?.estimatedWaitMinutes ?? null,
    earliestStartAt: estimates.get(e.id)?.earliestStartAt ?? null,
    latestStartAt: estimates.get(e.id)?.latestStartAt ?? null,
  }));
}

export function ordinal(n: number): string {
  const tens = n % 100;
  const suffix =
    tens >= 11 && tens <= 13
      ? "th"
      : (({ 1: "st", 2: "nd", 3: "rd" } as Record<number, string>)[n % 10] ?? "th");
  return `${n}${suffix}`;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;

/** "About 25 minutes.", "About 1 hour 10 minutes.", "Any minute now." */
export function waitSentence(minutes: number): string {
  if (minutes <= 0) return "Any minute now.";
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  if (hours === 0) return `About ${plural(rest, "minute")}.`;
  return `About ${plural(hours, "hour")}${rest ? ` ${plural(rest, "minute")}` : ""}.`;
}

function queueStatusOf(entry: SnapshotEntryView, nextId: string | null): QueueStatus {
  switch (entry.status) {
    case "BOOKED":
      return "waiting";
    case "CHECKED_IN":
      return entry.appointmentId === nextId ? "next" : "checked_in";
    case "CALLED":
      return "called";
    case "IN_CONSULTATION":
      return "in_consultation";
    case "COMPLETED":
      return "completed";
    case "NO_SHOW":
      return "no_show";
    case "CANCELLED":
      return "cancelled";
  }
}

/** What a patient's message says, from what all patients of one snapshot share (PatientViews). */
function messageFor(entry: SnapshotEntryView, queueStatus: QueueStatus, shared: PatientViews): string {
  // Only what the patient's status says is written (this runs for every patient of a change).
  switch (queueStatus) {
    case "called":
      return `It's your turn: please go to ${shared.room}.`;
    case "in_consultation":
      return `You are with the doctor in ${shared.room}.`;
    case "completed":
      return "Your visit is complete. Take care.";
    case "no_show":
      return "You were marked as not arrived. Please see reception: they can put you back in the queue.";
    case "cancelled":
      return "This appointment was cancelled. Please contact reception if you think this is a mistake.";
    case "next":
      return shared.paused
        ? `You're next.${PAUSED_SENTENCE}`
        : `You're next — please stay close to ${shared.room}.${shared.delay}`;
    case "checked_in":
      return `You're checked in and ${placeInLine(entry)}.${pausedOrWait(entry, shared.paused)}${shared.delay}`;
    case "waiting":
      return `You are ${placeInLine(entry)}.${pausedOrWait(entry, shared.paused)}${shared.delay} Please check in at reception when you arrive.`;
  }
}

const placeInLine = (entry: SnapshotEntryView) =>
  entry.place ? `${ordinal(entry.place)} in line` : "in line";

const delaySentence = (snapshot: QueueSnapshotView) =>
  snapshot.notice && snapshot.notice.delayMinutes > 0
    ? ` The doctor is running about ${snapshot.notice.delayMinutes} minutes late.`
    : "";

function pausedOrWait(entry: SnapshotEntryView, paused: boolean): string {
  if (paused) return PAUSED_SENTENCE;
  const minutes = entry.estimatedWaitMinutes;
  if (minutes === null) return "";
  // A day has few distinct waits and a change tells thousands of patients one each: written once.
  if (!Number.isInteger(minutes) || minutes < 0 || minutes >= WAIT_SENTENCES_KEPT)
    return ` ${waitSentence(minutes)}`;
  let sentence = waitSentences[minutes];
  if (sentence === undefined) {
    sentence = ` ${waitSentence(minutes)}`;
    waitSentences[minutes] = sentence;
  }
  return sentence;
}

/** " About 25 minutes." by whole minutes of wait, for waits under two days. */
const WAIT_SENTENCES_KEPT = 2 * 24 * 60;
const waitSentences: (string | undefined)[] = new Array(WAIT_SENTENCES_KEPT).fill(undefined);

const PAUSED_SENTENCE = " The doctor's queue is paused for now; this page will update when it moves.";

/** The likely range as minutes of wait, counted from where `estimatedWaitMinutes` counts. */
function likelyWaitOf(entry: SnapshotEntryView): MinuteRange | null {
  const {
    estimatedStartAt: at,
    estimatedWaitMinutes: wait,
    earliestStartAt: from,
    latestStartAt: to,
  } = entry;
  return at && wait !== null && from && to ? likelyMinutes(at, wait, from, to) : null;
}

/** One patient's live view of the queue. Nothing in it belongs to another patient. */
export function patientView(snapshot: QueueSnapshotView, appointmentId: string): PatientView {
  return new PatientViews(snapshot).of(appointmentId);
}

/**
 * Every patient's view of one snapshot: what all views share (who is waiting, who is next, the
 * entry of each appointment, the room and the notices) is worked out once, so a change fanned out
 * to thousands of patients costs one pass over the queue, not one per patient. A class, and the
 * snapshot read only here: snapshots come built, unpacked from the cache or made from a change's
 * after-image, each object shaped a little differently, and the per-patient code stays optimised
 * for one shape (bench/fanout/README.md).
 */
export class PatientViews {
  private readonly byId = new Map<string, SnapshotEntryView>();
  private readonly totalWaiting: number;
  /** Rule 5: the next to be called is the first present patient, even with absent ones ahead. */
  private readonly nextId: string | null;
  private readonly placeChanges: Readonly<Record<string, PlaceCause>> | null;
  /** "room 4". */
  readonly room: string;
  /** The running-late sentence (with its leading space), or "". */
  readonly delay: string;
  readonly paused: boolean;

  constructor(snapshot: QueueSnapshotView) {
    let totalWaiting = 0;
    let next: SnapshotEntryView | null = null;
    for (const e of snapshot.entries) {
      this.byId.set(e.appointmentId, e);
      if ((e.status === "BOOKED" || e.status === "CHECKED_IN") && (e.place ?? 0) > 0) {
        totalWaiting++;
        if (e.status === "CHECKED_IN" && (next === null || (e.position ?? 0) < (next.position ?? 0)))
          next = e;
      }
    }
    this.totalWaiting = totalWaiting;
    this.nextId = next?.appointmentId ?? null;
    this.placeChanges = snapshot.placeChanges ?? null;
    this.room = `room ${snapshot.doctor.room}`;
    this.delay = delaySentence(snapshot);
    this.paused = Boolean(snapshot.paused);
  }

  /** The view of the patient of `appointmentId` (APPOINTMENT_NOT_FOUND if not in this queue day). */
  of(appointmentId: string): PatientView {
    const entry = this.byId.get(appointmentId);
    if (!entry)
      throw new DomainError(
        "APPOINTMENT_NOT_FOUND",
        "We could not find this appointment in today's queue. Please ask reception.",
      );
    const queueStatus = queueStatusOf(entry, this.nextId);
    const isWaiting = entry.status === "BOOKED" || entry.status === "CHECKED_IN";
    const isWithDoctor = entry.status === "CALLED" || entry.status === "IN_CONSULTATION";
    return {
      appointmentId: entry.appointmentId,
      ticket: entry.ticket,
      status: entry.status,
      position: isWaiting || isWithDoctor ? entry.place : null,
      peopleAhead: isWaiting && entry.place ? entry.place - 1 : isWithDoctor ? 0 : null,
      totalWaiting: this.totalWaiting,
      estimatedWaitMinutes: isWaiting || isWithDoctor ? entry.estimatedWaitMinutes : null,
      estimatedStartAt: isWaiting || isWithDoctor ? entry.estimatedStartAt : null,
      likelyWaitMinutes: isWaiting ? likelyWaitOf(entry) : null,
      slotStart: entry.slotStart,
      queueStatus,
      message: messageFor(entry, queueStatus, this),
      placeChange: (isWaiting && this.placeChanges?.[appointmentId]) || null,
    };
  }
}

/** The waiting-room screen: tickets only, in large type. */
export function displayView(
  snapshot: QueueSnapshotView,
  nextCount = 3,
): { nowServing: number[]; called: number[]; next: number[]; calledToday: boolean } {
  const tickets = (status: AppointmentStatus) =>
    snapshot.entries.filter((e) => e.status === status).map((e) => e.ticket);
  const next = snapshot.entries
    .filter((e) => e.status === "CHECKED_IN" && (e.place ?? 0) > 0)
    .sort((a, b) => (a.place ?? 0) - (b.place ?? 0))
    .slice(0, nextCount)
    .map((e) => e.ticket);
  // Someone was called today: one is called or with the doctor now, or was seen. (A no-show leaves no
  // trace of having been called here, so one called and then marked absent does not count.)
  const calledToday = snapshot.entries.some((e) => CALLED_OR_AFTER.includes(e.status));
  return { nowServing: tickets("IN_CONSULTATION"), called: tickets("CALLED"), next, calledToday };
}
const CALLED_OR_AFTER: readonly AppointmentStatus[] = ["CALLED", "IN_CONSULTATION", "COMPLETED"];
