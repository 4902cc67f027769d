// "Why my place went up" through the real path: a change's after-image carries who it put further
// back and why, through the shared cache, into that patient's tracking answer and live message
// (the text writer gives the reference's bytes, with characters outside ASCII escaped); the next change that does not move
// them says nothing more.
import { expect, it } from "vitest";
import { trackingTokenFor } from "../security/kit.ts";
import { createHospitalFixture } from "../test/fixtures.ts";
import { describeNeeding } from "../test/needs.ts";
import { asciiJson, bodyText, bodyWriter, referenceBody } from "../ws/tracking-body.ts";
import { broadcastEmergency } from "./queue-notices.ts";
import { setPriority } from "./queue-order.ts";
import { getSnapshot } from "./snapshot.ts";
import { getTracking, resolveTracking } from "./tracking.ts";

describeNeeding(["pg"], "why a patient's place went up", () => {
  it("is told to the patients put back, in the tracking answer and the live message, once", async () => {
    const fx = await createHospitalFixture({
      appointments: [{ at: "11:00" }, { at: "11:00" }, { at: "11:00" }],
    });
    const scope = { hospitalId: fx.hospital.id };
    const tokens = await Promise.all(fx.appointments.map((a) => trackingTokenFor(a)));
    const [first, second, urgent] = tokens;
    expect((await getTracking(first!)).queue).toMatchObject({ position: 1, placeChange: null });

    await setPriority(scope, fx.appointments[2]!.id, "URGENT", "staff:test");
    expect((await getTracking(first!)).queue).toMatchObject({ position: 2, placeChange: "urgent" });
    expect((await getTracking(second!)).queue).toMatchObject({ position: 3, placeChange: "urgent" });
    expect((await getTracking(urgent!)).queue).toMatchObject({ position: 1, placeChange: null });

    const snapshot = (await getSnapshot(fx.queueDay.id))!;
    const refs = await Promise.all(tokens.map((t) => resolveTracking(t)));
    const write = bodyWriter(snapshot, refs[0]!);
    expect(write.usesReference).toBe(false);
    for (const ref of refs) {
      const patient = { appointmentId: ref.id, ticket: ref.ticket, scheduledAt: ref.scheduledAt.getTime() };
      expect(bodyText(write, patient, "update")).toBe(asciiJson(referenceBody(ref, snapshot, "update")));
    }

    await broadcastEmergency(
      scope,
      { doctorId: fx.doctor.id, date: fx.date, message: "", priority: "normal", estimatedDelay: 5 },
      "staff:test",
    );
    expect((await getTracking(first!)).queue).toMatchObject({ position: 2, placeChange: null });
  });
});
