// The admin's staff administration (adminStaff.*, REST /api/admin/staff), one-time set-password
// links (auth.resetWithLink) and a person's own password change (auth.changePassword), against a
// real database and a real HTTP server.
import { afterAll, afterEach, beforeAll, expect, it } from "vitest";
import { hashPassword } from "../../auth/password.ts";
import { clockFrom, now as clockNow, setClock } from "../../clock.ts";
import { getDb } from "../../db/client.ts";
import { findStaffForSession } from "../../db/staff-repo.ts";
import { freshIp, request, sessionCookieFor, trpcError, trpcHttp } from "../../security/kit.ts";
import { resetLinkState } from "../../services/passwords.ts";
import { createHospitalFixture, resetSecretOf } from "../../test/fixtures.ts";
import { describeNeeding } from "../../test/needs.ts";
import { startTestServer } from "../../test/server.ts";
import { callerFor } from "../caller.ts";

type Fixture = Awaited<ReturnType<typeof createHospitalFixture>>;
let fx: Fixture;
let other: Fixture;
let server: Awaited<ReturnType<typeof startTestServer>>;
let adminId: string;
const from = freshIp();
const PASSWORD = "a long admin passphrase";

const asStaff = async (id: string) => callerFor(await findStaffForSession(id));
const me = async (cookie: string) =>
  JSON.parse((await trpcHttp(server.url, "auth.me", "query", undefined, { cookie, from })).text) as {
    result: { data: { json: { name: string } | null } };
  };
const signedIn = async (cookie: string) => (await me(cookie)).result.data.json !== null;

async function account(
  role: "ADMIN" | "RECEPTIONIST" | "DOCTOR",
  hospital = fx,
  doctorId: string | null = null,
) {
  const tag = Math.random().toString(36).slice(2, 8);
  return getDb().staffUser.create({
    data: {
      hospitalId: hospital.hospital.id,
      email: `${role.toLowerCase()}-${tag}@test.local`,
      name: `${role} ${tag}`,
      role,
      doctorId,
      passwordHash: await hashPassword(PASSWORD),
    },
  });
}

/** A hospital with exactly the admins asked for (plus the fixture's receptionist). */
async function hospitalWithAdmins(n: number) {
  const h = await createHospitalFixture();
  const admins = [];
  for (let i = 0; i < n; i++) admins.push(await account("ADMIN", h));
  return { h, admins };
}

beforeAll(async () => {
  fx = await createHospitalFixture();
  other = await createHospitalFixture();
  adminId = (await account("ADMIN")).id;
  server = await startTestServer();
});
afterAll(async () => {
  await server?.close();
});
afterEach(() => setClock(null));

