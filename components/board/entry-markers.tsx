// Markers beside a patient's name on the staff screens: urgent, walk-in, unpaid, early, late.
import { Badge } from "../ui/status-chip";
import { minutesBetween, shortDuration } from "./format";
import type { Entry } from "./types";

type Marked = Pick<Entry, "priority" | "walkIn" | "paid" | "checkedInAt" | "scheduledAt" | "status"> &
  Partial<Pick<Entry, "lateMinutes" | "checkedInBy">>;

/** Markers beside the name: urgent, walk-in, unpaid, early arrival, late. */
export function EntryMarkers({ entry: e, now }: { entry: Marked; now: number }) {
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
    </>
  );
}
