// The patient page's "Notify me": subscribes this phone to Web Push for the link (public/sw.js shows
// what the server sends while the page is closed), turns it off again, and remembers which link the
// browser's one subscription was given to.
import { actionPath, type NotifyPermission } from "./view";

const WORKER_SCOPE = "/track/";
/** Which link this browser's push subscription was last given to (one endpoint per browser). */
const PUSH_LINK_KEY = "pq-push-link";

export function createPush(o: {
  token: string;
  locale: () => string;
  /** What the notification control should say now. */
  onPermission: (permission: NotifyPermission) => void;
}) {
  const supported =
    "serviceWorker" in navigator && typeof PushManager !== "undefined" && typeof Notification !== "undefined";
  // The worker's URL carries the page's language: it shows the server's text in that one.
  const registerWorker = () =>
    navigator.serviceWorker.register(`/sw.js?lang=${o.locale()}`, { scope: WORKER_SCOPE });
  const linkHasPush = () => {
    try {
      return localStorage.getItem(PUSH_LINK_KEY) === o.token;
    } catch {
      return false;
    }
  };
  const rememberPush = (on: boolean) => {
    try {
      if (on) localStorage.setItem(PUSH_LINK_KEY, o.token);
      else localStorage.removeItem(PUSH_LINK_KEY);
    } catch {
      // private mode: the page asks again next time
    }
  };
  const postPush = (path: string, body: unknown) =>
    fetch(actionPath(o.token, path), {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
    });

  return {
    /** Before anything is asked. */
    initial: (!supported
      ? "unsupported"
      : Notification.permission === "denied"
        ? "denied"
        : "default") as NotifyPermission,

    /** Already subscribed for this link (a reload): say so. */
    async check() {
      if (!supported || Notification.permission !== "granted" || !linkHasPush()) return;
      const registration = await navigator.serviceWorker.getRegistration(WORKER_SCOPE);
      if (await registration?.pushManager.getSubscription()) o.onPermission("granted");
    },

    async turnOn() {
      if (!supported) return;
      const asked = await Notification.requestPermission();
      if (asked !== "granted") return o.onPermission(asked === "denied" ? "denied" : "default");
      let permission: NotifyPermission = "granted";
      try {
        const registration = await registerWorker();
        const key = (await (await fetch(actionPath(o.token, "push"))).json()) as {
          data?: { publicKey?: string };
        };
        const serverKey = bytesOf(key.data?.publicKey ?? "");
        let sub = await registration.pushManager.getSubscription();
        // Made with another server key (the server's keys were replaced): start again.
        const had = sub?.options.applicationServerKey;
        if (sub && !(had && sameBytes(new Uint8Array(had), serverKey))) {
          await sub.unsubscribe();
          sub = null;
        }
        sub ??= await registration.pushManager.subscribe({
          userVisibleOnly: true,
          applicationServerKey: serverKey,
        });
        if (!(await postPush("push", sub.toJSON())).ok) throw new Error("refused");
        rememberPush(true);
      } catch {
        permission = "failed";
      }
      o.onPermission(permission);
    },

    async turnOff() {
      rememberPush(false);
      o.onPermission("default");
      const sub = await (
        await navigator.serviceWorker.getRegistration(WORKER_SCOPE)
      )?.pushManager.getSubscription();
      if (!sub) return;
      await postPush("push/remove", { endpoint: sub.endpoint }).catch(() => undefined);
      await sub.unsubscribe().catch(() => undefined);
    },

    /** The worker shows pushes in the page's language: tell it the new one. */
    relocale: () => void registerWorker().catch(() => undefined),
  };
}

/** The bytes of a base64url string (the server's VAPID key). */
function bytesOf(base64url: string): Uint8Array<ArrayBuffer> {
  const text = atob(base64url.replace(/-/g, "+").replace(/_/g, "/"));
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
  return bytes;
}

const sameBytes = (a: Uint8Array, b: Uint8Array) => a.length === b.length && a.every((x, i) => x === b[i]);
