// The waiting-room screen: read-only, opened with the display link staff get from /display.
// Rendered on the server with the current tickets, then kept live by <DisplayView>.
import { TRPCError } from "@trpc/server";
import type { Metadata } from "next";
import { headers } from "next/headers";
import { DisplayProblem, DisplayView } from "@/components/queue/display-view";
import { pathParam } from "@/server/http/path-param";
import { callerFor } from "@/server/trpc/caller";
import { CLIENT_IP_HEADER } from "@/server/trpc/context";

export const dynamic = "force-dynamic";
export const metadata: Metadata = {
  title: "Waiting room · Patient Queue",
  robots: { index: false, follow: false },
  // The link is a key: it must not leave in a Referer header.
  referrer: "no-referrer",
};

export default async function DisplayPage({
  params,
  searchParams,
}: {
  params: Promise<{ doctorId: string }>;
  searchParams: Promise<{ token?: string }>;
}) {
  const doctorId = pathParam((await params).doctorId);
  const { token } = await searchParams;
  if (!token)
    return <DisplayProblem message="This screen needs its display link. Please ask reception for it." />;
  try {
    const ip = (await headers()).get(CLIENT_IP_HEADER) ?? undefined;
    const initial = await (await callerFor(null, ip)).display.get({ doctorId, token });
    return <DisplayView doctorId={doctorId} token={token} initial={initial} />;
  } catch (err) {
    if (!(err instanceof TRPCError)) console.error("[display] first paint failed:", err);
    const message =
      err instanceof TRPCError && err.code !== "INTERNAL_SERVER_ERROR"
        ? err.message
        : "The queue cannot be shown right now. This screen will try again in a minute.";
    const reason =
      err instanceof TRPCError ? ((err.cause as { reason?: string } | undefined)?.reason ?? null) : null;
    // A withdrawn, invalid or expired link stays so: only a fault is worth retrying.
    return <DisplayProblem message={message} reason={reason} retry={reason === null} />;
  }
}