describeNeeding(["pg"], "adminStaff: accounts", () => {
  it("lists the hospital's staff with the linked doctor, never a password hash", async () => {
    const doctor = await account("DOCTOR", fx, fx.doctor.id);
    const list = await (await asStaff(adminId)).adminStaff.list();
    expect(list.find((s) => s.id === doctor.id)).toMatchObject({
      name: doctor.name,
      email: doctor.email,
      role: "DOCTOR",
      doctor: { id: fx.doctor.id, name: fx.doctor.name },
      active: true,
      createdAt: expect.any(Date),
    });
    expect(list.some((s) => s.id === fx.receptionist.id)).toBe(true);
    expect(list.every((s) => s.email.endsWith("@test.local"))).toBe(true);
    expect(JSON.stringify(list)).not.toMatch(/scrypt|passwordHash/);
    await getDb().staffUser.delete({ where: { id: doctor.id } });
  });

  it("creates an account without a password and answers a one-time link that sets it", async () => {
    const admin = await asStaff(adminId);
    const email = `new-${fx.hospital.slug}@test.local`;
    const created = await admin.adminStaff.create({ name: "Nina New", email, role: "RECEPTIONIST" });
    expect(created).toMatchObject({
      name: "Nina New",
      email,
      role: "RECEPTIONIST",
      active: true,
      doctor: null,
    });
    expect(created.resetLink?.url).toMatch(/^https?:\/\/[^/]+\/reset\/[\w-]{43}$/);
    // Only the hash is stored; the link lives 24 hours.
    const stored = await getDb().passwordResetLink.findMany({ where: { staffId: created.id } });
    expect(stored).toHaveLength(1);
    expect(stored[0]!.expiresAt).toEqual(created.resetLink!.expiresAt);
    expect(stored[0]!.expiresAt.getTime() - stored[0]!.createdAt.getTime()).toBe(24 * 3_600_000);
    expect(stored[0]!.tokenHash).not.toContain(resetSecretOf(created.resetLink!.url));
    expect(stored[0]!.createdBy).toBe(adminId);
    // No password signs in yet.
    const anonymous = await callerFor(null);
    await expect(anonymous.auth.login({ email, password: PASSWORD })).rejects.toMatchObject({
      cause: { reason: "BAD_CREDENTIALS" },
    });
    await anonymous.auth.resetWithLink({
      token: resetSecretOf(created.resetLink!.url),
      password: "Nina's own passphrase",
    });
    await expect(anonymous.auth.login({ email, password: "Nina's own passphrase" })).resolves.toMatchObject({
      name: "Nina New",
    });
  });

  it("creates with a password (no link), and refuses a duplicate email at the field", async () => {
    const admin = await asStaff(adminId);
    const email = `pw-${fx.hospital.slug}@test.local`;
    const created = await admin.adminStaff.create({ name: "Pat", email, role: "ADMIN", password: PASSWORD });
    expect(created.resetLink).toBeNull();
    const reply = await trpcHttp(
      server.url,
      "adminStaff.create",
      "mutation",
      { name: "Again", email: email.toUpperCase(), role: "RECEPTIONIST" },
      { cookie: await sessionCookieFor({ id: adminId }), from },
    );
    expect(reply.status).toBe(409);
    const body = JSON.parse(reply.text) as {
      error: { json: { data: { reason: string; zodError: { fieldErrors: Record<string, string[]> } } } };
    };
    expect(body.error.json.data.reason).toBe("ACCOUNT_EXISTS");
    expect(body.error.json.data.zodError.fieldErrors.email?.[0]).toMatch(/already has an account/);
    // The same email in another hospital is no conflict.
    const theirAdmin = await account("ADMIN", other);
    await expect(
      (await asStaff(theirAdmin.id)).adminStaff.create({ name: "Pat", email, role: "RECEPTIONIST" }),
    ).resolves.toMatchObject({ email });
  });

  it("a doctor's account needs a doctor of this hospital that no other account is linked to", async () => {
    const admin = await asStaff(adminId);
    await expect(
      admin.adminStaff.create({
        name: "Dr No",
        email: `drno-${fx.hospital.slug}@test.local`,
        role: "DOCTOR",
      }),
    ).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await expect(
      admin.adminStaff.create({
        name: "Dr Other",
        email: `drother-${fx.hospital.slug}@test.local`,
        role: "DOCTOR",
        doctorId: other.doctor.id,
      }),
    ).rejects.toMatchObject({ code: "NOT_FOUND", cause: { reason: "DOCTOR_NOT_FOUND" } });
    const first = await admin.adminStaff.create({
      name: "Dr First",
      email: `drfirst-${fx.hospital.slug}@test.local`,
      role: "DOCTOR",
      doctorId: fx.doctor.id,
    });
    expect(first.doctor).toEqual({ id: fx.doctor.id, name: fx.doctor.name });
    const second = await account("RECEPTIONIST");
    await expect(
      admin.adminStaff.update({ staffId: second.id, role: "DOCTOR", doctorId: fx.doctor.id }),
    ).rejects.toMatchObject({
      code: "CONFLICT",
      cause: { reason: "ACCOUNT_EXISTS", field: "doctorId" },
      message: expect.stringContaining("Dr First"),
    });
    // Unlinking the first (a new role) frees the doctor for the second.
    await admin.adminStaff.update({ staffId: first.id, role: "RECEPTIONIST" });
    await expect(
      admin.adminStaff.update({ staffId: second.id, role: "DOCTOR", doctorId: fx.doctor.id }),
    ).resolves.toMatchObject({ role: "DOCTOR", doctor: { id: fx.doctor.id } });
    await getDb().staffUser.deleteMany({ where: { id: { in: [first.id, second.id] } } });
  });

  it("the last active admin can be neither deactivated nor demoted; nobody deactivates themselves", async () => {
    const { admins } = await hospitalWithAdmins(2);
    const [a, b] = [admins[0]!, admins[1]!];
    const callerA = await asStaff(a.id);
    await expect(callerA.adminStaff.update({ staffId: a.id, active: false })).rejects.toMatchObject({
      cause: { reason: "CANNOT_DEACTIVATE_SELF" },
    });
    await callerA.adminStaff.update({ staffId: b.id, active: false });
    await expect(callerA.adminStaff.update({ staffId: a.id, role: "RECEPTIONIST" })).rejects.toMatchObject({
      code: "CONFLICT",
      cause: { reason: "LAST_ADMIN" },
    });
    // Reactivated, b is an admin again: now a may step down.
    await callerA.adminStaff.update({ staffId: b.id, active: true });
    await expect(callerA.adminStaff.update({ staffId: a.id, role: "RECEPTIONIST" })).resolves.toMatchObject({
      role: "RECEPTIONIST",
    });
    await expect(
      (await asStaff(b.id)).adminStaff.update({ staffId: b.id, role: "DOCTOR", doctorId: null }),
    ).rejects.toMatchObject({ cause: { reason: "DOCTOR_LINK_REQUIRED" } });
  });

  it("two admins demoting each other at the same moment: one wins, the hospital keeps an admin", async () => {
    for (let round = 0; round < 5; round++) {
      const { h, admins } = await hospitalWithAdmins(2);
      const [a, b] = [admins[0]!, admins[1]!];
      const [callerA, callerB] = [await asStaff(a.id), await asStaff(b.id)];
      const results = await Promise.allSettled([
        callerA.adminStaff.update({ staffId: b.id, role: "RECEPTIONIST" }),
        callerB.adminStaff.update({ staffId: a.id, role: "RECEPTIONIST" }),
      ]);
      expect(results.map((r) => r.status).sort()).toEqual(["fulfilled", "rejected"]);
      const refused = results.find((r) => r.status === "rejected") as PromiseRejectedResult;
      expect(refused.reason).toMatchObject({ cause: { reason: "LAST_ADMIN" } });
      const left = await getDb().staffUser.count({
        where: { hospitalId: h.hospital.id, role: "ADMIN", active: true },
      });
      expect(left).toBe(1);
    }
  });

  it("deactivation and a role change end the person's sessions at once", async () => {
    const admin = await asStaff(adminId);
    const person = await account("RECEPTIONIST");
    const cookie = await sessionCookieFor(person);
    expect(await signedIn(cookie)).toBe(true);
    await admin.adminStaff.update({ staffId: person.id, role: "DOCTOR", doctorId: null }).catch(() => {});
    expect(await signedIn(cookie)).toBe(true); // refused (no doctor): nothing changed
    await admin.adminStaff.update({ staffId: person.id, name: "Renamed" });
    expect(await signedIn(cookie)).toBe(true); // a new name ends nothing
    await admin.adminStaff.update({ staffId: person.id, role: "ADMIN" });
    expect(await signedIn(cookie)).toBe(false);

    const fresh = await sessionCookieFor((await findStaffForSession(person.id))!);
    expect(await signedIn(fresh)).toBe(true);
    await admin.adminStaff.update({ staffId: person.id, active: false });
    expect(await signedIn(fresh)).toBe(false);
    const again = await sessionCookieFor((await findStaffForSession(person.id))!);
    expect(await signedIn(again)).toBe(false); // inactive: no new session works either
  });
});

