// The text writer must give the reference bytes for every patient, in every state a queue can be in.
import { describe, expect, it } from "vitest";
import { signTrackingToken } from "../auth/tracking-token.ts";
import { callNext } from "../services/queue-changes.ts";
import { broadcastEmergency, pauseQueue } from "../services/queue-notices.ts";
import { buildSnapshot } from "../services/snapshot.ts";
import { resolveTracking } from "../services/tracking.ts";
import { createHospitalFixture } from "../test/fixtures.ts";
import { bodyWriter, referenceBody } from "./tracking-body.ts";

describe("bodyWriter", () => {
  it("writes exactly the reference body for every patient, plain, with a notice and paused", async () => {
    const fx = await createHospitalFixture({
      appointments: [
        { at: "00:00", status: "COMPLETED" },
        { at: "00:10", status: "IN_CONSULTATION" },
        { at: "00:20", status: "CHECKED_IN", priority: "URGENT", paidMinutesBefore: 5 },
        { at: "00:30", status: "CHECKED_IN", name: 'Zoë "Quotes" \\ Ünïcode' },
        { at: "01:00" },
        { at: "02:00", status: "NO_SHOW" },
        { at: "03:00", status: "CANCELLED" },
        { at: "23:00" },
      ],
    });
    const scope = { hospitalId: fx.hospital.id };
    const refs = await Promise.all(
      fx.appointments.map(async (a) =>
        resolveTracking(
          await signTrackingToken({
            appointmentId: a.id,
            hospitalId: a.hospitalId,
            doctorId: a.doctorId,
            tokenVersion: 1,
          }),
        ),
      ),
    );
    const check = async () => {
      const snapshot = (await buildSnapshot(fx.queueDay.id))!;
      const patient = (r: (typeof refs)[number]) => ({
        appointmentId: r.id,
        ticket: r.ticket,
        scheduledAt: r.scheduledAt.getTime(),
      });
      for (const queue of [refs[0]!, refs[4]!]) {
        const write = bodyWriter(snapshot, queue);
        expect(write.usesReference).toBeUndefined();
        for (const ref of refs)
          for (const event of ["update", "emergency"] as const)
            expect(write(patient(ref), event)).toBe(referenceBody(ref, snapshot, event));
      }
    };
    await check();
    await callNext(scope, fx.doctor.id, fx.date, "staff:test").catch(() => null);
    await broadcastEmergency(
      scope,
      {
        doctorId: fx.doctor.id,
        date: fx.date,
        message: "Running late — sorry",
        priority: "high",
        estimatedDelay: 25,
      },
      "staff:test",
    );
    await check();
    await pauseQueue(scope, fx.doctor.id, fx.date, "staff:test", { reason: "lunch" });
    await check();
  });
});
