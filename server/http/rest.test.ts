// The seed's REST paths over real HTTP: envelope, status codes, auth, and the OpenAPI document.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signTrackingToken } from "../auth/tracking-token.ts";
import { now as clockNow } from "../clock.ts";
import { findStaffForSession } from "../db/staff-repo.ts";
import { REASONS } from "../domain/errors.ts";
import { createHospitalFixture } from "../test/fixtures.ts";
import { startTestServer } from "../test/server.ts";
import { callerFor } from "../trpc/caller.ts";

let fx: Awaited<ReturnType<typeof createHospitalFixture>>;
let server: Awaited<ReturnType<typeof startTestServer>>;
let bearer: Record<string, string>;

const api = (path: string, init: RequestInit = {}) => fetch(`${server.url}/api${path}`, init);
const json = (body: unknown, headers: Record<string, string> = {}): RequestInit => ({
  method: "POST",
  headers: { "content-type": "application/json", ...headers },
  body: JSON.stringify(body),
});

beforeAll(async () => {
  fx = await createHospitalFixture({
    appointments: [
      { at: "09:00", paidMinutesBefore: 30 },
      { at: "09:10", paidMinutesBefore: 20 },
      { at: "10:00", paidMinutesBefore: null },
    ],
  });
  server = await startTestServer();
  const reception = await callerFor(await findStaffForSession(fx.receptionist.id));
  const token = await reception.staff.createToken({ name: "rest test", scopes: ["read", "queue", "intake"] });
  bearer = { authorization: `Bearer ${token.secret}` };
});
afterAll(async () => {
  await server?.close();
});

