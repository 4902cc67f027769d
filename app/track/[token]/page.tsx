// The patient's page. Rendered on the server with the current position (first paint already
// shows it), then kept live by the subscription in <TrackView>.
import { TRPCError } from "@trpc/server";
import { TrackView } from "@/components/queue/track-view";
import { callerFor } from "@/server/trpc/caller";

export const dynamic = "force-dynamic";
export const metadata = { title: "Your place in the queue", robots: { index: false } };

export default async function TrackPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  try {
    const initial = await (await callerFor(null)).tracking.get({ token: decodeURIComponent(token) });
    return <TrackView token={decodeURIComponent(token)} initial={initial} />;
  } catch (err) {
    const message =
      err instanceof TRPCError && err.code !== "INTERNAL_SERVER_ERROR"
        ? err.message
        : "We could not load your place in the queue right now. Please try again in a moment.";
    const title =
      err instanceof TRPCError && err.code === "NOT_FOUND"
        ? "Appointment not found"
        : "This link does not work";
    return (
      <main className="page" style={{ maxWidth: 480 }}>
        <div className="card" role="alert">
          <h1 style={{ marginTop: 0, fontSize: "1.4rem" }}>{title}</h1>
          <p style={{ fontSize: "1.1rem" }}>{message}</p>
        </div>
      </main>
    );
  }
}
