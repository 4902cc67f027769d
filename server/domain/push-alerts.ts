// Which patients a queue change should reach by Web Push while their page is closed: "you're next"
// (they became first in the expected order, or the next to be called), "it's your turn" (called),
// a notice or delay posted on their doctor's queue, and a cancellation by the clinic. Pure: the
// queue before and after the one change, and that change's event. Also which visits ended with it
// (their subscriptions end too). A patient's own cancellation is not pushed back to them.
import { QUEUE_EVENT, type QueueEventType } from "./events.ts";
import { type PatientView, PatientViews, type QueueSnapshotView } from "./snapshot.ts";

export type PushKind = "next" | "called" | "notice" | "cancelled";
export type PushAlert = { appointmentId: string; kind: PushKind };

/** Still waiting to be called. */
const waits = (v: PatientView | null) => v !== null && (v.status === "BOOKED" || v.status === "CHECKED_IN");
/** First in the expected order, or the next one "call next" brings (rule 5). */
const isNext = (v: PatientView | null) => waits(v) && (v?.queueStatus === "next" || v?.position === 1);

function viewsOf(snapshot: QueueSnapshotView) {
  const views = new PatientViews(snapshot);
  const ids = new Set(snapshot.entries.map((e) => e.appointmentId));
  return (id: string): PatientView | null => (ids.has(id) ? views.of(id) : null);
}

export function pushAlerts(
  before: QueueSnapshotView,
  after: QueueSnapshotView,
  event: { type: QueueEventType; appointmentId: string | null; byPatient: boolean },
): { alerts: PushAlert[]; ended: string[] } {
  const then = viewsOf(before);
  const now = viewsOf(after);
  const alerts: PushAlert[] = [];
  const ended: string[] = [];
  for (const { appointmentId: id } of after.entries) {
    const a = now(id);
    const b = then(id);
    if (!a) continue;
    if ((a.status === "COMPLETED" || a.status === "CANCELLED") && b && b.status !== a.status) ended.push(id);
    // One push per patient per change, the most pressing.
    if (a.queueStatus === "called" && b?.queueStatus !== "called")
      alerts.push({ appointmentId: id, kind: "called" });
    else if (
      event.type === QUEUE_EVENT.CANCELLED &&
      event.appointmentId === id &&
      a.status === "CANCELLED" &&
      !event.byPatient
    )
      alerts.push({ appointmentId: id, kind: "cancelled" });
    else if (isNext(a) && !isNext(b)) alerts.push({ appointmentId: id, kind: "next" });
    else if (event.type === QUEUE_EVENT.EMERGENCY && waits(a))
      alerts.push({ appointmentId: id, kind: "notice" });
  }
  return { alerts, ended };
}
