// A patient's live message body, written as text: the same bytes as the adapter's body for
// tracked(version, liveTrackingData(ref, snapshot, event)) (server/trpc/wire.ts, trackedBody), built
// without the object tree (the transformer's walk and the garbage it leaves are most of the
// per-patient cost when one change goes to thousands). What all patients share is written once per
// snapshot; the transformer's envelope around the data is the wire module's (trackedHead/trackedTail).
// Each snapshot's writer first checks itself against the reference on one patient and falls back to
// it if they differ (a field added to trackingData and not here), so it can be slower, never wrong.
import { log } from "../log.ts";
import type { QueueSnapshot } from "../services/snapshot.ts";
import {
  hospitalShown,
  type LiveEvent,
  liveTrackingData,
  slotLabel,
  type TrackingRef,
  trackingEventId,
  viewOf,
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

/** Writes a patient's body into a frame being written (frame-writer.ts). */
export type BodyWriter = ((frame: FrameWriter, patient: PatientRef, event: LiveEvent) => void) & {
  /** True when this writer is the reference itself (the text writer did not match). */
  usesReference?: boolean;
};

const scratch = new FrameWriter();

/** What `write` writes for `patient`, as text. */
export function bodyText(write: BodyWriter, patient: PatientRef, event: LiveEvent): string {
  const frame = scratch.begin();
  try {
    write(frame, patient, event);
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
  const refOf = (p: PatientRef): TrackingRef => ({
    ...queue,
    id: p.appointmentId,
    ticket: p.ticket,
    scheduledAt: new Date(p.scheduledAt),
  });
  const reference: BodyWriter = (frame, patient, event) => {
    frame.ascii(asciiJson(referenceBody(refOf(patient), snapshot, event)));
  };
  reference.usesReference = true;
  // What follows `queue` in the data, for each event kind: written once, with its dates' notes.
  const tails = new Map<LiveEvent, ReturnType<typeof serializedFields>>();
  const tail = (event: LiveEvent) => {
    let t = tails.get(event);
    if (!t) {
      const { notice, paused, version, builtAt } = snapshot;
      t = serializedFields({ notice, paused: paused !== null, version, updatedAt: builtAt, event });
      tails.set(event, t);
    }
    return t;
  };
  const head = asciiJson(trackedHead(trackingEventId(snapshot)));
  const hospital = hospitalShown(queue, snapshot);
  const tz = hospital.timeZone;
  const place =
    `"doctor":{"name":${str(snapshot.doctor.name)},"room":${str(snapshot.doctor.room)}},` +
    `"hospital":{"name":${str(hospital.name)},"timeZone":${str(tz)},` +
    `"languages":${asciiJson(JSON.stringify(hospital.languages))},` +
    `"checkInWindowMinutes":${num(snapshot.checkInWindowMinutes)}}},`;
  // A queue has thousands of patients but few distinct times, statuses and endings: each of those
  // pieces is written once per snapshot.
  const slotOf = memo((ms: number) => str(slotLabel(new Date(ms), tz)));
  const quoted = memo(str);
  const endings = new Map<string, string>();
  const ending = (event: LiveEvent, withStart: boolean) => {
    const key = `${event}${withStart ? "+" : ""}`;
    let end = endings.get(key);
    if (end === undefined) {
      const meta: [string, string][] = [["appointment.scheduledAt", DATE_NOTE]];
      if (withStart) meta.push(["queue.estimatedStartAt", DATE_NOTE]);
      const t = tail(event);
      meta.push(...t.meta);
      end = asciiJson(`${t.fields}}${trackedTail(meta)}`);
      endings.set(key, end);
    }
    return end;
  };
  // The text between the values, encoded once for the frame writer (each piece is ASCII: asciiJson).
  const appointmentHead = Buffer.from(`${head}{"appointment":{"id":`, "latin1");
  const placeAndQueue = Buffer.from(`,${place}"queue":{"position":`, "latin1");
  const bytesOf = (text: string) => Buffer.from(text, "latin1");
  const slotBytes = memo((ms: number) => bytesOf(slotOf(ms)));
  const quotedBytes = memo((text: string) => bytesOf(quoted(text)));
  const endingBytes = new Map<string, Buffer>();
  const K = {
    ticket: bytesOf(',"ticket":'),
    status: bytesOf(',"status":'),
    scheduledAt: bytesOf(',"scheduledAt":"'),
    slot: bytesOf('","slot":'),
    peopleAhead: bytesOf(',"peopleAhead":'),
    wait: bytesOf(',"estimatedWaitTime":'),
    start: bytesOf(',"estimatedStartAt":"'),
    likely: bytesOf('","likelyWaitTime":'),
    noStart: bytesOf(',"estimatedStartAt":null,"likelyWaitTime":'),
    from: bytesOf('{"from":'),
    to: bytesOf(',"to":'),
    queueStatus: bytesOf('},"queueStatus":'),
    noLikely: bytesOf('null,"queueStatus":'),
    message: bytesOf(',"message":'),
    total: bytesOf(',"totalWaiting":'),
    placeChange: bytesOf(',"placeChange":'),
    nullEnd: bytesOf("null},"),
    end: bytesOf("},"),
  };
  const writer: BodyWriter = (frame, patient, event) => {
    const view = viewOf(snapshot, patient.appointmentId);
    const start = view.estimatedStartAt;
    const likely = view.likelyWaitMinutes;
    frame.bytes(appointmentHead).string(patient.appointmentId);
    frame.bytes(K.ticket).int(patient.ticket);
    frame.bytes(K.status).bytes(quotedBytes(view.status));
    frame.bytes(K.scheduledAt).iso(patient.scheduledAt);
    frame.bytes(K.slot).bytes(slotBytes(view.slotStart ? view.slotStart.getTime() : patient.scheduledAt));
    frame.bytes(placeAndQueue).int(view.position);
    frame.bytes(K.peopleAhead).int(view.peopleAhead);
    frame.bytes(K.wait).int(view.estimatedWaitMinutes);
    if (start) frame.bytes(K.start).iso(start.getTime()).bytes(K.likely);
    else frame.bytes(K.noStart);
    if (likely) frame.bytes(K.from).int(likely.from).bytes(K.to).int(likely.to).bytes(K.queueStatus);
    else frame.bytes(K.noLikely);
    frame.bytes(quotedBytes(view.queueStatus));
    frame.bytes(K.message).string(view.message);
    frame.bytes(K.total).int(view.totalWaiting);
    frame.bytes(K.placeChange);
    if (view.placeChange) frame.bytes(quotedBytes(view.placeChange)).bytes(K.end);
    else frame.bytes(K.nullEnd);
    const key = `${event}${start !== null ? "+" : ""}`;
    let end = endingBytes.get(key);
    if (!end) {
      end = bytesOf(ending(event, start !== null));
      endingBytes.set(key, end);
    }
    frame.bytes(end);
  };
  let expected: string;
  try {
    expected = referenceBody(refOf(sample), snapshot, "update");
  } catch {
    return reference; // nothing to check against (the sample left the queue): the reference it is
  }
  if (bodyText(writer, sample, "update") === asciiJson(expected)) return writer;
  if (!warned) {
    warned = true;
    log.warn("[tracking-body] the text writer no longer matches trackingData; using the transformer");
  }
  return reference;
}
let warned = false;

function memo<K, V>(f: (key: K) => V): (key: K) => V {
  const known = new Map<K, V>();
  return (key) => {
    let value = known.get(key);
    if (value === undefined) {
      value = f(key);
      known.set(key, value);
    }
    return value;
  };
}
