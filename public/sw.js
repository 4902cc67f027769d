// The patient page's service worker (scope /track/). It shows the Web Push messages the server sends
// ("you're next", "it's your turn", a notice from the clinic, a cancellation) while the page is
// closed, in the language the page was in (its URL's ?lang=, set when the page registered it), one
// notification per appointment (its tag); tapping one focuses the tracking page or opens it. It
// caches nothing and answers no requests: the page must always show the live queue, never a copy.
const LANG = new URL(self.location.href).searchParams.get("lang") || "en";

self.addEventListener("install", () => self.skipWaiting());
self.addEventListener("activate", (event) => event.waitUntil(self.clients.claim()));

/** Title and options of the notification for a push's payload (see server/services/push.ts). */
function notificationOf(payload) {
  const texts = payload.texts || {};
  const [title, body] = texts[LANG] || texts.en || Object.values(texts)[0] || ["", ""];
  return [
    title,
    {
      body: [payload.message, body].filter(Boolean).join("\n"),
      tag: payload.tag,
      renotify: true,
      requireInteraction: payload.kind === "called",
      lang: texts[LANG] ? LANG : undefined,
      icon: "/icon.svg",
      data: { url: payload.url },
    },
  ];
}

self.addEventListener("push", (event) => {
  let payload = null;
  try {
    payload = event.data ? event.data.json() : null;
  } catch {
    payload = null;
  }
  if (!payload?.texts) return;
  const [title, options] = notificationOf(payload);
  event.waitUntil(self.registration.showNotification(title, options));
});

/** The appointment a tracking page's URL is for (its link's subject), read, not verified: only to match pages. */
function appointmentOf(url) {
  try {
    const token = decodeURIComponent(new URL(url, self.location.origin).pathname.split("/")[2] || "");
    const body = token.split(".")[1].replace(/-/g, "+").replace(/_/g, "/");
    return JSON.parse(atob(body)).sub || null;
  } catch {
    return null;
  }
}

self.addEventListener("notificationclick", (event) => {
  event.notification.close();
  const url = event.notification.data?.url;
  // Each push carries a fresh link to the same appointment: an open page of it is focused instead.
  const appointment = url ? appointmentOf(url) : null;
  event.waitUntil(
    self.clients.matchAll({ type: "window", includeUncontrolled: true }).then((windows) => {
      const open = windows.find((w) => appointment && appointmentOf(w.url) === appointment);
      if (open) return open.focus();
      if (url) return self.clients.openWindow(url);
      return undefined;
    }),
  );
});
