// Web Push: the patients' push subscriptions (one row per browser endpoint, tied to an appointment)
// and the server's shared keys (ServerKey: generated once, the same for every instance).
import { getDb } from "./client.ts";

export type StoredPushSubscription = {
  id: string;
  appointmentId: string;
  endpoint: string;
  p256dh: string;
  auth: string;
};

const subscriptionSelect = {
  id: true,
  appointmentId: true,
  endpoint: true,
  p256dh: true,
  auth: true,
} as const;

/** Stores a key unless one of that name exists, then reads back the one that is kept. */
export async function keepServerKey(name: string, value: string): Promise<string> {
  const db = getDb();
  await db.serverKey.createMany({ data: [{ name, value }], skipDuplicates: true });
  const kept = await db.serverKey.findUnique({ where: { name }, select: { value: true } });
  if (!kept) throw new Error(`server key ${name} was not stored`);
  return kept.value;
}

/**
 * Ties a browser's endpoint to an appointment (a browser has one endpoint per site: a later
 * appointment's page takes it over) and keeps only the newest `keep` of the appointment's.
 */
export async function savePushSubscription(
  sub: Omit<StoredPushSubscription, "id">,
  createdAt: Date,
  keep: number,
): Promise<void> {
  await getDb().$transaction(async (tx) => {
    await tx.pushSubscription.upsert({
      where: { endpoint: sub.endpoint },
      create: { ...sub, createdAt },
      update: { appointmentId: sub.appointmentId, p256dh: sub.p256dh, auth: sub.auth, createdAt },
    });
    const extra = await tx.pushSubscription.findMany({
      where: { appointmentId: sub.appointmentId },
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      skip: keep,
      select: { id: true },
    });
    if (extra.length) await tx.pushSubscription.deleteMany({ where: { id: { in: extra.map((x) => x.id) } } });
  });
}

export async function deletePushSubscription(appointmentId: string, endpoint: string): Promise<number> {
  const { count } = await getDb().pushSubscription.deleteMany({ where: { appointmentId, endpoint } });
  return count;
}

/** A push service said the endpoint is gone (404/410). */
export async function deletePushEndpoint(id: string): Promise<void> {
  await getDb().pushSubscription.deleteMany({ where: { id } });
}

export function pushSubscriptionsOf(appointmentIds: readonly string[]): Promise<StoredPushSubscription[]> {
  if (appointmentIds.length === 0) return Promise.resolve([]);
  return getDb().pushSubscription.findMany({
    where: { appointmentId: { in: [...appointmentIds] } },
    select: subscriptionSelect,
  });
}

/** The visits ended: their subscriptions end with them. */
export async function deletePushSubscriptionsOf(appointmentIds: readonly string[]): Promise<number> {
  if (appointmentIds.length === 0) return 0;
  const { count } = await getDb().pushSubscription.deleteMany({
    where: { appointmentId: { in: [...appointmentIds] } },
  });
  return count;
}

/**
 * Subscriptions of visits that are over: completed or cancelled, or booked before `before` (a day
 * ago: a no-show is not restored after its day).
 */
export async function deleteEndedPushSubscriptions(before: Date): Promise<number> {
  const { count } = await getDb().pushSubscription.deleteMany({
    where: {
      appointment: { OR: [{ status: { in: ["COMPLETED", "CANCELLED"] } }, { scheduledAt: { lt: before } }] },
    },
  });
  return count;
}

/** Every push subscription of a queue day's appointments (a notice goes to all of them). */
export function pushSubscriptionsOfDay(queueDayId: string): Promise<StoredPushSubscription[]> {
  return getDb().pushSubscription.findMany({
    where: { appointment: { queueDayId } },
    select: subscriptionSelect,
  });
}

/** What a push to an appointment needs besides its subscription: its link's claims and languages. */
export function pushTargetsOf(appointmentIds: readonly string[]) {
  return getDb().appointment.findMany({
    where: { id: { in: [...appointmentIds] } },
    select: {
      id: true,
      hospitalId: true,
      doctorId: true,
      tokenVersion: true,
      scheduledAt: true,
      hospital: { select: { languages: true } },
    },
  });
}
export type PushTarget = Awaited<ReturnType<typeof pushTargetsOf>>[number];
