// Web Push to patients whose page is closed. Called once per committed queue change, by the instance
// that made it (so a change is pushed once however many instances run), after the change has
// answered: it never delays or fails the change. Which patients and why is the domain's
// (push-alerts.ts); this loads their subscriptions, writes the message in each of the hospital's
// languages (the service worker shows the one its page was in), encrypts and signs it (web-push:
// RFC 8291 aes128gcm, VAPID) and posts it to each push service. A push service's 404/410 says the
// subscription is gone: its row goes. The visits that ended with the change lose theirs.
import webpush from "web-push";
import { type Locale, offeredLocales } from "../../components/i18n/config.ts";
import en from "../../components/i18n/messages/en.json";
import es from "../../components/i18n/messages/es.json";
import hi from "../../components/i18n/messages/hi.json";
import { durationText, translator } from "../../components/track/format.ts";
import { now as clockNow } from "../clock.ts";
import {
  deleteEndedPushSubscriptions,
  deletePushEndpoint,
  deletePushSubscriptionsOf,
  type PushTarget,
  pushSubscriptionsOf,
  pushTargetsOf,
  type StoredPushSubscription,
} from "../db/push-repo.ts";
import type { QueueEventType } from "../domain/events.ts";
import { type PushAlert, type PushKind, pushAlerts } from "../domain/push-alerts.ts";
import { errorField, log } from "../log.ts";
import { linkFor } from "./links.ts";
import { type VapidKeys, vapidKeys } from "./push-keys.ts";
import { postToPushService, type Resolve } from "./push-transport.ts";
import type { QueueSnapshot } from "./snapshot.ts";

const MESSAGES: Record<Locale, (typeof en)["track"]> = { en: en.track, hi: hi.track, es: es.track };
/** Pushes to one queue's patients go out this many at a time. */
const PARALLEL = 8;
const SEND_TIMEOUT_MS = 10_000;
/** A notice is long: the payload stays well inside a push service's 4 KB. */
const MAX_MESSAGE = 300;
/** How long a push service keeps an undelivered message: "you're next" is stale after this. */
const TTL_SECONDS = 30 * 60;

export type PushPayload = {
  kind: PushKind;
  /** One notification per appointment: a newer one replaces the one before. */
  tag: string;
  /** The tracking page, opened or focused when the notification is tapped. */
  url: string;
  /** The clinic's own words (a notice), shown first, in whatever language they wrote them. */
  message: string | null;
  /** Title and body in each of the hospital's languages. */
  texts: Partial<Record<Locale, [title: string, body: string]>>;
};

export type ChangeEvent = { type: QueueEventType; appointmentId: string | null; byPatient: boolean };

/** Title and body of one kind of push, in one language. */
function textsOf(kind: PushKind, locale: Locale, after: QueueSnapshot): [string, string] {
  const t = translator(MESSAGES[locale], locale);
  const room = after.doctor.room;
  switch (kind) {
    case "next":
      return [t("notifyNextTitle"), t("notifyNextBody", { room })];
    case "called":
      return [t("notifyCalledTitle"), t("notifyCalledBody", { room })];
    case "cancelled":
      return [t("titles.cancelled"), t("states.cancelled")];
    case "notice": {
      const delay = after.notice?.delayMinutes ?? 0;
      const body = [
        after.notice?.message ? "" : t("noticeDefault"),
        delay > 0 ? t("noticeDelay", { delay: durationText(delay, t) }) : "",
      ];
      return [t("noticeTitle"), body.filter(Boolean).join(" ")];
    }
  }
}

export async function payloadFor(
  alert: PushAlert,
  target: PushTarget,
  after: QueueSnapshot,
): Promise<PushPayload> {
  const locales = offeredLocales(target.hospital.languages);
  const texts: PushPayload["texts"] = {};
  for (const locale of locales) texts[locale] = textsOf(alert.kind, locale, after);
  const message = alert.kind === "notice" ? after.notice?.message.slice(0, MAX_MESSAGE) || null : null;
  return {
    kind: alert.kind,
    tag: `appointment-${alert.appointmentId}`,
    url: (await linkFor(target)).url,
    message,
    texts,
  };
}

/**
 * The outcome of one push: the push service's HTTP status, or 0 when it could not be reached. An
 * endpoint that is not https on the default port, or names no public address (push-transport.ts),
 * is not posted to and counts as gone (410): its row goes, as for a push service's own 410.
 */