describeNeeding(["pg"], "set-password links and a person's own password", () => {
  it("a link works once, ends every old session, and voids the person's earlier links", async () => {
    const admin = await asStaff(adminId);
    const person = await account("RECEPTIONIST");
    const cookie = await sessionCookieFor(person);
    const older = await admin.adminStaff.resetLink({ staffId: person.id });
    const link = await admin.adminStaff.resetLink({ staffId: person.id });
    // What its page says before anyone types (app/reset/[token]/page.tsx).
    expect(await resetLinkState(resetSecretOf(link.url))).toBe("usable");
    expect(await resetLinkState(resetSecretOf(older.url))).toBe("invalid");
    expect(await resetLinkState("A".repeat(43))).toBe("invalid");
    expect(await resetLinkState("")).toBe("invalid");
    const anonymous = await callerFor(null);
    await expect(
      anonymous.auth.resetWithLink({ token: resetSecretOf(older.url), password: "the newest passphrase" }),
    ).rejects.toMatchObject({ code: "BAD_REQUEST", cause: { reason: "RESET_LINK_INVALID" } });
    await expect(
      anonymous.auth.resetWithLink({ token: resetSecretOf(link.url), password: person.email }),
    ).rejects.toMatchObject({ cause: { reason: "PASSWORD_REJECTED", field: "password" } });
    expect(await signedIn(cookie)).toBe(true); // a refused attempt changes nothing

    await expect(
      anonymous.auth.resetWithLink({ token: resetSecretOf(link.url), password: "the newest passphrase" }),
    ).resolves.toEqual({ ok: true });
    expect(await signedIn(cookie)).toBe(false);
    await expect(
      anonymous.auth.login({ email: person.email, password: "the newest passphrase" }),
    ).resolves.toMatchObject({ role: "RECEPTIONIST" });
    await expect(
      anonymous.auth.resetWithLink({ token: resetSecretOf(link.url), password: "yet another passphrase" }),
    ).rejects.toMatchObject({ cause: { reason: "RESET_LINK_INVALID" } });
    expect(await resetLinkState(resetSecretOf(link.url))).toBe("invalid"); // used
    await expect(
      anonymous.auth.resetWithLink({ token: "A".repeat(43), password: "yet another passphrase" }),
    ).rejects.toMatchObject({ cause: { reason: "RESET_LINK_INVALID" } });
  });

  it("a link handed out earlier stops working once the password is changed, or the account deactivated", async () => {
    // An attacker's probe (2026-12-07) set a doctor's password with a link from before the doctor
    // changed theirs, and with one used while the account was deactivated (signing in once reactivated).
    const admin = await asStaff(adminId);
    const anonymous = await callerFor(null);
    const refused = async (url: string) => {
      expect(await resetLinkState(resetSecretOf(url))).toBe("invalid");
      await expect(
        anonymous.auth.resetWithLink({ token: resetSecretOf(url), password: "an attacker's passphrase" }),
      ).rejects.toMatchObject({ cause: { reason: "RESET_LINK_INVALID" } });
    };

    const own = await account("DOCTOR");
    const ownLink = await admin.adminStaff.resetLink({ staffId: own.id });
    await (await asStaff(own.id)).auth.changePassword({
      currentPassword: PASSWORD,
      newPassword: "the owner's new passphrase",
    });
    await refused(ownLink.url);

    const leaving = await account("RECEPTIONIST");
    const leavingLink = await admin.adminStaff.resetLink({ staffId: leaving.id });
    await admin.adminStaff.update({ staffId: leaving.id, active: false });
    await refused(leavingLink.url);
    await admin.adminStaff.update({ staffId: leaving.id, active: true });
    await refused(leavingLink.url);
    await expect(
      anonymous.auth.login({ email: leaving.email, password: "an attacker's passphrase" }),
    ).rejects.toMatchObject({
      code: "UNAUTHORIZED",
    });
    // A link made for a deactivated account sets nothing either.
    await admin.adminStaff.update({ staffId: leaving.id, active: false });
    const whileAway = await admin.adminStaff.resetLink({ staffId: leaving.id });
    await refused(whileAway.url);
  });

  it("a link expires after 24 hours", async () => {
    const person = await account("RECEPTIONIST");
    const link = await (await asStaff(adminId)).adminStaff.resetLink({ staffId: person.id });
    setClock(clockFrom(new Date(clockNow().getTime() + 24 * 3_600_000 + 1_000), { frozen: true }));
    expect(await resetLinkState(resetSecretOf(link.url))).toBe("expired");
    await expect(
      (await callerFor(null)).auth.resetWithLink({
        token: resetSecretOf(link.url),
        password: "too late passphrase",
      }),
    ).rejects.toMatchObject({ code: "BAD_REQUEST", cause: { reason: "RESET_LINK_EXPIRED" } });
  });

  it("another hospital's staff gets no link from this admin", async () => {
    const theirs = await account("RECEPTIONIST", other);
    await expect((await asStaff(adminId)).adminStaff.resetLink({ staffId: theirs.id })).rejects.toMatchObject(
      {
        code: "NOT_FOUND",
        cause: { reason: "STAFF_NOT_FOUND" },
      },
    );
    expect(await getDb().passwordResetLink.count({ where: { staffId: theirs.id } })).toBe(0);
  });

  it("guessing links from one address is rate limited", async () => {
    const ip = freshIp();
    const statuses: number[] = [];
    for (let i = 0; i < 22; i++) {
      const r = await trpcHttp(
        server.url,
        "auth.resetWithLink",
        "mutation",
        { token: `guess-${i}`, password: "a long new passphrase" },
        { from: ip },
      );
      statuses.push(r.status);
    }
    expect(statuses.slice(0, 20).every((s) => s === 400)).toBe(true);
    expect(statuses.slice(20)).toEqual([429, 429]);
  });

  it("changing one's own password: a wrong current one is refused; success keeps this session only", async () => {
    const person = await account("RECEPTIONIST");
    const here = await sessionCookieFor(person);
    const elsewhere = await sessionCookieFor(person);
    const wrong = await trpcHttp(
      server.url,
      "auth.changePassword",
      "mutation",
      { currentPassword: "not my password", newPassword: "my next passphrase" },
      { cookie: here, from },
    );
    expect(trpcError(wrong)).toMatchObject({ code: "BAD_REQUEST", reason: "CURRENT_PASSWORD_WRONG" });
    expect(await signedIn(elsewhere)).toBe(true);

    const ok = await trpcHttp(
      server.url,
      "auth.changePassword",
      "mutation",
      { currentPassword: PASSWORD, newPassword: "my next passphrase" },
      { cookie: here, from },
    );
    expect(ok.status).toBe(200);
    expect(await signedIn(here)).toBe(true);
    expect(await signedIn(elsewhere)).toBe(false);
    const anonymous = await callerFor(null);
    await expect(
      anonymous.auth.login({ email: person.email, password: "my next passphrase" }),
    ).resolves.toEqual({ name: person.name, role: "RECEPTIONIST" });
    await expect(anonymous.auth.login({ email: person.email, password: PASSWORD })).rejects.toMatchObject({
      cause: { reason: "BAD_CREDENTIALS" },
    });
  });

  it("wrong current passwords are rate limited per account", async () => {
    const person = await account("RECEPTIONIST");
    const caller = await asStaff(person.id);
    const reasons: string[] = [];
    for (let i = 0; i < 6; i++) {
      const r = await caller.auth
        .changePassword({ currentPassword: `wrong ${i}`, newPassword: "my next passphrase" })
        .catch((e: { code: string }) => e.code);
      reasons.push(String(r));
    }
    expect(reasons).toEqual([...Array(5).fill("BAD_REQUEST"), "TOO_MANY_REQUESTS"]);
  });
});

