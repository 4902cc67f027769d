// Whether the screen is live: pushed changes over the socket, or catching up by polling.
import { Badge } from "../ui/status-chip";
import type { LiveMode } from "./use-live-board";

const TEXT: Record<LiveMode, string> = {
  live: "Live",
  connecting: "Connecting…",
  offline: "Offline · refreshing every 15 s",
};

export function LiveBadge({ mode, fetching }: { mode: LiveMode; fetching?: boolean }) {
  return (
    <span role="status" className="mb-1.5" data-testid="board-live">
      <Badge tone={mode === "live" ? "ok" : mode === "offline" ? "bad" : "warn"}>
        <span
          aria-hidden
          className={`size-2 rounded-full ${mode === "live" ? "bg-ok" : mode === "offline" ? "bg-bad" : "bg-warn"}`}
        />
        {TEXT[mode]}
        {fetching && mode !== "live" ? " · updating" : ""}
      </Badge>
    </span>
  );
}
