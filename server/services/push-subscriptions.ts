// "Notify me" from a tracking link: the browser's push subscription is tied to the link's
// appointment (at most MAX_PUSH_SUBSCRIPTIONS of them: a phone and a relative's, say), and taken off
// again. Rate limited as the patient's other actions. A visit that is over takes none (VISIT_OVER).
import { now as clockNow } from "../clock.ts";
import { deletePushSubscription, savePushSubscription } from "../db/push-repo.ts";
import type { PatientAppointment } from "../db/self-service-repo.ts";
import { DomainError } from "../domain/errors.ts";
import { localDateOf } from "../domain/time.ts";
import { enforce, trackingLimits } from "../http/rate-limit.ts";
import { vapidKeys } from "./push-keys.ts";
import { actionLimits, appointmentOfLink } from "./self-service.ts";

export const MAX_PUSH_SUBSCRIPTIONS = 3;

export type PushSubscriptionInput = { endpoint: string; keys: { p256dh: string; auth: string } };

function refuseOver(a: PatientAppointment, now: Date) {
  const over =
    a.status === "COMPLETED" ||
    a.status === "CANCELLED" ||
    a.status === "NO_SHOW" ||
    a.queueDay.date < localDateOf(now, a.hospital.timeZone);
  if (over)
    throw new DomainError("VISIT_OVER", "This visit is over: there is nothing more to notify you about.");
}

/** The key a browser subscribes with (the server's VAPID public key). */
export async function pushPublicKey(token: string, ip: string) {
  await enforce(trackingLimits(ip, token));
  await appointmentOfLink(token);
  return { publicKey: (await vapidKeys()).publicKey };
}

export async function subscribePush(token: string, sub: PushSubscriptionInput, ip: string, now = clockNow()) {
  const a = await appointmentOfLink(token);
  await enforce(actionLimits(token, ip));
  refuseOver(a, now);
  await savePushSubscription(
    { appointmentId: a.id, endpoint: sub.endpoint, p256dh: sub.keys.p256dh, auth: sub.keys.auth },
    now,
    MAX_PUSH_SUBSCRIPTIONS,
  );
  return { subscribed: true as const };
}

export async function unsubscribePush(token: string, endpoint: string, ip: string) {
  const a = await appointmentOfLink(token);
  await enforce(actionLimits(token, ip));
  return { removed: (await deletePushSubscription(a.id, endpoint)) > 0 };
}