describeNeeding(["pg"], "REST /api/admin/staff and the hospital's API tokens", () => {
  const api = (path: string, method: string, headers: Record<string, string>, body?: unknown) =>
    request(`${server.url}/api${path}`, {
      method,
      headers: { ...headers, ...(body ? { "content-type": "application/json" } : {}) },
      body: body ? JSON.stringify(body) : undefined,
      from,
    });

  it("GET, POST and PATCH with an admin-scoped bearer token and with a session cookie", async () => {
    const admin = await asStaff(adminId);
    const { secret } = await admin.staff.createToken({ name: "hr system", scopes: ["admin"] });
    const bearer = { authorization: `Bearer ${secret}` };
    const cookie = { cookie: await sessionCookieFor({ id: adminId }) };
    for (const auth of [bearer, cookie]) {
      const list = await api("/admin/staff", "GET", auth);
      expect(list.status).toBe(200);
      const listed = JSON.parse(list.text) as { success: true; data: { id: string; email: string }[] };
      expect(listed.data.some((s) => s.id === fx.receptionist.id)).toBe(true);

      const email = `rest-${Math.random().toString(36).slice(2, 8)}@test.local`;
      const created = await api("/admin/staff", "POST", auth, {
        name: "Rae Rest",
        email,
        role: "RECEPTIONIST",
      });
      expect(created.status).toBe(200);
      const member = (JSON.parse(created.text) as { data: { id: string; resetLink: { url: string } } }).data;
      expect(member.resetLink.url).toContain("/reset/");

      const patched = await api(`/admin/staff/${member.id}`, "PATCH", auth, {
        name: "Rae Renamed",
        active: false,
      });
      expect(patched.status).toBe(200);
      expect(JSON.parse(patched.text)).toMatchObject({
        success: true,
        data: { name: "Rae Renamed", active: false },
      });

      const dup = await api("/admin/staff", "POST", auth, { name: "Dup", email, role: "RECEPTIONIST" });
      expect(dup.status).toBe(409);
      expect(JSON.parse(dup.text)).toMatchObject({ success: false, error: { code: "ACCOUNT_EXISTS" } });
    }
  });

  it("a read-only token gets no credential and no staff list: tracking links need intake, display links queue", async () => {
    // An attacker's probe (2026-12-07): a "read" token read a tracking link (links.get is a query)
    // and cancelled the visit with it, got a display link, and listed every account's email.
    const fixture = await createHospitalFixture({ appointments: [{ at: "11:00" }] });
    const owner = await account("ADMIN", fixture);
    const admin = await asStaff(owner.id);
    const query = (secret: string, path: string, input: unknown) =>
      path === "display.link" // a change: POST
        ? request(`${server.url}/api/trpc/${path}`, {
            method: "POST",
            headers: { authorization: `Bearer ${secret}`, "content-type": "application/json" },
            body: JSON.stringify({ json: input }),
            from,
          })
        : request(
            `${server.url}/api/trpc/${path}?input=${encodeURIComponent(JSON.stringify({ json: input }))}`,
            {
              headers: { authorization: `Bearer ${secret}` },
              from,
            },
          );
    const appointmentId = fixture.appointments[0]!.id;
    const { secret: reader } = await admin.staff.createToken({ name: "reader", scopes: ["read"] });
    for (const [path, input, scope] of [
      ["links.get", { appointmentId }, "intake"],
      ["display.link", { doctorId: fixture.doctor.id }, "queue"],
      ["adminStaff.list", undefined, "admin"],
    ] as const) {
      const reply = await query(reader, path, input);
      expect([path, reply.status, trpcError(reply)?.reason]).toEqual([path, 403, "TOKEN_SCOPE_MISSING"]);
      expect(trpcError(reply)?.message).toContain(`"${scope}"`);
    }
    const { secret: intake } = await admin.staff.createToken({ name: "desk", scopes: ["read", "intake"] });
    expect((await query(intake, "links.get", { appointmentId })).status).toBe(200);
    const { secret: queue } = await admin.staff.createToken({ name: "screens", scopes: ["read", "queue"] });
    expect((await query(queue, "display.link", { doctorId: fixture.doctor.id })).status).toBe(200);
  });

  it("a token without the admin scope, a receptionist, and another hospital's staff are refused", async () => {
    const admin = await asStaff(adminId);
    const { secret: readOnly } = await admin.staff.createToken({ name: "reader", scopes: ["read"] });
    const r1 = await api("/admin/staff", "GET", { authorization: `Bearer ${readOnly}` });
    expect(r1.status).toBe(403);
    expect(JSON.parse(r1.text)).toMatchObject({ error: { code: "TOKEN_SCOPE_MISSING" } });

    const reception = { cookie: await sessionCookieFor(fx.receptionist) };
    const r2 = await api("/admin/staff", "GET", reception);
    expect(r2.status).toBe(403);
    expect(JSON.parse(r2.text)).toMatchObject({ error: { code: "ROLE_NOT_ALLOWED" } });
    const r3 = await api("/admin/staff", "POST", reception, {
      name: "X",
      email: "x@test.local",
      role: "ADMIN",
    });
    expect(r3.status).toBe(403);

    const theirs = await account("RECEPTIONIST", other);
    const cookie = { cookie: await sessionCookieFor({ id: adminId }) };
    const cross = await api(`/admin/staff/${theirs.id}`, "PATCH", cookie, { active: false });
    const missing = await api("/admin/staff/cmissing000000000000000000", "PATCH", cookie, { active: false });
    expect([cross.status, missing.status]).toEqual([404, 404]);
    expect(JSON.parse(cross.text)).toEqual(JSON.parse(missing.text));
    expect((await findStaffForSession(theirs.id))?.active).toBe(true);
  });

  it("lists every token of the hospital with its owner, and revokes any of them (not another hospital's)", async () => {
    const admin = await asStaff(adminId);
    const reception = await asStaff(fx.receptionist.id);
    const theirs = await (await asStaff(fx.receptionist.id)).staff.createToken({
      name: "kiosk",
      scopes: ["read"],
    });
    const tokens = await admin.adminStaff.tokens();
    expect(tokens.find((t) => t.id === theirs.id)).toMatchObject({
      name: "kiosk",
      staff: { id: fx.receptionist.id, name: fx.receptionist.name },
      scopes: ["read"],
      revokedAt: null,
    });
    expect(JSON.stringify(tokens)).not.toContain(theirs.secret);
    await admin.adminStaff.revokeToken({ tokenId: theirs.id });
    const after = (await reception.staff.tokens()).find((t) => t.id === theirs.id);
    expect(after?.revokedAt).toBeInstanceOf(Date);
    const otherAdmin = await account("ADMIN", other);
    const foreign = await (await asStaff(otherAdmin.id)).staff.createToken({
      name: "theirs",
      scopes: ["read"],
    });
    await expect(admin.adminStaff.revokeToken({ tokenId: foreign.id })).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
    expect((await admin.adminStaff.tokens()).some((t) => t.id === foreign.id)).toBe(false);
  });
});
