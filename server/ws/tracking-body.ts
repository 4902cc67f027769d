// A patient's live message body, written as text: the same bytes as the adapter's body for
// tracked(version, liveTrackingData(ref, snapshot, event)) (server/trpc/wire.ts, trackedBody), built
// without the object tree (the transformer's walk and the garbage it leaves are most of the
// per-patient cost when one change goes to thousands). What all patients share is written once per
// snapshot; the transformer's envelope around the data is the wire module's (trackedHead/trackedTail).
// Each snapshot's writer first checks itself against the reference on one patient and falls back to
// it if they differ (a field added to trackingData and not here), so it can be slower, never wrong.
import type { PatientViews } from "../domain/snapshot.ts";
import { log } from "../log.ts";
import type { QueueSnapshot } from "../services/snapshot.ts";
import {
  hospitalShown,
  type LiveEvent,
  liveTrackingData,
  slotLabel,
  type TrackingRef,
  trackingEventId,
  viewsOf,
} from "../services/tracking.ts";
import { DATE_NOTE, serializedFields, trackedBody, trackedHead, trackedTail } from "../trpc/wire.ts";
import { FrameWriter } from "./frame-writer.ts";

/**
 * JSON text with every character outside ASCII written as its \uXXXX escape: the same value to any
 * JSON reader, but a message built only of such text stays a one-byte string, which the socket
 * encodes in about half the time of one holding an "–" (the slot labels have one; bench/fanout).
 */
