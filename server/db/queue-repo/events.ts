// The audit trail: every change to a queue bumps its version by one and writes one QueueEvent.
import type { QueueEventType } from "../../domain/events.ts";
import type { Prisma } from "../generated/client.ts";
import type { Tx } from "./state.ts";

export async function recordQueueEvent(
  tx: Tx,
  queueDayId: string,
  event: {
    type: QueueEventType;
    actor: string;
    appointmentId?: string | null;
    reason?: string | null;
    fromPosition?: number | null;
    toPosition?: number | null;
    before?: Prisma.InputJsonValue;
    data?: Prisma.InputJsonValue;
    /** When the change happened (the change's own clock, so pinned-time tests and undo agree). */
    createdAt?: Date;
  },
): Promise<number> {
  const { version } = await tx.queueDay.update({
    where: { id: queueDayId },
    data: { version: { increment: 1 } },
    select: { version: true },
  });
  await tx.queueEvent.create({ data: { queueDayId, version, ...event } });
  return version;
}

/**
 * The latest event about one appointment on its queue day (what an undo would take back). Versions
 * count per queue day, so an appointment moved from another day has older events there whose
 * versions may be higher: those are not this day's history.
 */
export function findLastAppointmentEvent(tx: Tx, appointmentId: string, queueDayId: string) {
  return tx.queueEvent.findFirst({
    where: { appointmentId, queueDayId },
    orderBy: { version: "desc" },
    select: {
      id: true,
      queueDayId: true,
      type: true,
      version: true,
      before: true,
      data: true,
      createdAt: true,
    },
  });
}
