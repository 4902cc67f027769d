// The waiting-room screen through createCaller and a real WebSocket: who gets a display link, what
// the screen shows (tickets only), which links it refuses, and live updates.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SessionStaff } from "../../auth/session.ts";
import { signTrackingToken } from "../../auth/tracking-token.ts";
import { now as clockNow } from "../../clock.ts";
import { getDb } from "../../db/client.ts";
import { findStaffForSession } from "../../db/staff-repo.ts";
import { firstScreen, signDisplayToken } from "../../services/display.ts";
import { createHospitalFixture } from "../../test/fixtures.ts";
import { startTestServer, testClient } from "../../test/server.ts";
import { callerFor } from "../caller.ts";

type Fixture = Awaited<ReturnType<typeof createHospitalFixture>>;
let fx: Fixture;
let other: Fixture;
let reception: SessionStaff;
let server: Awaited<ReturnType<typeof startTestServer>>;

const tokenOf = (path: string) => new URL(path, "http://x").searchParams.get("token")!;

beforeAll(async () => {
  fx = await createHospitalFixture({
    appointments: [
      { at: "00:00", status: "CALLED", name: "Ana Called" },
      { at: "00:00", status: "CHECKED_IN", paidMinutesBefore: 30, name: "Ben Waiting" },
      { at: "00:00", status: "CHECKED_IN", paidMinutesBefore: 10, name: "Cy Waiting" },
      { at: "00:00", status: "BOOKED", name: "Dee Absent" },
    ],
  });
  other = await createHospitalFixture();
  reception = (await findStaffForSession(fx.receptionist.id))!;
  server = await startTestServer();
});

afterAll(async () => {
  await server?.close();
});

describe("display.link", () => {
  it("gives reception a long-lived link to its own doctors' screens only", async () => {
    const caller = await callerFor(reception);
    const link = await caller.display.link({ doctorId: fx.doctor.id });
    expect(link.path).toMatch(new RegExp(`^/display/${fx.doctor.id}\\?token=[\\w-]+\\.[\\w-]+\\.[\\w-]+$`));
    expect(link.url.endsWith(link.path)).toBe(true);
    expect(link.expiresAt.getTime() - clockNow().getTime()).toBeGreaterThan(300 * 24 * 3_600_000);
    await expect(caller.display.link({ doctorId: other.doctor.id })).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
  });

  it("existingLink reads the doctor's screen link without making one; link makes it once", async () => {
    const fresh = await createHospitalFixture();
    const desk = await callerFor((await findStaffForSession(fresh.receptionist.id))!);
    const screens = () => getDb().displayScreen.count({ where: { hospitalId: fresh.hospital.id } });
    // Read as often as you like: nothing is added.
    expect(await desk.display.existingLink({ doctorId: fresh.doctor.id })).toBeNull();
    expect(await desk.display.existingLink({ doctorId: fresh.doctor.id })).toBeNull();
    expect(await screens()).toBe(0);
    const made = await desk.display.link({ doctorId: fresh.doctor.id });
    expect(await screens()).toBe(1);
    const read = await desk.display.existingLink({ doctorId: fresh.doctor.id });
    expect(read?.screenId).toBe(made.screenId);
    expect(read?.path).toMatch(new RegExp(`^/display/${fresh.doctor.id}\\?token=`));
    expect((await desk.display.link({ doctorId: fresh.doctor.id })).screenId).toBe(made.screenId);
    expect(await screens()).toBe(1);
    // Two desks making another doctor's first link at once: the one that created second (after the
    // other's row appeared) keeps the first row and removes its own, never handed out.
    const second = await createHospitalFixture();
    const name = `Screen for ${second.doctor.name}`;
    const winner = await getDb().displayScreen.create({
      data: {
        hospitalId: second.hospital.id,
        doctorId: second.doctor.id,
        name,
        createdAt: new Date(clockNow().getTime() - 1000),
      },
    });
    const kept = await firstScreen(second.hospital.id, second.doctor.id, name, clockNow());
    expect(kept.id).toBe(winner.id);
    expect(await getDb().displayScreen.count({ where: { hospitalId: second.hospital.id } })).toBe(1);
    // Another hospital's doctor is not found, as with link.
    await expect(desk.display.existingLink({ doctorId: fx.doctor.id })).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
  });

  it("is refused to a doctor and to callers without a session", async () => {
    const row = await getDb().staffUser.create({
      data: {
        hospitalId: fx.hospital.id,
        email: `doctor-${Math.random().toString(36).slice(2)}@test.local`,
        name: "Dr Test",
        passwordHash: "not used",
        role: "DOCTOR",
        doctorId: fx.doctor.id,
      },
    });
    const doctor = await callerFor(await findStaffForSession(row.id));
    await expect(doctor.display.link({ doctorId: fx.doctor.id })).rejects.toMatchObject({
      code: "FORBIDDEN",
    });
    const anonymous = await callerFor(null);
    await expect(anonymous.display.link({ doctorId: fx.doctor.id })).rejects.toMatchObject({
      code: "UNAUTHORIZED",
    });
  });
});

