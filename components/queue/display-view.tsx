"use client";
// The waiting-room screen: the ticket called in now, the one with the doctor and the next three,
// the doctor's notice, in type readable across a room. Ticket numbers only, never names.
import { useEffect } from "react";
import { noticeStatesDelay } from "@/server/domain/notice-text";
import { cn } from "../ui/cn";
import { WarningIcon } from "../ui/icons";
import { type Display, type DisplayMode, useLiveDisplay } from "./use-live-display";

function clock(ms: number, timeZone: string) {
  return new Intl.DateTimeFormat("en-GB", { hour: "2-digit", minute: "2-digit", timeZone }).format(ms);
}

function ModeDot({ mode, currentAt, timeZone }: { mode: DisplayMode; currentAt: number; timeZone: string }) {
  const live = mode === "live";
  const offline = mode === "offline";
  return (
    <span
      data-testid="display-mode"
      data-mode={mode}
      className={cn(
        "inline-flex items-center gap-2",
        offline
          ? "rounded-xl bg-[#ffd166] px-3 py-1 text-[max(1.1rem,min(2vw,3.6vh))] font-bold text-[#2b1d00]"
          : "text-lg text-white/85",
      )}
    >
      <span
        aria-hidden
        className={cn(
          "size-3 rounded-full",
          live ? "bg-[#4ade80]" : offline ? "bg-[#a4262c]" : "bg-[#fbbf24]",
        )}
      />
      {live
        ? "Live"
        : offline
          ? `Not updating · last updated ${clock(currentAt, timeZone)}`
          : mode === "polling"
            ? "Updating every 10 s"
            : "Reconnecting…"}
    </span>
  );
}

