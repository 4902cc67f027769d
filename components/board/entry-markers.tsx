// Markers beside a patient's name on the staff screens: urgent, walk-in, unpaid, early, late, and a
// no-show scheduled ahead (with the way to take it back).
import { Button } from "../ui/button";
import { Badge } from "../ui/status-chip";
import { clockTime, minutesBetween, shortDuration } from "./format";
import type { Entry } from "./types";

type Marked = Pick<Entry, "priority" | "walkIn" | "paid" | "checkedInAt" | "scheduledAt" | "status"> &
  Partial<Pick<Entry, "lateMinutes" | "checkedInBy" | "noShowDueAt" | "ticket">>;

/**
 * Markers beside the name: urgent, walk-in, unpaid, early arrival, late. With `noShow`, a no-show
 * staff scheduled ahead says when it falls due, with "Cancel no-show" where the viewer may change the queue.
 */
export function EntryMarkers({
  entry: e,
  now,
  noShow,
}: {
  entry: Marked;
  now: number;
  noShow?: { timeZone: string; onCancel?: () => void };
}) {
  const earlyBy = e.checkedInAt ? minutesBetween(e.checkedInAt, e.scheduledAt) : 0;
  const lateBy = e.status === "BOOKED" ? minutesBetween(e.scheduledAt, now) : 0;
  return (
    <>
      {e.priority === "URGENT" && <Badge tone="bad">Urgent</Badge>}
      {e.walkIn && <Badge tone="info">Walk-in</Badge>}
      {!e.paid && <Badge>Unpaid</Badge>}
      {earlyBy >= 5 && <Badge tone="ok">Early {shortDuration(earlyBy)}</Badge>}
      {lateBy >= 5 && !e.lateMinutes && <Badge tone="warn">Late {shortDuration(lateBy)}</Badge>}
      {e.status === "BOOKED" && e.lateMinutes ? (
        <Badge tone="warn">Running ~{e.lateMinutes} min late</Badge>
      ) : null}
      {e.checkedInBy === "patient" && e.status === "CHECKED_IN" && (
        <Badge tone="info">Checked in by the patient</Badge>
      )}
      {noShow && e.status === "BOOKED" && e.noShowDueAt ? (
        <span className="inline-flex flex-wrap items-center gap-1.5" data-testid="scheduled-no-show">
          {/* A sentence, not a tag: it may wrap on a phone's card. */}
          <Badge tone="warn" className="whitespace-normal">
            No-show at {clockTime(e.noShowDueAt, noShow.timeZone)} unless they check in
          </Badge>
          {noShow.onCancel && (
            <Button
              size="sm"
              variant="ghost"
              onClick={noShow.onCancel}
              aria-label={e.ticket ? `Cancel no-show of ticket ${e.ticket}` : undefined}
            >
              Cancel no-show
            </Button>
          )}
        </span>
      ) : null}
    </>
  );
}
