// The patient page's service worker. It exists only so phones can show the "you're next"
// notification (Android shows page notifications through a service worker). It caches nothing and
// answers no requests: the page must always show the live queue, never a stored copy.
self.addEventListener("install", () => self.skipWaiting());
self.addEventListener("activate", (event) => event.waitUntil(self.clients.claim()));
self.addEventListener("notificationclick", (event) => {
  event.notification.close();
  const url = event.notification.data?.url;
  event.waitUntil(
    self.clients.matchAll({ type: "window", includeUncontrolled: true }).then((windows) => {
      const open = windows.find((w) => w.url === url) ?? windows[0];
      if (open) return open.focus();
      if (url) return self.clients.openWindow(url);
      return undefined;
    }),
  );
});
