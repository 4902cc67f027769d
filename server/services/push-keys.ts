// The Web Push (VAPID) key pair: VAPID_PUBLIC_KEY/VAPID_PRIVATE_KEY when configured, else a pair
// generated once and kept in the database (ServerKey "vapid"), stored only if absent and read back,
// so every instance, started in any order, signs with the same pair and browsers' subscriptions
// (made with the public key) keep working across restarts.
import webpush from "web-push";
import { keepServerKey } from "../db/push-repo.ts";
import { env } from "../env.ts";

export type VapidKeys = { publicKey: string; privateKey: string; subject: string };

const KEY_NAME = "vapid";
const g = globalThis as unknown as { __pqVapid?: Promise<VapidKeys> };

/** Who push services may contact: VAPID_SUBJECT, else PUBLIC_URL when https, else mailto at its host. */
export function vapidSubject(): string {
  const config = env();
  if (config.VAPID_SUBJECT) return config.VAPID_SUBJECT;
  const url = new URL(config.PUBLIC_URL);
  return url.protocol === "https:" ? url.origin : `mailto:patient-queue@${url.hostname || "localhost"}`;
}

async function loadKeys(): Promise<VapidKeys> {
  const config = env();
  const subject = vapidSubject();
  if (config.VAPID_PUBLIC_KEY && config.VAPID_PRIVATE_KEY)
    return { publicKey: config.VAPID_PUBLIC_KEY, privateKey: config.VAPID_PRIVATE_KEY, subject };
  const kept = JSON.parse(await keepServerKey(KEY_NAME, JSON.stringify(webpush.generateVAPIDKeys()))) as Omit<
    VapidKeys,
    "subject"
  >;
  return { publicKey: kept.publicKey, privateKey: kept.privateKey, subject };
}

/** The process's VAPID keys (read once; a failed read is tried again on the next call). */
export function vapidKeys(): Promise<VapidKeys> {
  g.__pqVapid ??= loadKeys().catch((err) => {
    g.__pqVapid = undefined;
    throw err;
  });
  return g.__pqVapid;
}
