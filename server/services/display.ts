// The waiting-room screen: a long-lived, read-only link per screen (a JWT, audience
// "patient-queue:display", naming the doctor, the hospital and the DisplayScreen record, which can
// be revoked: server/services/screen-state.ts) and what the screen shows of today's queue: ticket
// numbers and the doctor's notice, never a patient's name.

import { z } from "zod";
import { signHs256, type TokenKind, verifyHs256 } from "../auth/hs256.ts";
import { now as clockNow } from "../clock.ts";
import { createScreen, deleteUnusedScreen, findReusableScreen } from "../db/screen-repo.ts";
import { doctorInHospital } from "../db/staff-repo.ts";
import { findStatsHospital } from "../db/stats-repo.ts";
import { DomainError } from "../domain/errors.ts";
import { displayView } from "../domain/snapshot.ts";
import { addDays, localDateOf, zonedTimeToUtc } from "../domain/time.ts";
import { env } from "../env.ts";
import { ZId } from "../trpc/schemas/primitives.ts";
import { queueDayFor } from "./board.ts";
import { checkInCodeOf } from "./check-in-codes.ts";
import { assertScreenLive, INVALID_DISPLAY_LINK } from "./screen-state.ts";
import { getSnapshot, type QueueSnapshot, topicOf } from "./snapshot.ts";

const DISPLAY: TokenKind = { audience: "patient-queue:display", issuer: "patient-queue" };
/** A screen is set up once and left running: its link lasts a year. */
const LIFETIME_MS = 365 * 24 * 3_600_000;
/** How many waiting tickets the screen lists after the one being served. */
const NEXT_COUNT = 3;

export type DisplayClaims = { doctorId: string; hospitalId: string; screenId: string };

/** `sid` names the screen; links made before screens existed have none and are refused. */
const claimsSchema = z.object({ sub: ZId, hid: ZId, sid: ZId });
const INVALID = INVALID_DISPLAY_LINK;

export function signDisplayToken(claims: DisplayClaims, expiresAt: Date): Promise<string> {
  return signHs256(
    DISPLAY,
    { hid: claims.hospitalId, sid: claims.screenId },
    { subject: claims.doctorId, expiresAt },
  );
}

/**
 * Verifies a display link and that its screen still exists and was not revoked; every failure is a
 * BAD_REQUEST with a message for whoever set the screen up (DISPLAY_LINK_WITHDRAWN when revoked).
 */
export async function verifyDisplayToken(token: string): Promise<DisplayClaims & { expiresAt: Date }> {
  const verified = await verifyHs256(token, DISPLAY, claimsSchema);
  if (!verified.ok) {
    if (verified.expired) {
      throw new DomainError(
        "DISPLAY_LINK_EXPIRED",
        "This display link has expired. Please ask reception for a new one.",
      );
    }
    throw new DomainError("DISPLAY_LINK_INVALID", INVALID);
  }
  const claims = {
    doctorId: verified.claims.sub,
    hospitalId: verified.claims.hid,
    screenId: verified.claims.sid,
  };
  await assertScreenLive(claims);
  return { ...claims, expiresAt: verified.expiresAt };
}

/** The link of one screen (shown once when it is made; a new one can be signed for it any time). */
export async function screenLink(claims: DisplayClaims, now = clockNow()) {
  const expiresAt = new Date(now.getTime() + LIFETIME_MS);
  const token = await signDisplayToken(claims, expiresAt);
  const path = `/display/${encodeURIComponent(claims.doctorId)}?token=${token}`;
  return { path, url: `${env().PUBLIC_URL.replace(/\/$/, "")}${path}`, expiresAt };
}

/** A new screen for one of the hospital's doctors, and its link. Another hospital's doctor: NOT_FOUND. */
export async function addScreen(
  hospitalId: string,
  input: { doctorId: string; name: string },
  now = clockNow(),
) {
  const doctor = await doctorInHospital(hospitalId, input.doctorId);
  if (!doctor) throw new DomainError("DOCTOR_NOT_FOUND", "Doctor not found.");
  const screen = await createScreen({ hospitalId, doctorId: doctor.id, name: input.name, createdAt: now });
  const link = await screenLink({ hospitalId, doctorId: doctor.id, screenId: screen.id }, now);
  return { id: screen.id, doctorId: doctor.id, ...link };
}

/**
 * The link staff open on the waiting-room screen of one of their hospital's doctors (the /display
 * page's "Create screen link"): the screen "Screen for <doctor>" it keeps for that doctor, made the
 * first time, so this link too can be revoked from the admin's screen list. A change (a mutation):
 * it may add a screen and always hands out a credential.
 */
export async function displayLink(hospitalId: string, doctorId: string, now = clockNow()) {
  const hospital = await hospitalOf(hospitalId);
  // Throws NOT_FOUND for another hospital's doctor, like one that does not exist.
  await queueDayFor(hospitalId, doctorId, localDateOf(now, hospital.timeZone));
  const name = await defaultScreenName(hospitalId, doctorId);
  const screen =
    (await findReusableScreen(hospitalId, doctorId, name)) ??
    (await firstScreen(hospitalId, doctorId, name, now));
  const link = await screenLink({ hospitalId, doctorId, screenId: screen.id }, now);
  return { doctorId, screenId: screen.id, ...link };
}