describe("display.get", () => {
  it("shows the called ticket and the next present ones, never a name", async () => {
    const link = await (await callerFor(reception)).display.link({ doctorId: fx.doctor.id });
    const screen = await (await callerFor(null)).display.get({
      doctorId: fx.doctor.id,
      token: tokenOf(link.path),
    });
    expect(screen.called).toEqual([1]);
    expect(screen.inConsultation).toEqual([]);
    expect(screen.calledToday).toBe(true);
    // Present patients in queue order (paid earlier first); the absent one is not "next".
    expect(screen.next).toEqual([2, 3]);
    // "2 here and waiting": the absent (booked) patient is not counted as one ahead in the room.
    expect(screen.waiting).toBe(2);
    expect(screen.doctor.room).toBe("7");
    const text = JSON.stringify(screen);
    for (const name of ["Ana Called", "Ben Waiting", "Cy Waiting", "Dee Absent"])
      expect(text).not.toContain(name);
  });

  it("refuses a link for another doctor, a tampered or expired one, and a patient's tracking link", async () => {
    const caller = await callerFor(null);
    const good = tokenOf((await (await callerFor(reception)).display.link({ doctorId: fx.doctor.id })).path);
    await expect(caller.display.get({ doctorId: other.doctor.id, token: good })).rejects.toMatchObject({
      code: "BAD_REQUEST",
    });
    const tampered = `${good.slice(0, -2)}${good.endsWith("AA") ? "BB" : "AA"}`;
    await expect(caller.display.get({ doctorId: fx.doctor.id, token: tampered })).rejects.toMatchObject({
      code: "BAD_REQUEST",
    });
    const { screenId } = await (await callerFor(reception)).display.link({ doctorId: fx.doctor.id });
    const expired = await signDisplayToken(
      { doctorId: fx.doctor.id, hospitalId: fx.hospital.id, screenId },
      new Date(clockNow().getTime() - 60_000),
    );
    await expect(caller.display.get({ doctorId: fx.doctor.id, token: expired })).rejects.toMatchObject({
      code: "BAD_REQUEST",
      cause: { reason: "DISPLAY_LINK_EXPIRED" },
      message: expect.stringMatching(/expired/),
    });
    const a = fx.appointments[1]!;
    const tracking = await signTrackingToken({
      appointmentId: a.id,
      hospitalId: a.hospitalId,
      doctorId: a.doctorId,
      tokenVersion: a.tokenVersion,
    });
    await expect(caller.display.get({ doctorId: fx.doctor.id, token: tracking })).rejects.toMatchObject({
      code: "BAD_REQUEST",
      cause: { reason: "DISPLAY_LINK_INVALID" },
    });
  });
});

describe("display.onUpdate over the WebSocket", () => {
  it("sends the current state at once, then each change: start moves the called ticket into the room", async () => {
    const link = await (await callerFor(reception)).display.link({ doctorId: fx.doctor.id });
    const screen = testClient(server.url);
    const seen: { id: string; called: number[]; inConsultation: number[] }[] = [];
    const sub = screen.client.display.onUpdate.subscribe(
      { doctorId: fx.doctor.id, token: tokenOf(link.path), lastEventId: null },
      {
        onData: (e) => seen.push({ id: e.id, called: e.data.called, inConsultation: e.data.inConsultation }),
      },
    );
    await expect.poll(() => seen.length, { timeout: 3_000 }).toBe(1);
    expect(seen[0]!.called).toEqual([1]);
    expect(seen[0]!.id).toMatch(new RegExp(`^${fx.date}:\\d+$`));

    await (await callerFor(reception)).queue.start({ appointmentId: fx.appointments[0]!.id });
    await expect.poll(() => seen.at(-1)?.inConsultation, { timeout: 1_500 }).toEqual([1]);
    expect(seen.at(-1)!.called).toEqual([]);
    sub.unsubscribe();
    screen.close();
  });
});
