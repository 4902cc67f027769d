"use client";
// The patient page's small controls: the live indicator, "Notify me", and the language switcher.
import { useRouter } from "next/navigation";
import { useLocale, useTranslations } from "next-intl";
import { useTransition } from "react";
import { LOCALE_COOKIE, LOCALE_NAMES, LOCALES } from "../i18n/config";
import { Button } from "../ui/button";
import { cn } from "../ui/cn";
import { BellIcon, GlobeIcon } from "../ui/icons";
import type { NotifyPermission } from "./track-alerts";
import type { Freshness } from "./use-live-tracking";

export function LiveIndicator({ freshness, now }: { freshness: Freshness; now: number }) {
  const t = useTranslations("track");
  const seconds = Math.max(0, Math.round((now - freshness.updatedAt) / 1000));
  const live = freshness.mode === "live";
  return (
    <span
      data-testid="live-indicator"
      data-mode={freshness.mode}
      className={cn(
        "inline-flex shrink-0 items-center gap-1.5 rounded-full border px-2.5 py-1 text-sm font-semibold",
        live ? "border-[#b5dcc2] bg-ok-soft text-ok" : "border-[#f0d58c] bg-warn-soft text-warn",
      )}
    >
      <span
        aria-hidden
        className={cn("size-2.5 rounded-full", live ? "animate-pulse bg-ok" : "bg-[#c98a00]")}
      />
      {live ? t("live") : freshness.mode === "polling" ? t("updatedAgo", { seconds }) : t("reconnecting")}
    </span>
  );
}

export function NotifyButton({ permission, onAsk }: { permission: NotifyPermission; onAsk: () => void }) {
  const t = useTranslations("track");
  if (permission === "unsupported") return null;
  if (permission === "granted")
    return (
      <p className="m-0 flex items-center justify-center gap-2 text-center text-muted" role="status">
        <BellIcon /> {t("notifyOn")}
      </p>
    );
  if (permission === "denied")
    return <p className="m-0 text-center text-sm text-muted">{t("notifyBlocked")}</p>;
  return (
    <Button variant="secondary" size="lg" className="w-full" onClick={onAsk}>
      <BellIcon /> {t("notifyMe")}
    </Button>
  );
}

/** Stores the choice in a cookie (read on the server for the first paint) and re-renders. */
export function LanguageSwitcher() {
  const t = useTranslations("track");
  const locale = useLocale();
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  return (
    <label className="flex items-center justify-center gap-2 text-muted">
      <GlobeIcon />
      {t("language")}
      <select
        value={locale}
        disabled={pending}
        onChange={(e) => {
          // biome-ignore lint/suspicious/noDocumentCookie: a plain preference cookie, read by the server.
          document.cookie = `${LOCALE_COOKIE}=${e.target.value}; path=/; max-age=31536000; samesite=lax`;
          startTransition(() => router.refresh());
        }}
        className="min-h-11 rounded-[10px] border border-[#8299a8] bg-white px-2 text-base text-ink"
      >
        {LOCALES.map((l) => (
          <option key={l} value={l} lang={l}>
            {LOCALE_NAMES[l]}
          </option>
        ))}
      </select>
    </label>
  );
}
