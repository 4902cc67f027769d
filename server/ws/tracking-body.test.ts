// The text writer must give the reference body for every patient, in every state a queue can be in:
// the same bytes, except that characters outside ASCII are written as JSON escapes (asciiJson).
import { describe, expect, it } from "vitest";
import { signTrackingToken } from "../auth/tracking-token.ts";
import { callNext } from "../services/queue-changes.ts";
import { broadcastEmergency, pauseQueue } from "../services/queue-notices.ts";
import { buildSnapshot } from "../services/snapshot.ts";
import { resolveTracking } from "../services/tracking.ts";
import { createHospitalFixture } from "../test/fixtures.ts";
import { asciiJson, bodyText, bodyWriter, referenceBody } from "./tracking-body.ts";

describe("asciiJson", () => {
  it("escapes what is outside ASCII, astral characters as their two halves, and reads back the same", () => {
    const json = JSON.stringify({ slot: "10:00–11:00", name: 'Zoë "Q" 🙂', plain: "abc" });
    const ascii = asciiJson(json);
    expect(ascii).toBe(
      '{"slot":"10:00\\u201311:00","name":"Zo\\u00eb \\"Q\\" \\ud83d\\ude42","plain":"abc"}',
    );
    expect(JSON.parse(ascii)).toEqual(JSON.parse(json));
    expect(asciiJson('{"a":"b"}')).toBe('{"a":"b"}');
  });
});

/** Each appointment's tracking reference, through a signed link as a patient's page would have it. */
function trackingRefsOf(appointments: { id: string; hospitalId: string; doctorId: string }[]) {
  return Promise.all(
    appointments.map(async (a) =>
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
}

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
    const refs = await trackingRefsOf(fx.appointments);
    const check = async () => {
      const snapshot = (await buildSnapshot(fx.queueDay.id))!;
      const patient = (r: (typeof refs)[number]) => ({
        appointmentId: r.id,
        ticket: r.ticket,
        scheduledAt: r.scheduledAt.getTime(),
      });
      for (const queue of [refs[0]!, refs[4]!]) {
        const write = bodyWriter(snapshot, queue);
        expect(write.usesReference).toBe(false);
        for (const ref of refs)
          for (const event of ["update", "emergency"] as const) {
            const reference = referenceBody(ref, snapshot, event);
            const written = bodyText(write, patient(ref), event);
            expect(written).toBe(asciiJson(reference));
            expect(written).not.toMatch(/[\u0080-\uffff]/);
            expect(JSON.parse(written)).toEqual(JSON.parse(reference));
          }
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

  it("falls back to the reference where it cannot check itself, and then writes exactly the reference", async () => {
    const fx = await createHospitalFixture({
      appointments: [{ at: "00:10", status: "CHECKED_IN" }, { at: "01:00" }],
    });
    const refs = await trackingRefsOf(fx.appointments);
    const snapshot = (await buildSnapshot(fx.queueDay.id))!;
    const write = bodyWriter(snapshot, refs[0]!, {
      appointmentId: "not-in-this-queue",
      ticket: 0,
      scheduledAt: 0,
    });
    expect(write.usesReference).toBe(true);
    for (const ref of refs) {
      const patient = { appointmentId: ref.id, ticket: ref.ticket, scheduledAt: ref.scheduledAt.getTime() };
      expect(bodyText(write, patient, "update")).toBe(asciiJson(referenceBody(ref, snapshot, "update")));
    }
  });
});