describe("REST envelope and auth", () => {
  it("refresh-queue answers like track, bypassing the cache", async () => {
    const a = fx.appointments[0]!;
    const token = await signTrackingToken({
      appointmentId: a.id,
      hospitalId: a.hospitalId,
      doctorId: a.doctorId,
      tokenVersion: 1,
    });
    const res = await api(`/appointments/refresh-queue/${token}`);
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body).toMatchObject({
      success: true,
      data: { queue: { position: 1, queueStatus: expect.any(String) } },
    });
  });

  it("staff paths need a session or a bearer token: 401 without, 200 with", async () => {
    const path = `/appointments/queue/slot-based/${fx.doctor.id}?date=${fx.date}`;
    const anonymous = await api(path);
    expect(anonymous.status).toBe(401);
    expect(await anonymous.json()).toMatchObject({ success: false, error: { code: "SIGN_IN_REQUIRED" } });
    const ok = await api(path, { headers: bearer });
    expect(ok.status).toBe(200);
    const body = await ok.json();
    expect(body.success).toBe(true);
    const entries = body.data.slots.flatMap((s: { entries: unknown[] }) => s.entries);
    expect(entries).toHaveLength(3);
  });

  it("suggest-slots returns data.suggestions[] with timeSlot, currentAppointments, estimatedWaitTime", async () => {
    const res = await api(
      `/appointments/queue/suggest-slots/${fx.doctor.id}?date=${fx.date}&preferredHour=14`,
      { headers: bearer },
    );
    expect(res.status).toBe(200);
    const { data } = await res.json();
    expect(Array.isArray(data.suggestions)).toBe(true);
    for (const s of data.suggestions) {
      expect(s).toMatchObject({
        timeSlot: expect.stringMatching(/^\d\d:00-\d\d:00$/),
        currentAppointments: expect.any(Number),
      });
      expect(s).toHaveProperty("estimatedWaitTime");
    }
  });

  it("slot-position, slot-overlaps and statistics answer in the envelope", async () => {
    const pos = await api(`/appointments/queue/slot-position/${fx.appointments[1]!.id}`, { headers: bearer });
    expect(pos.status).toBe(200);
    expect((await pos.json()).data).toMatchObject({ slotPosition: 2, slotSize: 2 });

    const overlaps = await api(
      `/appointments/queue/slot-overlaps/${fx.doctor.id}`,
      json({ slotStartTime: `${fx.date}T09:00`, slotEndTime: `${fx.date}T10:00` }, bearer),
    );
    expect(overlaps.status).toBe(200);
    expect((await overlaps.json()).data.entries).toHaveLength(2);

    const stats = await api(`/appointments/queue/statistics/${fx.doctor.id}?date=${fx.date}`, {
      headers: bearer,
    });
    expect(stats.status).toBe(200);
    expect((await stats.json()).data.totals.appointments).toBe(3);
  });

  it("bad input is a 400 with a plain message, an unknown doctor 404, never a 500", async () => {
    const bad = await api(`/appointments/queue/suggest-slots/${fx.doctor.id}?date=2026-02-30`, {
      headers: bearer,
    });
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.code).toBe("BAD_REQUEST");
    const badHour = await api(
      `/appointments/queue/suggest-slots/${fx.doctor.id}?date=${fx.date}&preferredHour=31`,
      { headers: bearer },
    );
    expect(badHour.status).toBe(400);
    const unknown = await api(`/appointments/queue/slot-based/nope?date=${fx.date}`, { headers: bearer });
    expect(unknown.status).toBe(404);
    const garbage = await api(`/appointments/queue/slot-overlaps/${fx.doctor.id}`, {
      method: "POST",
      headers: { "content-type": "application/json", ...bearer },
      body: "{not json",
    });
    expect(garbage.status).toBeLessThan(500);
    const huge = await api(
      `/appointments/queue/slot-overlaps/${fx.doctor.id}`,
      json({ pad: "x".repeat(100_000) }, bearer),
    );
    expect(huge.status).toBe(413);
  });

  it("error.code is the reason a client switches on: a link's, a missing doctor's, a refused change's", async () => {
    const a = fx.appointments[0]!;
    const expired = await signTrackingToken(
      { appointmentId: a.id, hospitalId: a.hospitalId, doctorId: a.doctorId, tokenVersion: 1 },
      new Date(clockNow().getTime() - 60_000),
    );
    const track = await api(`/appointments/track/${expired}`);
    expect(track.status).toBe(400);
    expect(await track.json()).toEqual({
      success: false,
      error: { code: "LINK_EXPIRED", message: expect.stringMatching(/expired/) },
    });
    const unknown = await api(`/appointments/queue/slot-based/nope?date=${fx.date}`, { headers: bearer });
    expect([unknown.status, (await unknown.json()).error.code]).toEqual([404, "DOCTOR_NOT_FOUND"]);
    // The first appointment was paid when it was booked: a second payment is refused.
    const paid = await api(`/appointments/${a.id}/payment`, json({}, bearer));
    expect([paid.status, (await paid.json()).error.code]).toEqual([409, "PAYMENT_ALREADY_RECORDED"]);
  });

  it("serves an OpenAPI document describing the seed's paths", async () => {
    const res = await api("/openapi.json");
    expect(res.status).toBe(200);
    const doc = await res.json();
    expect(doc.openapi).toMatch(/^3\./);
    for (const path of [
      "/appointments/track/{token}",
      "/appointments/refresh-queue/{token}",
      "/appointments/queue/slot-based/{doctorId}",
      "/appointments/queue/slot-overlaps/{doctorId}",
      "/appointments/queue/slot-position/{appointmentId}",
      "/appointments/queue/suggest-slots/{doctorId}",
      "/appointments/queue/statistics/{doctorId}",
      "/appointments/websocket/stats",
    ]) {
      expect(Object.keys(doc.paths)).toContain(path);
    }
  });

  it("describes errors as the envelope whose code is a reason of the response's status", async () => {
    const { components } = await (await api("/openapi.json")).json();
    expect(components.schemas.ErrorReason.enum).toEqual(
      expect.arrayContaining([...REASONS, "TOO_MANY_REQUESTS"]),
    );
    const badRequest = components.schemas["error.BAD_REQUEST"];
    expect(badRequest.required).toEqual(["success", "error"]);
    const codes: string[] = badRequest.properties.error.properties.code.enum;
    expect(codes).toEqual(expect.arrayContaining(["LINK_EXPIRED", "LINK_INVALID", "BAD_REQUEST"]));
    expect(codes).not.toContain("DOCTOR_NOT_FOUND");
    const notFound: string[] = components.schemas["error.NOT_FOUND"].properties.error.properties.code.enum;
    expect(notFound).toEqual(
      expect.arrayContaining(["DOCTOR_NOT_FOUND", "APPOINTMENT_NOT_FOUND", "NOT_FOUND"]),
    );
  });
});
