// Hospital settings through the admin procedures (and REST): defaults, validation, roles, one
// hospital never touching another, and a change reaching the next snapshot, the patient's read
// and an open subscription without a new call.
import { afterAll, beforeAll, expect, it } from "vitest";
import { hashPassword } from "../auth/password.ts";
import { signSession } from "../auth/session.ts";
import { getDb } from "../db/client.ts";
import { findStaffForSession } from "../db/staff-repo.ts";
import { dayBoundsUtc } from "../domain/time.ts";
import { env } from "../env.ts";
import { createHospitalFixture } from "../test/fixtures.ts";
import { describeNeeding } from "../test/needs.ts";
import { startTestServer, testClient } from "../test/server.ts";
import { callerFor } from "../trpc/caller.ts";
import { trackingLink } from "./links.ts";
import { getSnapshot } from "./snapshot.ts";

type Fixture = Awaited<ReturnType<typeof createHospitalFixture>>;

async function addAdmin(fx: Fixture) {
  return getDb().staffUser.create({
    data: {
      hospitalId: fx.hospital.id,
      email: `admin-${fx.hospital.slug}@test.local`,
      name: "Ada Admin",
      role: "ADMIN",
      passwordHash: await hashPassword("admin password"),
    },
  });
}
const as = async (id: string) => callerFor(await findStaffForSession(id));

