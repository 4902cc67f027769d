"use client";
// The patient's page: one big number, people ahead, the wait in minutes and clock time, one plain
// sentence, the doctor's notice, and an honest live indicator. Nothing about other patients.
// Sentences are built here from the structured fields, in the patient's language.
import { useLocale, useTranslations } from "next-intl";
import { Banner } from "../ui/banner";
import { cn } from "../ui/cn";
import { WarningIcon } from "../ui/icons";
import { Badge } from "../ui/status-chip";
import { linkProblemOf } from "./link-problem";
import { useAlerts, useNotifyPermission } from "./track-alerts";
import { LanguageSwitcher, LiveIndicator, NotifyButton } from "./track-controls";
import { TrackProblem } from "./track-problem";
import { type Tracking, useLiveTracking } from "./use-live-tracking";

type QueueStatus = Tracking["queue"]["queueStatus"];
const WAITING: readonly QueueStatus[] = ["waiting", "checked_in", "next"];

function clock(d: Date | string | null, locale: string, timeZone: string) {
  if (!d) return null;
  return new Intl.DateTimeFormat(locale, { hour: "numeric", minute: "2-digit", timeZone }).format(
    new Date(d),
  );
}

const cardTone: Record<QueueStatus, string> = {
  waiting: "border-line bg-white",
  checked_in: "border-line bg-white",
  next: "border-brand bg-white ring-4 ring-brand-soft",
  called: "border-ok bg-ok-soft ring-4 ring-[#b5dcc2]",
  in_consultation: "border-ok bg-ok-soft",
  completed: "border-[#b5dcc2] bg-ok-soft",
  no_show: "border-[#f2b8bd] bg-bad-soft",
  cancelled: "border-line bg-white",
};

export function TrackView({ token, initial }: { token: string; initial: Tracking }) {
  const { data, freshness, now } = useLiveTracking(token, initial);
  const arrivedNotice = useAlerts(data);
  const [permission, askPermission] = useNotifyPermission();
  const t = useTranslations("track");
  const locale = useLocale();

  if (freshness.error) return <TrackProblem problem={linkProblemOf(freshness.error)} />;

  const { queue, appointment, notice } = data;
  const tz = appointment.hospital.timeZone;
  const room = appointment.doctor.room;
  const status = queue.queueStatus;
  const inLine = WAITING.includes(status) && queue.position !== null && queue.position > 0;
  const late = inLine && notice !== null && notice.delayMinutes > 0;
  const at = clock(queue.estimatedStartAt, locale, tz);
  const minutes = queue.estimatedWaitTime;
  const noticeKey = notice ? `${notice.message}|${notice.delayMinutes}` : null;

  const sentence = [
    t(`states.${status}`, { room }),
    late && notice ? t("runningLate", { minutes: notice.delayMinutes }) : null,
    inLine && data.paused ? t("paused") : null,
  ]
    .filter(Boolean)
    .join(" ");

  return (
    <main lang={locale} className="mx-auto flex min-h-dvh max-w-md flex-col gap-3 px-4 pt-3 pb-5">
      <header className="flex items-start justify-between gap-3">
        <div className="min-w-0">
          <p className="m-0 truncate font-bold text-ink">{appointment.hospital.name}</p>
          <p className="m-0 text-muted">{t("doctorRoom", { doctor: appointment.doctor.name, room })}</p>
        </div>
        <LiveIndicator freshness={freshness} now={now} />
      </header>

      {notice && (
        <Banner
          key={noticeKey}
          tone="warn"
          role="alert"
          data-testid="notice"
          icon={<WarningIcon />}
          title={t("noticeTitle")}
          className={cn("text-lg", arrivedNotice && "animate-arrive")}
        >
          <p className="m-0 font-semibold">{notice.message || t("noticeDefault")}</p>
          {notice.delayMinutes > 0 && (
            <p className="m-0 mt-0.5">{t("noticeDelay", { minutes: notice.delayMinutes })}</p>
          )}
        </Banner>
      )}

      <section
        aria-live="polite"
        className={cn("rounded-[20px] border px-4 pt-5 pb-5 text-center shadow-sm", cardTone[status])}
      >
        <Badge
          tone={status === "called" ? "ok" : "neutral"}
          className="mb-3 px-3 text-base"
          data-testid="ticket"
        >
          {t("ticket", { ticket: appointment.ticket })}
        </Badge>
        {inLine ? (
          <>
            {status === "next" ? (
              <p className="m-0 text-lg font-bold text-brand-strong" data-testid="state-title">
                {t("youAreNext")}
              </p>
            ) : (
              <p className="m-0 text-lg text-muted">{t("yourPlace")}</p>
            )}
            <p
              data-testid="position"
              className="m-0 text-[6rem] leading-none font-extrabold tracking-tight text-brand tabular-nums"
            >
              <span className="sr-only">{t("yourPlace")}: </span>
              {queue.position}
            </p>
            <p data-testid="people-ahead" className="m-0 mt-2 text-xl text-ink">
              {t("peopleAhead", { count: queue.peopleAhead ?? 0 })}
            </p>
            {minutes !== null && (
              <p data-testid="wait" className="m-0 mt-2 text-2xl font-bold text-ink">
                {minutes <= 0
                  ? t("waitNow")
                  : at
                    ? t("waitWithTime", { minutes, time: at })
                    : t("wait", { minutes })}
              </p>
            )}
          </>
        ) : (
          <>
            {status === "called" && <p className="m-0 text-xl font-bold text-ok">{t("notifyCalledTitle")}</p>}
            <p
              data-testid="state-title"
              className={cn(
                "m-0 font-extrabold",
                status === "called" ? "text-6xl" : "text-4xl",
                status === "called" || status === "in_consultation"
                  ? "text-ok"
                  : status === "no_show"
                    ? "text-bad"
                    : "text-ink",
              )}
            >
              {status === "called" || status === "in_consultation"
                ? t("room", { room })
                : status === "completed" || status === "no_show" || status === "cancelled"
                  ? t(`titles.${status}`)
                  : t("yourPlace")}
            </p>
          </>
        )}
        <p data-testid="status-message" className="m-0 mt-4 text-lg leading-snug text-ink">
          {sentence}
        </p>
      </section>

      {WAITING.includes(status) && <NotifyButton permission={permission} onAsk={askPermission} />}

      <footer className="mt-auto grid gap-3 pt-2 text-center text-muted">
        <p className="m-0">
          {t("appointmentAt", { time: clock(appointment.scheduledAt, locale, tz) ?? "" })}
          <br />
          {t("keepOpen")}
        </p>
        <LanguageSwitcher />
      </footer>
    </main>
  );
}
