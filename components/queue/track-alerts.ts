"use client";
// Nudges for a patient who is not looking at the page: vibration when they become next or are
// called, or when the clinic posts a notice; a system notification too if they allowed it (through
// a service worker, the only way phones show one).
import { useTranslations } from "next-intl";
import { useCallback, useEffect, useRef, useState } from "react";
import type { Tracking } from "./use-live-tracking";

export type NotifyPermission = "unsupported" | NotificationPermission;

const WORKER_SCOPE = "/track/";

function registerWorker() {
  return navigator.serviceWorker?.register("/sw.js", { scope: WORKER_SCOPE }).catch(() => undefined);
}

async function showNotification(title: string, body: string) {
  if (typeof Notification === "undefined" || Notification.permission !== "granted") return;
  const options: NotificationOptions = { body, tag: "patient-queue", data: { url: window.location.href } };
  try {
    const registration = await navigator.serviceWorker?.getRegistration(WORKER_SCOPE);
    if (registration) return void (await registration.showNotification(title, options));
    new Notification(title, options);
  } catch {
    // A browser that refuses both ways: the page itself still shows the change.
  }
}

/** The browser's notification permission (known after mount) and a way to ask for it. */
export function useNotifyPermission(): [NotifyPermission, () => void] {
  const [permission, setPermission] = useState<NotifyPermission>("unsupported");
  useEffect(() => {
    if (typeof Notification === "undefined") return;
    setPermission(Notification.permission);
    if (Notification.permission === "granted") void registerWorker();
  }, []);
  const ask = useCallback(() => {
    void Notification.requestPermission().then((result) => {
      setPermission(result);
      if (result === "granted") void registerWorker();
    });
  }, []);
  return [permission, ask];
}

const noticeId = (notice: Tracking["notice"]) =>
  notice ? `${notice.message}|${notice.delayMinutes}|${notice.since ? String(notice.since) : ""}` : null;

/**
 * Watches the live data for the moments worth a nudge. Returns the id of a notice that arrived
 * while the page was open (the banner flashes for it), else null.
 */
export function useAlerts(data: Tracking): string | null {
  const t = useTranslations("track");
  const last = useRef({ status: data.queue.queueStatus, notice: noticeId(data.notice) });
  const [arrived, setArrived] = useState<string | null>(null);
  useEffect(() => {
    const prev = last.current;
    const status = data.queue.queueStatus;
    const notice = noticeId(data.notice);
    last.current = { status, notice };
    const room = data.appointment.doctor.room;
    const hidden = document.visibilityState !== "visible";
    if (status !== prev.status && (status === "next" || status === "called")) {
      navigator.vibrate?.([200, 100, 200, 100, 400]);
      if (hidden) {
        const called = status === "called";
        void showNotification(
          t(called ? "notifyCalledTitle" : "notifyNextTitle"),
          t(called ? "notifyCalledBody" : "notifyNextBody", { room }),
        );
      }
    }
    if (notice !== null && notice !== prev.notice && data.notice) {
      setArrived(notice);
      navigator.vibrate?.([300]);
      if (hidden) void showNotification(t("noticeTitle"), data.notice.message || t("noticeDefault"));
    }
  }, [data, t]);
  return arrived;
}