describeNeeding(["pg"], "hospital settings", () => {
  let fx: Fixture;
  let other: Fixture;
  let adminId: string;
  let otherAdminId: string;
  let server: Awaited<ReturnType<typeof startTestServer>>;

  beforeAll(async () => {
    // The test clock is 10:20 in Auckland: check-in for 12:00 opens at 11:30 with the default window.
    fx = await createHospitalFixture({ appointments: [{ at: "11:00" }, { at: "12:00" }] });
    other = await createHospitalFixture({ appointments: [{ at: "12:00" }] });
    adminId = (await addAdmin(fx)).id;
    otherAdminId = (await addAdmin(other)).id;
    server = await startTestServer();
  });
  afterAll(async () => {
    await server?.close();
  });

  it("reads each value with the default it falls back to", async () => {
    const settings = await (await as(adminId)).adminHospital.get();
    expect(settings).toMatchObject({
      name: fx.hospital.name,
      timeZone: "Pacific/Auckland",
      languages: ["en", "hi", "es"],
      checkInWindowMinutes: null,
      trackingLinkHours: null,
      defaults: {
        checkInWindowMinutes: env().MAX_EARLY_ARRIVAL,
        noShowGraceMinutes: env().NO_SHOW_GRACE,
        defaultConsultationMinutes: env().DEFAULT_CONSULTATION_TIME,
        trackingLinkHours: 36,
      },
    });
  });

  it("a check-in window change reaches the next snapshot, the patient's read and an open subscription", async () => {
    const queueDayId = fx.appointments[0]!.queueDayId;
    const reception = await as(fx.receptionist.id);
    const late = fx.appointments[1]!.id; // 12:00
    await expect(reception.queue.checkIn({ appointmentId: late })).rejects.toMatchObject({
      cause: { reason: "CHECK_IN_NOT_OPEN" },
    });
    const { token } = await trackingLink({ hospitalId: fx.hospital.id }, fx.appointments[0]!.id);
    const before = (await getSnapshot(queueDayId))!;
    expect(before.checkInWindowMinutes).toBe(env().MAX_EARLY_ARRIVAL);
    const otherBefore = (await getSnapshot(other.appointments[0]!.queueDayId))!;

    const patient = testClient(server.url);
    const seen: { version: number; hospital: string }[] = [];
    const sub = patient.client.tracking.onUpdate.subscribe(
      { token, lastEventId: null },
      {
        onData: (e) =>
          seen.push({ version: Number.parseInt(e.id, 10), hospital: e.data.appointment.hospital.name }),
      },
    );
    await expect.poll(() => seen.length, { timeout: 3_000 }).toBe(1);
    expect(seen[0]!.version).toBe(before.version);

    const updated = await (await as(adminId)).adminHospital.update({
      checkInWindowMinutes: 120,
      defaultConsultationMinutes: 25,
    });
    expect(updated).toMatchObject({ checkInWindowMinutes: 120, defaultConsultationMinutes: 25 });

    // Pushed to the open page, no new call.
    await expect.poll(() => seen.at(-1)?.version, { timeout: 5_000 }).toBe(before.version + 1);
    const after = (await getSnapshot(queueDayId))!;
    expect(after.version).toBe(before.version + 1);
    expect(after.checkInWindowMinutes).toBe(120);
    const read = await (await callerFor(null)).tracking.get({ token });
    expect(read.version).toBe(after.version);
    // And it is what the queue now does: 12:00 may check in from 10:00.
    await expect(reception.queue.checkIn({ appointmentId: late })).resolves.toMatchObject({
      type: "EARLY_ARRIVAL",
    });

    // The other hospital is untouched.
    const otherAfter = (await getSnapshot(other.appointments[0]!.queueDayId))!;
    expect(otherAfter.version).toBe(otherBefore.version);
    expect(otherAfter.checkInWindowMinutes).toBe(env().MAX_EARLY_ARRIVAL);
    expect(await (await as(otherAdminId)).adminHospital.get()).toMatchObject({
      name: other.hospital.name,
      checkInWindowMinutes: null,
      defaultConsultationMinutes: null,
    });
    sub.unsubscribe();
    patient.close();
  });

  it("says what is wrong with each field", async () => {
    const admin = await as(adminId);
    const refused = async (input: Parameters<typeof admin.adminHospital.update>[0]) => {
      try {
        await admin.adminHospital.update(input);
      } catch (err) {
        return err as { code: string; message: string; cause?: { reason?: string; field?: string } };
      }
      throw new Error(`accepted ${JSON.stringify(input)}`);
    };
    expect(await refused({ mapUrl: "http://maps.example/clinic" })).toMatchObject({
      code: "BAD_REQUEST",
      message: expect.stringContaining("https://"),
    });
    expect(await refused({ mapUrl: "javascript:alert(1)" })).toMatchObject({ code: "BAD_REQUEST" });
    expect(await refused({ languages: [] })).toMatchObject({
      message: expect.stringContaining("at least one language"),
    });
    expect(await refused({ languages: ["en", "fr"] })).toMatchObject({
      message: expect.stringContaining('no language "fr"'),
      cause: { field: "languages" },
    });
    expect(await refused({ timeZone: "Nowhere/Town" })).toMatchObject({
      cause: { reason: "TIME_ZONE_UNKNOWN", field: "timeZone" },
      message: expect.stringContaining("Nowhere/Town"),
    });
    expect(await refused({ checkInWindowMinutes: -5 })).toMatchObject({
      message: expect.stringContaining("Check-in window: at least 0"),
    });
    expect(await refused({ trackingLinkHours: 2 })).toMatchObject({
      message: expect.stringContaining("Tracking-link lifetime: at least 12"),
    });
    expect(await refused({ name: "  " })).toMatchObject({ code: "BAD_REQUEST" });
    // Nothing of it was stored; a good change is, in canonical form.
    const saved = await admin.adminHospital.update({
      timeZone: "europe/london",
      mapUrl: "https://maps.example/clinic",
      languages: ["es", "en"],
      address: "  ",
    });
    expect(saved).toMatchObject({
      timeZone: "Europe/London",
      mapUrl: "https://maps.example/clinic",
      languages: ["en", "es"],
      address: null,
    });
    await admin.adminHospital.update({ timeZone: "Pacific/Auckland" });
  });

  it("is for admins only, and over REST too (GET|PATCH /api/admin/hospital)", async () => {
    for (const id of [fx.receptionist.id]) {
      const caller = await as(id);
      await expect(caller.adminHospital.get()).rejects.toMatchObject({ code: "FORBIDDEN" });
      await expect(caller.adminHospital.update({ noShowGraceMinutes: 1 })).rejects.toMatchObject({
        code: "FORBIDDEN",
        cause: { reason: "ROLE_NOT_ALLOWED" },
      });
    }
    const anonymous = await fetch(`${server.url}/api/admin/hospital`);
    expect(anonymous.status).toBe(401);
    const cookie = `pq_session=${await signSession((await findStaffForSession(otherAdminId))!)}`;
    const patch = await fetch(`${server.url}/api/admin/hospital`, {
      method: "PATCH",
      headers: { cookie, "Content-Type": "application/json" },
      body: JSON.stringify({ noShowGraceMinutes: 7, phone: "+64 9 000 0000" }),
    });
    expect(patch.status).toBe(200);
    expect(await patch.json()).toMatchObject({
      success: true,
      data: {
        noShowGraceMinutes: 7,
        phone: "+64 9 000 0000",
        defaults: { noShowGraceMinutes: env().NO_SHOW_GRACE },
      },
    });
    const get = await fetch(`${server.url}/api/admin/hospital`, { headers: { cookie } });
    expect(await get.json()).toMatchObject({ data: { name: other.hospital.name, noShowGraceMinutes: 7 } });
    // Only that admin's hospital changed.
    expect((await (await as(adminId)).adminHospital.get()).noShowGraceMinutes).toBeNull();
  });

  it("links live as long as the hospital says, and the patient page offers only its languages", async () => {
    const admin = await as(adminId);
    const appointment = fx.appointments[0]!;
    const dayStart = dayBoundsUtc(fx.date, "Pacific/Auckland").start.getTime();
    const before = await trackingLink({ hospitalId: fx.hospital.id }, appointment.id);
    expect(before.expiresAt.getTime()).toBe(dayStart + 36 * 3_600_000);
    await admin.adminHospital.update({ trackingLinkHours: 60, languages: ["es"] });
    const after = await trackingLink({ hospitalId: fx.hospital.id }, appointment.id);
    expect(after.expiresAt.getTime()).toBe(dayStart + 60 * 3_600_000);
    const read = await (await callerFor(null)).tracking.get({ token: after.token });
    expect(read.appointment.hospital.languages).toEqual(["es"]);
    await admin.adminHospital.update({ trackingLinkHours: null, languages: ["en", "hi", "es"] });
  });
});