export function asciiJson(json: string): string {
  return NON_ASCII.test(json) ? json.replace(NON_ASCII_ALL, escapeUnit) : json;
}
const NON_ASCII = /[\u0080-\uffff]/;
const NON_ASCII_ALL = /[\u0080-\uffff]/g;
const escapeUnit = (c: string) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`;

const str = (s: string) => asciiJson(JSON.stringify(s));
const num = (n: number | null) => (n === null ? "null" : String(n));

/** What differs between patients of one queue (the rest of their TrackingRef is the queue's). */
export type PatientRef = { appointmentId: string; ticket: number; scheduledAt: number };

const scratch = new FrameWriter();

/** What `writer` writes for `patient`, as text. */
export function bodyText(writer: BodyWriter, patient: PatientRef, event: LiveEvent): string {
  const frame = scratch.begin();
  try {
    writer.write(frame, patient, event);
  } catch (err) {
    frame.text();
    throw err;
  }
  return frame.text();
}

/** The reference body (tRPC's adapter would send this). */
export function referenceBody(ref: TrackingRef, snapshot: QueueSnapshot, event: LiveEvent): string {
  return trackedBody(trackingEventId(snapshot), liveTrackingData(ref, snapshot, event));
}

/** A writer for one snapshot's bodies, for patients of `queue` (any TrackingRef of this queue). */
export function bodyWriter(
  snapshot: QueueSnapshot,
  queue: TrackingRef,
  sample: PatientRef = {
    appointmentId: queue.id,
    ticket: queue.ticket,
    scheduledAt: queue.scheduledAt.getTime(),
  },
): BodyWriter {
  const writer = new BodyWriter(snapshot, queue, false);
  let expected: string;
  try {
    expected = referenceBody(writer.refOf(sample), snapshot, "update");
  } catch {
    // Nothing to check against (the sample left the queue): the reference it is.
    return new BodyWriter(snapshot, queue, true);
  }
  if (bodyText(writer, sample, "update") === asciiJson(expected)) return writer;
  if (!warned) {
    warned = true;
    log.warn("[tracking-body] the text writer no longer matches trackingData; using the transformer");
  }
  return new BodyWriter(snapshot, queue, true);
}

/**
 * Writes one snapshot's bodies into frames (frame-writer.ts): what all its patients share is
 * encoded once, at the first patient who needs it. A class, not closures made per snapshot: the
 * per-patient code then calls the same functions for every snapshot and stays optimised from one
 * change to the next (bench/fanout/README.md).
 */
export class BodyWriter {
  private readonly views: PatientViews;
  private readonly timeZone: string;
  /** `{"json":{"id":…,"data":{"appointment":{"id":` */
  private readonly appointmentHead: Buffer;
  /** `,"doctor":{…},"hospital":{…}},"queue":{"position":` */
  private readonly placeAndQueue: Buffer;
  private readonly slots = new Map<number, Buffer>();
  private readonly quoted = new Map<string, Buffer>();
  private readonly endings = new Map<string, Buffer>();
  private readonly tails = new Map<LiveEvent, ReturnType<typeof serializedFields>>();

  constructor(
    private readonly snapshot: QueueSnapshot,
    private readonly queue: TrackingRef,
    /** True when this writer is the reference itself (the text writer did not match). */
    readonly usesReference: boolean,
  ) {
    this.views = viewsOf(snapshot);
    const hospital = hospitalShown(queue, snapshot);
    this.timeZone = hospital.timeZone;
    const head = asciiJson(trackedHead(trackingEventId(snapshot)));
    this.appointmentHead = ascii(`${head}{"appointment":{"id":`);
    this.placeAndQueue = ascii(
      `,"doctor":{"name":${str(snapshot.doctor.name)},"room":${str(snapshot.doctor.room)}},` +
        `"hospital":{"name":${str(hospital.name)},"timeZone":${str(hospital.timeZone)},` +
        `"languages":${asciiJson(JSON.stringify(hospital.languages))},` +
        `"checkInWindowMinutes":${num(snapshot.checkInWindowMinutes)}}},"queue":{"position":`,
    );
  }

  /** The TrackingRef of a patient of this writer's queue. */
  refOf(patient: PatientRef): TrackingRef {
    return {
      ...this.queue,
      id: patient.appointmentId,
      ticket: patient.ticket,
      scheduledAt: new Date(patient.scheduledAt),
    };
  }

  /** Writes `patient`'s body for `event` into `frame`. */
  write(frame: FrameWriter, patient: PatientRef, event: LiveEvent): void {
    if (this.usesReference) {
      frame.ascii(asciiJson(referenceBody(this.refOf(patient), this.snapshot, event)));
      return;
    }
    const view = this.views.of(patient.appointmentId);
    const start = view.estimatedStartAt;
    const likely = view.likelyWaitMinutes;
    frame.bytes(this.appointmentHead).string(patient.appointmentId);
    frame.bytes(K.ticket).int(patient.ticket);
    frame.bytes(K.status).bytes(this.quotedOf(view.status));
    frame.bytes(K.scheduledAt).iso(patient.scheduledAt);
    frame.bytes(K.slot).bytes(this.slotOf(view.slotStart ? view.slotStart.getTime() : patient.scheduledAt));
    frame.bytes(this.placeAndQueue).int(view.position);
    frame.bytes(K.peopleAhead).int(view.peopleAhead);
    frame.bytes(K.wait).int(view.estimatedWaitMinutes);
    if (start) frame.bytes(K.start).iso(start.getTime()).bytes(K.likely);
    else frame.bytes(K.noStart);
    if (likely) frame.bytes(K.from).int(likely.from).bytes(K.to).int(likely.to).bytes(K.queueStatus);
    else frame.bytes(K.noLikely);
    frame.bytes(this.quotedOf(view.queueStatus));
    frame.bytes(K.message).string(view.message);
    frame.bytes(K.total).int(view.totalWaiting);
    frame.bytes(K.placeChange);
    if (view.placeChange) frame.bytes(this.quotedOf(view.placeChange)).bytes(K.end);
    else frame.bytes(K.nullEnd);
    frame.bytes(this.endingOf(event, start !== null));
  }

  /** A JSON string of few values (statuses, causes), encoded once. */
  private quotedOf(text: string): Buffer {
    let bytes = this.quoted.get(text);
    if (!bytes) {
      bytes = ascii(str(text));
      this.quoted.set(text, bytes);
    }
    return bytes;
  }

  /** The slot's label ("10:00–11:00", escaped), once per slot. */
  private slotOf(slotStartMs: number): Buffer {
    let bytes = this.slots.get(slotStartMs);
    if (!bytes) {
      bytes = ascii(str(slotLabel(new Date(slotStartMs), this.timeZone)));
      this.slots.set(slotStartMs, bytes);
    }
    return bytes;
  }

  /** What follows `queue` in the data, for each event kind, with its dates' notes: written once. */
  private endingOf(event: LiveEvent, withStart: boolean): Buffer {
    const key = `${event}${withStart ? "+" : ""}`;
    let bytes = this.endings.get(key);
    if (!bytes) {
      const meta: [string, string][] = [["appointment.scheduledAt", DATE_NOTE]];
      if (withStart) meta.push(["queue.estimatedStartAt", DATE_NOTE]);
      const t = this.tailOf(event);
      meta.push(...t.meta);
      bytes = ascii(asciiJson(`${t.fields}}${trackedTail(meta)}`));
      this.endings.set(key, bytes);
    }
    return bytes;
  }

  private tailOf(event: LiveEvent) {
    let t = this.tails.get(event);
    if (!t) {
      const { notice, paused, version, builtAt } = this.snapshot;
      t = serializedFields({ notice, paused: paused !== null, version, updatedAt: builtAt, event });
      this.tails.set(event, t);
    }
    return t;
  }
}

const ascii = (text: string) => Buffer.from(text, "latin1");

/** The text between a body's values, encoded once (each piece is ASCII). */
const K = {
  ticket: ascii(',"ticket":'),
  status: ascii(',"status":'),
  scheduledAt: ascii(',"scheduledAt":"'),
  slot: ascii('","slot":'),
  peopleAhead: ascii(',"peopleAhead":'),
  wait: ascii(',"estimatedWaitTime":'),
  start: ascii(',"estimatedStartAt":"'),
  likely: ascii('","likelyWaitTime":'),
  noStart: ascii(',"estimatedStartAt":null,"likelyWaitTime":'),
  from: ascii('{"from":'),
  to: ascii(',"to":'),
  queueStatus: ascii('},"queueStatus":'),
  noLikely: ascii('null,"queueStatus":'),
  message: ascii(',"message":'),
  total: ascii(',"totalWaiting":'),
  placeChange: ascii(',"placeChange":'),
  nullEnd: ascii("null},"),
  end: ascii("},"),
};

let warned = false;