/**
 * Makes the doctor's screen; when two staff do so at once, both end with the oldest one (the order
 * findReusableScreen reads) and the other row, whose link was never made, is removed.
 */
export async function firstScreen(hospitalId: string, doctorId: string, name: string, now: Date) {
  const made = await createScreen({ hospitalId, doctorId, name, createdAt: now });
  const kept = (await findReusableScreen(hospitalId, doctorId, name)) ?? made;
  if (kept.id !== made.id) await deleteUnusedScreen(made.id);
  return kept;
}

/**
 * The link of the screen displayLink keeps for a doctor, if it was made and not revoked; null
 * otherwise. A read: it adds nothing (the /display page lists these).
 */
export async function existingDisplayLink(hospitalId: string, doctorId: string, now = clockNow()) {
  const name = await defaultScreenName(hospitalId, doctorId);
  const screen = await findReusableScreen(hospitalId, doctorId, name);
  if (!screen) return null;
  const link = await screenLink({ hospitalId, doctorId, screenId: screen.id }, now);
  return { doctorId, screenId: screen.id, ...link };
}

/** "Screen for <doctor>"; another hospital's doctor is not found, like one that does not exist. */
async function defaultScreenName(hospitalId: string, doctorId: string) {
  const doctor = await doctorInHospital(hospitalId, doctorId);
  if (!doctor) throw new DomainError("DOCTOR_NOT_FOUND", "Doctor not found.");
  return `Screen for ${doctor.name}`;
}

async function hospitalOf(hospitalId: string) {
  const hospital = await findStatsHospital(hospitalId);
  if (!hospital) throw new DomainError("HOSPITAL_NOT_FOUND", "Hospital not found.");
  return hospital;
}

/** Today's queue of the link's doctor, and when today ends (the screen then moves to the next day). */
export type DisplayDay = {
  hospitalName: string;
  date: string;
  queueDayId: string;
  topic: string;
  endsAt: Date;
};

export async function displayDay(claims: DisplayClaims, doctorId: string, now = clockNow()) {
  if (claims.doctorId !== doctorId) throw new DomainError("DISPLAY_LINK_INVALID", INVALID);
  const hospital = await hospitalOf(claims.hospitalId);
  const date = localDateOf(now, hospital.timeZone);
  const queueDayId = await queueDayFor(claims.hospitalId, claims.doctorId, date);
  return {
    hospitalName: hospital.name,
    date,
    queueDayId,
    topic: topicOf(claims.hospitalId, queueDayId),
    endsAt: zonedTimeToUtc(addDays(date, 1), "00:00", hospital.timeZone),
  } satisfies DisplayDay;
}

/** What the screen shows: tickets only. */
export function displayData(day: DisplayDay, snapshot: QueueSnapshot, now = clockNow()) {
  const view = displayView(snapshot, NEXT_COUNT);
  return {
    hospital: { name: day.hospitalName },
    doctor: { name: snapshot.doctor.name, room: snapshot.doctor.room },
    date: day.date,
    timeZone: snapshot.timeZone,
    /** Tickets called to the room and not yet seen, most recent call last. */
    called: view.called,
    /** Tickets with the doctor now. */
    inConsultation: view.nowServing,
    next: view.next,
    /** Anyone called today (called, with the doctor or seen): the free room then says the next comes soon. */
    calledToday: view.calledToday,
    /**
     * Checked in and waiting: the patients in the room. Booked patients not here yet are not
     * counted ("7 waiting" beside two tickets under "Next" read as seven people ahead).
     */
    waiting: snapshot.entries.filter((e) => e.status === "CHECKED_IN" && (e.position ?? 0) > 0).length,
    notice: snapshot.notice
      ? { message: snapshot.notice.message, delayMinutes: snapshot.notice.delayMinutes }
      : null,
    paused: snapshot.paused !== null,
    version: snapshot.version,
    updatedAt: snapshot.builtAt,
    /** The clinic's clock now: the screen's clock and code timing follow it, not the TV's own clock. */
    serverTime: now,
    /** Self check-in: the code patients type on their tracking page, and when the screen shows the next. */
    checkInCode: checkInCodeOf(
      { hospitalId: snapshot.hospitalId, doctorId: snapshot.doctorId, date: snapshot.date },
      now,
    ),
  };
}
export type DisplayData = ReturnType<typeof displayData>;

/** The screen's first paint (and its polling fallback). */
export async function getDisplay(token: string, doctorId: string): Promise<DisplayData> {
  const day = await displayDay(await verifyDisplayToken(token), doctorId);
  const snapshot = await getSnapshot(day.queueDayId);
  if (!snapshot) throw new DomainError("DOCTOR_NOT_FOUND", "Doctor not found.");
  return displayData(day, snapshot);
}

/** An event id that orders across days: a new day's queue starts again at version 0. */
export const displayEventId = (date: string, version: number) => `${date}:${version}`;

/**
 * The version of `date`'s queue a screen resuming from `lastEventId` has seen: -1 for none or an
 * earlier day's, infinity for a later day's (it is ahead of this queue: it starts afresh).
 */
export function versionSeenOn(date: string, lastEventId: string | null | undefined): number {
  if (!lastEventId) return -1;
  const [seenDate = "", version = ""] = lastEventId.split(":");
  if (seenDate !== date) return seenDate > date ? Number.POSITIVE_INFINITY : -1;
  const n = Number.parseInt(version, 10);
  return Number.isNaN(n) ? -1 : n;
}
