// Staff accounts (adminStaff.*), roles, API tokens and tracking-link reissue, through callers and real HTTP.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hashPassword } from "../../auth/password.ts";
import { signSession } from "../../auth/session.ts";
import { getDb } from "../../db/client.ts";
import { findStaffForSession } from "../../db/staff-repo.ts";
import { createHospitalFixture, resetSecretOf } from "../../test/fixtures.ts";
import { startTestServer } from "../../test/server.ts";
import { callerFor } from "../caller.ts";

let fx: Awaited<ReturnType<typeof createHospitalFixture>>;
let server: Awaited<ReturnType<typeof startTestServer>>;
let adminId: string;

const asStaff = async (id: string) => callerFor(await findStaffForSession(id));
const board = (headers: Record<string, string>) =>
  fetch(`${server.url}/api/trpc/queue.board?input=${encodeURIComponent(JSON.stringify({ json: {} }))}`, {
    headers,
  });

beforeAll(async () => {
  fx = await createHospitalFixture({ appointments: [{ at: "00:00" }] });
  const admin = await getDb().staffUser.create({
    data: {
      hospitalId: fx.hospital.id,
      email: `admin-${fx.hospital.slug}@test.local`,
      name: "Ada Admin",
      role: "ADMIN",
      passwordHash: await hashPassword("admin password"),
    },
  });
  adminId = admin.id;
  server = await startTestServer();
});
afterAll(async () => {
  await server?.close();
});

describe("roles", () => {
  it("only admins manage staff; others get FORBIDDEN naming the permission", async () => {
    const reception = await asStaff(fx.receptionist.id);
    await expect(reception.adminStaff.list()).rejects.toMatchObject({
      code: "FORBIDDEN",
      cause: { reason: "ROLE_NOT_ALLOWED" },
      message: expect.stringMatching(/manage staff accounts/),
    });
    const admin = await asStaff(adminId);
    const list = await admin.adminStaff.list();
    expect(list.map((s) => s.email)).toContain(fx.receptionist.email);
    expect(JSON.stringify(list)).not.toContain("passwordHash");
  });

  it("adds staff with validation, refuses duplicates and a doctor without a doctor link", async () => {
    const admin = await asStaff(adminId);
    const email = `doc-${fx.hospital.slug}@test.local`;
    await expect(
      admin.adminStaff.create({ email, name: "Dr X", role: "DOCTOR", password: "long enough" }),
    ).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await expect(
      admin.adminStaff.create({
        email: "not-an-email",
        name: "X",
        role: "RECEPTIONIST",
        password: "long enough",
      }),
    ).rejects.toMatchObject({
      code: "BAD_REQUEST",
    });
    const doc = await admin.adminStaff.create({
      email,
      name: "Dr X",
      role: "DOCTOR",
      password: "long enough",
      doctorId: fx.doctor.id,
    });
    expect(doc.role).toBe("DOCTOR");
    await expect(
      admin.adminStaff.create({ email, name: "Again", role: "RECEPTIONIST", password: "long enough" }),
    ).rejects.toMatchObject({ code: "CONFLICT", cause: { reason: "ACCOUNT_EXISTS" } });
  });
});

describe("sessions and API tokens", () => {
  it("a bearer token works on the API until revoked", async () => {
    const reception = await asStaff(fx.receptionist.id);
    const token = await reception.staff.createToken({
      name: "HIS integration",
      scopes: ["read"],
      expiresInDays: 30,
    });
    expect(token.secret).toMatch(/^pq_/);
    expect((await board({ authorization: `Bearer ${token.secret}` })).status).toBe(200);
    expect((await board({ authorization: "Bearer pq_wrong" })).status).toBe(401);
    const listed = await reception.staff.tokens();
    expect(listed.find((t) => t.id === token.id)?.prefix).toBe(token.secret.slice(0, 10));
    expect(JSON.stringify(listed)).not.toContain(token.secret);
    await reception.staff.revokeToken({ tokenId: token.id });
    expect((await board({ authorization: `Bearer ${token.secret}` })).status).toBe(401);
  });

  it("deactivating an account ends its sessions and tokens at once; reactivating does not revive them", async () => {
    const admin = await asStaff(adminId);
    const email = `temp-${fx.hospital.slug}@test.local`;
    const temp = await admin.adminStaff.create({
      email,
      name: "Temp",
      role: "RECEPTIONIST",
      password: "long enough",
    });
    const staff = await findStaffForSession(temp.id);
    const cookie = `pq_session=${await signSession(staff!)}`;
    const token = await (await callerFor(staff)).staff.createToken({ name: "t", scopes: ["read"] });
    expect((await board({ cookie })).status).toBe(200);
    expect((await board({ authorization: `Bearer ${token.secret}` })).status).toBe(200);

    await admin.adminStaff.update({ staffId: temp.id, active: false });
    expect((await board({ cookie })).status).toBe(401);
    expect((await board({ authorization: `Bearer ${token.secret}` })).status).toBe(401);
    await admin.adminStaff.update({ staffId: temp.id, active: true });
    expect((await board({ cookie })).status).toBe(401);
    expect((await board({ authorization: `Bearer ${token.secret}` })).status).toBe(401);
    await expect(admin.adminStaff.update({ staffId: adminId, active: false })).rejects.toMatchObject({
      code: "BAD_REQUEST",
      cause: { reason: "CANNOT_DEACTIVATE_SELF" },
    });
  });

  it("a password set with the admin's one-time link ends existing sessions; the link alone does not", async () => {
    const admin = await asStaff(adminId);
    const cookie = `pq_session=${await signSession((await findStaffForSession(fx.receptionist.id))!)}`;
    expect((await board({ cookie })).status).toBe(200);
    const link = await admin.adminStaff.resetLink({ staffId: fx.receptionist.id });
    expect((await board({ cookie })).status).toBe(200);
    const token = resetSecretOf(link.url);
    await (await callerFor(null)).auth.resetWithLink({ token, password: "a new passphrase 7" });
    expect((await board({ cookie })).status).toBe(401);
  });
});

describe("tracking links", () => {
  it("staff get any appointment's link; a reissue revokes the old link", async () => {
    const admin = await asStaff(adminId);
    const appointmentId = fx.appointments[0]!.id;
    const first = await admin.links.get({ appointmentId });
    const anonymous = await callerFor(null);
    expect((await anonymous.tracking.get({ token: first.token })).appointment.id).toBe(appointmentId);
    const second = await admin.links.reissue({ appointmentId });
    await expect(anonymous.tracking.get({ token: first.token })).rejects.toMatchObject({
      code: "BAD_REQUEST",
      cause: { reason: "LINK_REPLACED" },
    });
    expect((await anonymous.tracking.get({ token: second.token })).appointment.id).toBe(appointmentId);
    await expect(admin.links.get({ appointmentId: "elsewhere" })).rejects.toMatchObject({
      code: "NOT_FOUND",
      cause: { reason: "APPOINTMENT_NOT_FOUND" },
    });
  });
});