export async function sendPush(
  sub: StoredPushSubscription,
  payload: PushPayload,
  keys: VapidKeys,
  opts: { resolve?: Resolve } = {},
): Promise<number> {
  const request = webpush.generateRequestDetails(
    { endpoint: sub.endpoint, keys: { p256dh: sub.p256dh, auth: sub.auth } },
    JSON.stringify(payload),
    {
      vapidDetails: keys,
      TTL: TTL_SECONDS,
      urgency: payload.kind === "notice" ? "normal" : "high",
      // A waiting message of the same topic is replaced ("it's your turn" replaces "you're next").
      topic: payload.kind === "notice" ? "notice" : "turn",
    },
  );
  try {
    return await postToPushService(
      request.endpoint,
      {
        method: request.method,
        headers: Object.fromEntries(Object.entries(request.headers).map(([k, v]) => [k, String(v)])),
        body: request.body ? new Uint8Array(request.body) : undefined,
      },
      { timeoutMs: SEND_TIMEOUT_MS, resolve: opts.resolve },
    );
  } catch (err) {
    const pushHost = new URL(sub.endpoint).host;
    if ((err as NodeJS.ErrnoException).code === "ENOTPUBLIC") {
      log.warn(
        { ...errorField(err), pushHost },
        "[push] endpoint refused: not a push service's public address",
      );
      return 410;
    }
    log.warn({ ...errorField(err), pushHost }, "[push] push service unreachable");
    return 0;
  }
}

async function deliver(alerts: PushAlert[], ended: string[], after: QueueSnapshot) {
  const ids = [...new Set(alerts.map((a) => a.appointmentId))];
  const subs = await pushSubscriptionsOf(ids);
  if (subs.length > 0) {
    const keys = await vapidKeys();
    const targets = new Map(
      (await pushTargetsOf([...new Set(subs.map((s) => s.appointmentId))])).map((t) => [t.id, t]),
    );
    const jobs: [StoredPushSubscription, PushPayload][] = [];
    for (const alert of alerts) {
      const target = targets.get(alert.appointmentId);
      if (!target) continue;
      const payload = await payloadFor(alert, target, after);
      for (const sub of subs) if (sub.appointmentId === alert.appointmentId) jobs.push([sub, payload]);
    }
    for (let i = 0; i < jobs.length; i += PARALLEL) {
      await Promise.all(
        jobs.slice(i, i + PARALLEL).map(async ([sub, payload]) => {
          const status = await sendPush(sub, payload, keys);
          if (status === 404 || status === 410) await deletePushEndpoint(sub.id);
          else if (status !== 0 && (status < 200 || status >= 300))
            log.warn({ status, pushHost: new URL(sub.endpoint).host }, "[push] push service refused");
        }),
      );
    }
  }
  // After the last push ("your appointment was cancelled"): the visit is over, so is its subscription.
  await deletePushSubscriptionsOf(ended);
}

const g = globalThis as unknown as { __pqPushes?: Set<Promise<void>> };
g.__pqPushes ??= new Set();
const inFlight = g.__pqPushes;

/**
 * After a committed change: pushes what it means to the patients it concerns, in the background.
 * `before` and `after` are the queue just before and after this one change.
 */
export function pushAfterChange(before: QueueSnapshot, after: QueueSnapshot, event: ChangeEvent): void {
  let found: ReturnType<typeof pushAlerts>;
  try {
    found = pushAlerts(before, after, event);
  } catch (err) {
    log.error(errorField(err), "[push] working out who to notify failed");
    return;
  }
  if (found.alerts.length === 0 && found.ended.length === 0) return;
  const job = deliver(found.alerts, found.ended, after)
    .catch((err) => log.error(errorField(err), "[push] sending failed"))
    .finally(() => inFlight.delete(job));
  inFlight.add(job);
}

/**
 * Ends the subscriptions of visits that are over by now: completed or cancelled (should a change's
 * own clean-up have failed), and any booked for a day ago or longer (a no-show keeps its subscription
 * through its day, in case reception restores it). The sweeper runs it.
 */
export function endOldPushSubscriptions(now = clockNow()): Promise<number> {
  return deleteEndedPushSubscriptions(new Date(now.getTime() - 24 * 3_600_000));
}

/** Resolves once every push started so far is done (tests, and a graceful shutdown). */
export async function settlePushes(): Promise<void> {
  while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
}
