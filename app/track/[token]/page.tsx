// The patient's page. Rendered on the server with the current position in the patient's language
// (first paint already shows it), then kept live by the subscription in <TrackView>.
import { TRPCError } from "@trpc/server";
import type { Metadata } from "next";
import { NextIntlClientProvider } from "next-intl";
import { getLocale, getMessages, getTranslations } from "next-intl/server";
import { linkProblemOf } from "@/components/queue/link-problem";
import { TrackProblem } from "@/components/queue/track-problem";
import { TrackView } from "@/components/queue/track-view";
import { callerFor } from "@/server/trpc/caller";

export const dynamic = "force-dynamic";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("track");
  return { title: t("pageTitle"), robots: { index: false, follow: false }, referrer: "no-referrer" };
}

export default async function TrackPage({ params }: { params: Promise<{ token: string }> }) {
  const token = decodeURIComponent((await params).token);
  const [locale, messages] = await Promise.all([getLocale(), getMessages()]);
  // Only the patient page's sentences travel to the browser.
  const provide = (children: React.ReactNode) => (
    <NextIntlClientProvider locale={locale} messages={{ track: messages.track }}>
      {children}
    </NextIntlClientProvider>
  );
  try {
    const initial = await (await callerFor(null)).tracking.get({ token });
    return provide(<TrackView token={token} initial={initial} />);
  } catch (err) {
    if (!(err instanceof TRPCError)) console.error("[track] first paint failed:", err);
    const problem =
      err instanceof TRPCError && err.code !== "INTERNAL_SERVER_ERROR"
        ? linkProblemOf(err.message, err.code)
        : "unavailable";
    return provide(<TrackProblem problem={problem} />);
  }
}