export function DisplayView({
  doctorId,
  token,
  initial,
}: {
  doctorId: string;
  token: string;
  initial: Display;
}) {
  const { data, mode, now, currentAt, error } = useLiveDisplay(doctorId, token, initial);
  if (error) return <DisplayProblem message={error.message} reason={error.reason} />;

  const called = data.called.at(-1) ?? null;
  const withDoctor = data.inConsultation[0] ?? null;
  const serving = called ?? withDoctor;
  // Out of date: the tickets are dimmed and the check-in code (which expires) is not offered.
  const offline = mode === "offline";
  return (
    <main className="flex min-h-dvh flex-col gap-[2vh] bg-[#0a2f45] md:h-dvh md:overflow-hidden px-[3vw] py-[3vh] text-white">
      <header className="flex flex-wrap items-center justify-between gap-4">
        <div>
          <p className="m-0 text-[max(1.2rem,min(2.6vw,4.6vh))] font-bold leading-tight">
            {data.doctor.name} · Room {data.doctor.room}
          </p>
          <p className="m-0 text-[max(1rem,min(1.6vw,3vh))] text-white/80">{data.hospital.name}</p>
        </div>
        <p
          data-testid="display-check-in-code"
          className="m-0 rounded-2xl bg-white/15 px-[1.5vw] py-[0.5vh] text-[max(1rem,min(1.8vw,3.2vh))]"
        >
          {offline ? (
            "Please check in at reception"
          ) : (
            <>
              Check-in code{" "}
              <span className="font-mono text-[max(1.6rem,min(3.4vw,6vh))] font-black tracking-[0.2em]">
                {data.checkInCode.code}
              </span>
              {/* What the code is for, to a patient reading the screen. */}
              <span className="block text-[max(0.9rem,min(1.2vw,2.2vh))] text-white/80">
                Type it on your phone's queue page to check in
              </span>
            </>
          )}
        </p>
        <div className="flex items-center gap-6">
          <ModeDot mode={mode} currentAt={currentAt} timeZone={data.timeZone} />
          <span
            data-testid="display-clock"
            className="text-[max(1.4rem,min(3vw,5.5vh))] font-bold tabular-nums"
            suppressHydrationWarning
          >
            {clock(now, data.timeZone)}
          </span>
        </div>
      </header>

      {data.notice && (
        <div
          role="alert"
          data-testid="display-notice"
          className="rounded-2xl bg-[#ffd166] px-[2vw] py-[1.5vh] text-[max(1.1rem,min(2.3vw,4.2vh))] font-bold leading-snug text-[#2b1d00]"
        >
          <WarningIcon className="mr-3 inline-block align-[-0.1em]" />
          {data.notice.message || "The doctor is running late."}
          {data.notice.delayMinutes > 0 &&
            !noticeStatesDelay(data.notice.message, data.notice.delayMinutes) &&
            ` Expect a delay of about ${data.notice.delayMinutes} min.`}
        </div>
      )}
      {data.paused && !data.notice && (
        <div className="rounded-2xl bg-white/15 px-[2vw] py-[1.5vh] text-[max(1.1rem,min(2.3vw,4.2vh))] font-bold">
          The doctor&apos;s queue is paused for a moment.
        </div>
      )}

      {/* Side by side on a landscape screen; stacked on one hung upright. */}
      <div
        className={cn(
          "grid min-h-0 flex-1 gap-[2vw] landscape:md:grid-cols-[3fr_2fr] portrait:grid-rows-[3fr_2fr]",
          offline && "opacity-45",
        )}
      >
        <section
          aria-live="polite"
          aria-labelledby="now-serving"
          className={cn(
            "flex min-h-0 flex-col items-center justify-center gap-[1vh] rounded-3xl px-4 py-[2vh] text-center",
            called !== null ? "bg-[#ffd166] text-[#2b1d00]" : "bg-white/10",
          )}
        >
          <h1
            id="now-serving"
            className="m-0 text-[max(1.3rem,min(3.2vw,5.5vh))] font-bold uppercase tracking-wide"
          >
            Now serving
          </h1>
          <p
            key={serving ?? "none"}
            data-testid="now-serving"
            className={cn(
              "m-0 rounded-3xl text-[max(5rem,min(20vw,30vh))] leading-none font-black tabular-nums portrait:text-[max(5rem,min(32vw,16vh))]",
              // A call pulses four times: a patient looking away once still catches it.
              called !== null ? "animate-[arrive_0.9s_ease-out_4]" : "animate-arrive",
            )}
          >
            {serving ?? "–"}
          </p>
          <p className="m-0 text-[max(1.2rem,min(3vw,5vh))] font-bold">
            {called !== null
              ? `Please go to room ${data.doctor.room}`
              : withDoctor !== null
                ? "With the doctor"
                : data.calledToday
                  ? "Next patient soon"
                  : "Nobody called yet"}
          </p>
          {called !== null && withDoctor !== null && (
            <p className="m-0 mt-2 text-[max(1rem,min(2vw,3.5vh))]">With the doctor: {withDoctor}</p>
          )}
        </section>

        <section
          aria-labelledby="next-up"
          className="flex min-h-0 flex-col rounded-3xl bg-white/10 px-[2vw] py-[2vh]"
        >
          <h2
            id="next-up"
            className="m-0 text-[max(1.3rem,min(3.2vw,5.5vh))] font-bold uppercase tracking-wide"
          >
            Next
          </h2>
          {data.next.length === 0 ? (
            <p className="m-0 mt-4 text-[max(1.1rem,min(2.3vw,4vh))] text-white/85">
              Nobody waiting in the room.
            </p>
          ) : (
            <ol data-testid="next-tickets" className="m-0 mt-[1.5vh] grid list-none gap-[1.5vh] p-0">
              {data.next.map((ticket, i) => (
                <li
                  key={ticket}
                  className={cn(
                    "flex items-center justify-between rounded-2xl px-[1.5vw] py-[0.5vh] font-black tabular-nums",
                    i === 0 ? "bg-white text-[#0a2f45]" : "bg-white/15",
                  )}
                >
                  <span className="text-[max(2.5rem,min(7vw,10vh))] leading-none portrait:text-[max(2.5rem,min(11vw,6vh))]">
                    {ticket}
                  </span>
                  {i === 0 && <span className="text-[max(1rem,min(2vw,3.5vh))] font-bold">next</span>}
                </li>
              ))}
            </ol>
          )}
          <p className="m-0 mt-auto pt-[1.5vh] text-[max(1rem,min(1.7vw,3vh))] text-white/85">
            {data.waiting} here and waiting · your ticket number is on your tracking page
          </p>
        </section>
      </div>
    </main>
  );
}

/** A screen that cannot show the queue: says why in large type, and tries again if it may pass. */
/** What the screen says when it cannot show the queue; `reason` is the refusal's code. */
export function DisplayProblem({
  message,
  reason = null,
  retry = false,
}: {
  message: string;
  reason?: string | null;
  retry?: boolean;
}) {
  useEffect(() => {
    if (!retry) return;
    const timer = setTimeout(() => window.location.reload(), 60_000);
    return () => clearTimeout(timer);
  }, [retry]);
  return (
    <main className="grid min-h-dvh place-items-center bg-[#0a2f45] px-8 text-center text-white">
      <div role="alert">
        <h1 className="m-0 text-[clamp(2rem,4vw,4rem)] font-bold">
          {reason === "DISPLAY_LINK_WITHDRAWN"
            ? "This screen link was withdrawn"
            : "This screen cannot show the queue"}
        </h1>
        <p className="mx-auto mt-4 max-w-[40ch] text-[clamp(1.3rem,2.4vw,2.4rem)]">{message}</p>
      </div>
    </main>
  );
}
