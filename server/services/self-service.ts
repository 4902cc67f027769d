// What a patient does from their tracking link: check themselves in with the code on the
// waiting-room screen, say they are running late, cancel, and take the appointment to their
// calendar. Each change goes through the queue's one path (changeQueue) with the actor "patient", so
// it is in the queue's log, moves everyone's estimate at once and reaches open pages and boards.
import type { CodeScope } from "../auth/check-in-code.ts";
import { verifyTrackingToken } from "../auth/tracking-token.ts";
import { now as clockNow } from "../clock.ts";
import { findAppointmentForPatient, type PatientAppointment } from "../db/self-service-repo.ts";
import { appointmentIcs } from "../domain/calendar.ts";
import { DomainError } from "../domain/errors.ts";
import { plannedConsultationMinutes } from "../domain/estimate.ts";
import { QUEUE_EVENT } from "../domain/events.ts";
import { localDateOf } from "../domain/time.ts";
import { checkInRefusal, earlyArrivalWindow } from "../domain/transitions.ts";
import type { AppointmentStatus } from "../domain/types.ts";
import { env } from "../env.ts";
import { enforce, hashKey, type LimitName, trackingLimits } from "../http/rate-limit.ts";
import { isCheckInCode } from "./check-in-codes.ts";
import { changeQueue, maxEarlyArrivalOf, PATIENT_ACTOR } from "./queue-change.ts";
import { cancelAppointment, checkIn } from "./queue-changes.ts";
import { linkRefusal } from "./tracking.ts";

export { PATIENT_ACTOR };
/** How late a patient may say they are running, and how many times. */
export const LATE_CHOICES = [10, 20, 30] as const;
export const MAX_LATE_REPORTS = 2;

/** The link's appointment as it is now (never the cached record: an action needs the fresh state). */
export async function appointmentOfLink(token: string): Promise<PatientAppointment> {
  const claims = await verifyTrackingToken(token);
  const a = await findAppointmentForPatient(claims.appointmentId);
  if (!a)
    throw new DomainError(
      "APPOINTMENT_NOT_FOUND",
      "We could not find this appointment. Please ask reception.",
    );
  const refusal = linkRefusal(a, claims);
  if (refusal) throw refusal;
  return a;
}

/** The limits of an action from a link: per link and per IP (and those of its own kind). */
export function actionLimits(
  token: string,
  ip: string,
  extra: [LimitName, string][] = [],
): [LimitName, string][] {
  return [["patientAction", hashKey(token)], ["patientActionIp", ip], ...extra];
}

/** Why a visit in this state takes no action from the link, in the patient's words; null if open. */
function closedVisit(status: AppointmentStatus): DomainError | null {
  const message: Partial<Record<AppointmentStatus, string>> = {
    CALLED: "The doctor has already called you. Please go to the room.",
    IN_CONSULTATION: "You are with the doctor now.",
    COMPLETED: "This visit is complete.",
    CANCELLED: "This appointment was cancelled.",
    NO_SHOW: "You were marked as not arrived. Please speak to reception.",
  };
  const text = message[status];
  return text ? new DomainError("PATIENT_ACTION_CLOSED", text) : null;
}

const scopeOf = (a: PatientAppointment) => ({ hospitalId: a.hospitalId });
const codeScopeOf = (a: PatientAppointment): CodeScope => ({
  hospitalId: a.hospitalId,
  doctorId: a.doctorId,
  date: a.queueDay.date,
});

/**
 * "I'm here": checks the patient in, inside the check-in window, when `code` is the code shown on
 * their doctor's waiting-room screen now (or the one just before it).
 */
export async function patientCheckIn(token: string, code: string, ip: string, now = clockNow()) {
  const a = await appointmentOfLink(token);
  await enforce(
    actionLimits(token, ip, [
      ["checkInCodeLink", hashKey(token)],
      ["checkInCodeIp", ip],
    ]),
  );
  if (a.status === "CHECKED_IN")
    throw new DomainError("PATIENT_ACTION_CLOSED", "You are already checked in.");
  const closed = closedVisit(a.status);
  if (closed) throw closed;
  const tz = a.hospital.timeZone;
  const window = earlyArrivalWindow(a.scheduledAt, maxEarlyArrivalOf(a.hospital), now, tz);
  if (!window.open) throw new DomainError("CHECK_IN_NOT_OPEN", checkInRefusal(window.opensAt, tz, now));
  if (!isCheckInCode(codeScopeOf(a), code, now))
    throw new DomainError(
      "CHECK_IN_CODE_WRONG",
      "That is not the code on the waiting-room screen. Please check it and try again.",
    );
  const outcome = await checkIn(scopeOf(a), a.id, PATIENT_ACTOR, { by: "patient", now });
  return { status: "CHECKED_IN" as const, position: outcome.toPosition, version: outcome.version };
}

