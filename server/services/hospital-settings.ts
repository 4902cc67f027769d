// A hospital's settings, read and changed by its admins. Each queue number falls back to the
// process configuration when unset (the defaults a new hospital starts with). A change takes
// effect at the next snapshot and reaches open pages live: every queue day from today on gets a
// SETTINGS_CHANGED event through the same change frame as any queue change (new version, cached
// after-image, bus message), which carries the hospital's name and languages to the patient page
// (tracking.ts hospitalShown), and the link records cached for their appointments are dropped.

import { LOCALES, offeredLocales } from "../../components/i18n/config.ts";
import { DEFAULT_TRACKING_LINK_HOURS } from "../auth/tracking-token.ts";
import { getCache } from "../cache/index.ts";
import {
  findHospitalSettings,
  findQueueDaysFrom,
  type HospitalSettingsChange,
  type StoredHospitalSettings,
  updateHospitalSettings as storeHospitalSettings,
} from "../db/hospital-repo.ts";
import { DomainError } from "../domain/errors.ts";
import { QUEUE_EVENT } from "../domain/events.ts";
import { addDays, localDateOf } from "../domain/time.ts";
import { requireTimeZone } from "../domain/time-zone.ts";
import { env } from "../env.ts";
import { errorField, log } from "../log.ts";
import { type Actor, runQueueChange } from "./queue-changes.ts";
import { trackingRefKey } from "./tracking.ts";

/** What an unset number falls back to: today's environment variables (and the built-in link lifetime). */
export function settingDefaults() {
  const config = env();
  return {
    checkInWindowMinutes: config.MAX_EARLY_ARRIVAL,
    noShowGraceMinutes: config.NO_SHOW_GRACE,
    defaultConsultationMinutes: config.DEFAULT_CONSULTATION_TIME,
    trackingLinkHours: DEFAULT_TRACKING_LINK_HOURS,
  };
}

function view(s: StoredHospitalSettings) {
  return {
    name: s.name,
    timeZone: s.timeZone,
    address: s.address,
    phone: s.phone,
    mapUrl: s.mapUrl,
    languages: offeredLocales(s.languages),
    /** Null: the default below applies. */
    checkInWindowMinutes: s.maxEarlyArrivalMinutes,
    noShowGraceMinutes: s.noShowGraceMinutes,
    defaultConsultationMinutes: s.defaultConsultationMinutes,
    trackingLinkHours: s.trackingLinkHours,
    defaults: settingDefaults(),
  };
}
export type HospitalSettingsView = ReturnType<typeof view>;

const notFound = () => new DomainError("NOT_FOUND", "Hospital not found.");

export async function getHospitalSettings(hospitalId: string): Promise<HospitalSettingsView> {
  const stored = await findHospitalSettings(hospitalId);
  if (!stored) throw notFound();
  return view(stored);
}

export type HospitalSettingsUpdate = {
  name?: string;
  timeZone?: string;
  address?: string | null;
  phone?: string | null;
  mapUrl?: string | null;
  languages?: string[];
  checkInWindowMinutes?: number | null;
  noShowGraceMinutes?: number | null;
  defaultConsultationMinutes?: number | null;
  trackingLinkHours?: number | null;
};

/** Changes what is given (undefined: kept; null: back to the default), then lets open pages follow. */
export async function updateHospitalSettings(
  hospitalId: string,
  actor: Actor,
  input: HospitalSettingsUpdate,
  now: Date,
): Promise<HospitalSettingsView> {
  const before = await findHospitalSettings(hospitalId);
  if (!before) throw notFound();
  const change: HospitalSettingsChange = {
    name: input.name,
    timeZone: input.timeZone === undefined ? undefined : zoneOf(input.timeZone),
    address: blankAsNull(input.address),
    phone: blankAsNull(input.phone),
    mapUrl: blankAsNull(input.mapUrl),
    languages: input.languages === undefined ? undefined : languagesOf(input.languages),
    maxEarlyArrivalMinutes: input.checkInWindowMinutes,
    noShowGraceMinutes: input.noShowGraceMinutes,
    defaultConsultationMinutes: input.defaultConsultationMinutes,
    trackingLinkHours: input.trackingLinkHours,
  };
  const after = await storeHospitalSettings(hospitalId, change);
  if (!after) throw notFound();
  if (changed(before, after)) await letOpenPagesFollow(before, after, actor, now);
  return view(after);
}

function zoneOf(input: string): string {
  try {
    return requireTimeZone(input);
  } catch (err) {
    if (err instanceof DomainError) throw new DomainError(err.reason, err.message, "timeZone");
    throw err;
  }
}

function languagesOf(input: string[]): string[] {
  const unknown = input.filter((l) => !(LOCALES as readonly string[]).includes(l));
  if (unknown.length > 0)
    throw new DomainError(
      "BAD_REQUEST",
      `The patient page has no language "${unknown[0]?.slice(0, 16)}". Choose from: ${LOCALES.join(", ")}.`,
      "languages",
    );
  if (input.length === 0)
    throw new DomainError("BAD_REQUEST", "Offer at least one language on the patient page.", "languages");
  return LOCALES.filter((l) => input.includes(l));
}

const blankAsNull = (v: string | null | undefined) => (v === undefined ? undefined : v?.trim() || null);

function changed(a: StoredHospitalSettings, b: StoredHospitalSettings): boolean {
  return JSON.stringify(a) !== JSON.stringify(b);
}

/** How many queue days are redone at once (each is one short locked transaction). */
const PARALLEL = 4;

/**
 * Every queue day from today on (in either time zone, when it changed) gets a SETTINGS_CHANGED
 * event: its snapshot is rebuilt with the new settings, cached and published like any change, so
 * boards, doctors' timelines, screens and patients' pages (name and languages included) follow
 * without a reload. The link records cached for those days' appointments are dropped, so a link's
 * lifetime follows at the next read.
 * A day that fails is logged and left to its next change (the settings themselves are saved).
 */
async function letOpenPagesFollow(
  before: StoredHospitalSettings,
  after: StoredHospitalSettings,
  actor: Actor,
  now: Date,
) {
  const today = [localDateOf(now, before.timeZone), localDateOf(now, after.timeZone)].sort()[0] as string;
  // A day that has just begun in a zone far to the west is still yesterday elsewhere.
  const days = await findQueueDaysFrom(after.id, addDays(today, -1));
  const keys = days.flatMap((d) => d.appointments.map((a) => trackingRefKey(a.id)));
  for (let i = 0; i < keys.length; i += 500) await getCache().del(...keys.slice(i, i + 500));
  let next = 0;
  const worker = async () => {
    while (next < days.length) {
      const day = days[next++]!;
      try {
        await runQueueChange(day.id, actor, async () => ({
          type: QUEUE_EVENT.SETTINGS_CHANGED,
          appointmentId: null,
          reason: "hospital settings changed",
        }));
      } catch (err) {
        log.error({ ...errorField(err), queueDayId: day.id }, "[settings] a queue day did not follow");
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(PARALLEL, days.length) }, worker));
}
