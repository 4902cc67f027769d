// A doctor's places per hour hold: a booking or a move into a full hour slot is refused (409
// SLOT_FULL, over tRPC and REST) unless staff book anyway; two bookings racing for the last place
// cannot both take it. Without places per hour nothing is refused (the capacity is an estimate).
import { afterAll, beforeAll, expect, it } from "vitest";
import { getDb } from "../db/client.ts";
import { findStaffForSession } from "../db/staff-repo.ts";
import { addDays, zonedTimeToUtc } from "../domain/time.ts";
import { createHospitalFixture } from "../test/fixtures.ts";
import { describeNeeding } from "../test/needs.ts";
import { startTestServer } from "../test/server.ts";
import { callerFor } from "../trpc/caller.ts";

let fx: Awaited<ReturnType<typeof createHospitalFixture>>;
let reception: Awaited<ReturnType<typeof callerFor>>;
let server: Awaited<ReturnType<typeof startTestServer>>;
let day: string;
let n = 0;
const at = (hhmm: string) => zonedTimeToUtc(day, hhmm, fx.timeZone);
const book = (hhmm: string, over: { overbook?: boolean } = {}) =>
  reception.appointments.create({
    doctorId: fx.doctor.id,
    patientName: `Patient ${++n}`,
    scheduledAt: at(hhmm),
    idempotencyKey: `slot-full-${n}-${Math.random()}`,
    ...over,
  });
const full = expect.objectContaining({
  code: "CONFLICT",
  message: expect.stringMatching(/^The 10:00-11:00 slot is full: 2 of 2 places are taken for Dr Test\./),
});

describeNeeding(["pg"], "a full hour slot", () => {
  beforeAll(async () => {
    fx = await createHospitalFixture();
    day = addDays(fx.date, 2);
    await getDb().doctor.update({ where: { id: fx.doctor.id }, data: { placesPerHour: 2 } });
    reception = await callerFor(await findStaffForSession(fx.receptionist.id));
    server = await startTestServer();
  });
  afterAll(async () => {
    await server.close();
  });

  it("refuses the 3rd booking of a 2-place hour with the reason and the count, takes it when booked anyway", async () => {
    await book("10:00");
    await book("10:20");
    await expect(book("10:40")).rejects.toThrow(full);
    await expect(book("10:40")).rejects.toMatchObject({ cause: { reason: "SLOT_FULL" } });
    const anyway = await book("10:40", { overbook: true });
    expect(anyway.ticket).toBeGreaterThan(0);
    // The next hour is open.
    await expect(book("11:00")).resolves.toMatchObject({ date: day });
  });

  it("two bookings racing for an hour's last place: one gets it, the other is refused", async () => {
    await book("12:00");
    const results = await Promise.allSettled([book("12:15"), book("12:30"), book("12:45")]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const refused = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
    expect(refused.map((r) => r.reason.cause?.reason)).toEqual(["SLOT_FULL", "SLOT_FULL"]);
  });

  it("refuses a move into a full hour, not a new time inside the patient's own; moves it when told to", async () => {
    const later = await book("15:00");
    const move = (hhmm: string, overbook?: boolean) =>
      reception.appointments.reschedule({
        appointmentId: later.appointmentId,
        scheduledAt: at(hhmm),
        overbook,
      });
    await expect(move("10:50")).rejects.toThrow(expect.objectContaining({ code: "CONFLICT" }));
    // Within its own hour the patient keeps their place (they are not counted twice).
    const inside = await book("16:00");
    await book("16:20");
    await expect(
      reception.appointments.reschedule({ appointmentId: inside.appointmentId, scheduledAt: at("16:40") }),
    ).resolves.toMatchObject({ date: day });
    await expect(move("10:50", true)).resolves.toMatchObject({ date: day });
  });

  it("over REST: 409 with error.code SLOT_FULL; `overbook` is in the OpenAPI document", async () => {
    const secret = (await reception.staff.createToken({ name: "his", scopes: ["intake"] })).secret;
    const post = (body: Record<string, unknown>) =>
      fetch(`${server.url}/api/appointments`, {
        method: "POST",
        headers: { authorization: `Bearer ${secret}`, "content-type": "application/json" },
        body: JSON.stringify({
          doctorId: fx.doctor.id,
          patientName: "From the HIS",
          scheduledAt: at("10:05").toISOString(),
          idempotencyKey: `rest-${Math.random()}`,
          ...body,
        }),
      });
    const refused = await post({});
    expect(refused.status).toBe(409);
    const body = await refused.json();
    expect(body.error).toMatchObject({ code: "SLOT_FULL", message: expect.stringContaining("slot is full") });
    expect((await post({ overbook: true })).status).toBe(200);
    const doc = await (await fetch(`${server.url}/api/openapi.json`)).json();
    const schema = JSON.stringify(doc.paths["/appointments"].post.requestBody);
    expect(schema).toContain("overbook");
  });

  it("refuses nothing for a doctor without places per hour", async () => {
    await getDb().doctor.update({ where: { id: fx.doctor.id }, data: { placesPerHour: null } });
    await expect(book("10:30")).resolves.toMatchObject({ date: day });
    await getDb().doctor.update({ where: { id: fx.doctor.id }, data: { placesPerHour: 2 } });
  });
});