/** "I'm running late": the latest report replaces the one before; at most MAX_LATE_REPORTS of them. */
export async function patientRunningLate(token: string, minutes: number, ip: string, now = clockNow()) {
  const a = await appointmentOfLink(token);
  await enforce(actionLimits(token, ip));
  refuseLate(a, now);
  const outcome = await changeQueue(
    { scope: scopeOf(a), appointmentId: a.id },
    PATIENT_ACTOR,
    { now },
    {
      // Asked again under the queue's lock: two reports at once still make at most two.
      rule: ({ entry }) => refuseLate({ ...a, status: entry.status, lateReports: entry.lateReports }, now),
      async apply({ entry, now: at, update }) {
        await update(entry.id, {
          lateMinutes: minutes,
          lateReportedAt: at,
          lateReports: entry.lateReports + 1,
        });
        return { type: QUEUE_EVENT.RUNNING_LATE, data: { minutes } };
      },
    },
  );
  return {
    lateMinutes: minutes,
    reportsLeft: Math.max(0, MAX_LATE_REPORTS - (a.lateReports + 1)),
    version: outcome.version,
  };
}

function refuseLate(
  a: Pick<PatientAppointment, "status" | "lateReports" | "queueDay" | "hospital">,
  now: Date,
) {
  if (a.status === "CHECKED_IN")
    throw new DomainError("PATIENT_ACTION_CLOSED", "You are already checked in.");
  const closed = closedVisit(a.status);
  if (closed) throw closed;
  if (a.queueDay.date !== localDateOf(now, a.hospital.timeZone))
    throw new DomainError(
      "PATIENT_ACTION_CLOSED",
      "You can tell the clinic you are running late on the day of your appointment.",
    );
  if (a.lateReports >= MAX_LATE_REPORTS)
    throw new DomainError(
      "LATE_REPORTS_USED",
      "You have already told the clinic twice. Please call the clinic if you will be later.",
    );
}

/** Cancels the appointment: the place is freed and everyone behind moves up at once. */
export async function patientCancel(token: string, ip: string, now = clockNow()) {
  const a = await appointmentOfLink(token);
  await enforce(actionLimits(token, ip));
  const closed = closedVisit(a.status);
  if (closed) throw closed;
  const outcome = await cancelAppointment(scopeOf(a), a.id, PATIENT_ACTOR, {
    now,
    reason: "cancelled by the patient",
  });
  return { status: "CANCELLED" as const, version: outcome.version, phone: a.hospital.phone };
}

/** The appointment as an iCalendar file: start, consultation length, the clinic's address, the link. */
export async function appointmentCalendar(token: string, ip: string, now = clockNow()): Promise<string> {
  await enforce(trackingLimits(ip, token));
  const a = await appointmentOfLink(token);
  const minutes = plannedConsultationMinutes(
    a.doctor.consultationMinutes,
    a.hospital.defaultConsultationMinutes,
    env().DEFAULT_CONSULTATION_TIME,
  );
  const link = `${env().PUBLIC_URL.replace(/\/$/, "")}/track/${token}`;
  const host = new URL(env().PUBLIC_URL).hostname || "patient-queue";
  const place = [a.hospital.name, a.hospital.address].filter(Boolean).join(", ");
  return appointmentIcs({
    uid: `appointment-${a.id}@${host}`,
    start: a.scheduledAt,
    end: new Date(a.scheduledAt.getTime() + minutes * 60_000),
    stamp: now,
    summary: `${a.doctor.name} (${a.hospital.name})`,
    location: place || null,
    description: [
      `Room: ${a.doctor.room}`,
      a.hospital.phone ? `Phone: ${a.hospital.phone}` : null,
      `Follow your place in the queue: ${link}`,
    ]
      .filter(Boolean)
      .join("\n"),
    url: link,
  });
}

/** The clinic's address, phone and map, and whether the appointment is on another day: the page's contact block. */
export async function clinicContactOf(token: string, now = clockNow()) {
  const a = await appointmentOfLink(token);
  return {
    address: a.hospital.address,
    phone: a.hospital.phone,
    mapUrl: a.hospital.mapUrl && /^https?:\/\//i.test(a.hospital.mapUrl) ? a.hospital.mapUrl : null,
    otherDay: a.queueDay.date !== localDateOf(now, a.hospital.timeZone),
  };
}
