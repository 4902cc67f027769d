// Sign-in over real HTTP: an unknown email costs the same password hash as a known one (so timing
// cannot list the accounts); wrong passwords slow down the (account, address) pair, never lock the
// owner out of the address they sign in from; one email may have accounts in several hospitals, and
// the password decides which one opens (the same email and password in two: a plain CONFLICT).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hashPassword, passwordWork } from "../auth/password.ts";
import { getDb } from "../db/client.ts";
import { LIMITS } from "../http/rate-limit.ts";
import { startTestServer } from "../test/server.ts";
import { createHospital, freshIp, type Hospital, trpcError, trpcHttp } from "./kit.ts";

let h: Hospital;
let other: Hospital;
let server: Awaited<ReturnType<typeof startTestServer>>;

beforeAll(async () => {
  [h, other] = await Promise.all([createHospital([]), createHospital([])]);
  server = await startTestServer();
});
afterAll(async () => {
  await server?.close();
});

const login = (email: string, password: string, from: string) =>
  trpcHttp(server.url, "auth.login", "mutation", { email, password }, { from });

/** The password hashes one sign-in computed (the counter is this process's; the server runs in it). */
async function hashesOf(send: () => Promise<unknown>) {
  const before = passwordWork.derivations;
  await send();
  return passwordWork.derivations - before;
}

async function addAccount(hospitalId: string, email: string, password: string) {
  return getDb().staffUser.create({
    data: {
      hospitalId,
      email,
      name: "Shared Person",
      role: "RECEPTIONIST",
      passwordHash: await hashPassword(password),
    },
  });
}

describe("timing", () => {
  it("an unknown email is checked against a dummy hash: one hash, like a known email with a wrong password", async () => {
    const from = freshIp();
    expect(await hashesOf(() => login(`nobody-${Date.now()}@test.local`, "a long password", from))).toBe(1);
    expect(await hashesOf(() => login(h.staff.ADMIN.email, "not the password", from))).toBe(1);
    const unknown = await login(`nobody-else-${Date.now()}@test.local`, "a long password", from);
    const wrong = await login(h.staff.ADMIN.email, "not the password", from);
    expect(unknown.status).toBe(401);
    expect(trpcError(unknown)).toEqual(trpcError(wrong));
  });
});

describe("wrong passwords", () => {
  it("from many addresses do not lock the owner out of the address they sign in from", {
    timeout: 60_000,
  }, async () => {
    const victim = h.staff.DOCTOR.email;
    const home = freshIp();
    expect((await login(victim, "a long password", home)).status).toBe(200);
    // More failures than the account-wide limit, from addresses that never signed in to it.
    const attackers = Array.from(
      { length: Math.ceil(LIMITS.loginAccount.points / LIMITS.loginAddress.points) + 1 },
      freshIp,
    );
    for (const from of attackers) {
      const statuses = await Promise.all(
        Array.from({ length: LIMITS.loginAddress.points }, () => login(victim, "guess", from)),
      );
      for (const r of statuses) expect([401, 429]).toContain(r.status);
    }
    // Each attacking address is held for this account ...
    expect((await login(victim, "guess", attackers[0]!)).status).toBe(429);
    // ... and the account as a whole for addresses it never signed in from ...
    expect((await login(victim, "a long password", freshIp())).status).toBe(429);
    // ... but its owner still signs in from their usual address.
    expect((await login(victim, "a long password", home)).status).toBe(200);
  });

  it("slow down the (account, address) pair: the same address still signs in to other accounts, the account from elsewhere", async () => {
    const from = freshIp();
    const account = h.staff.ADMIN.email;
    for (let i = 0; i < LIMITS.loginAddress.points; i++)
      expect((await login(account, "wrong", from)).status).toBe(401);
    const held = await login(account, "a long password", from);
    expect(held.status).toBe(429);
    expect(Number(held.headers["retry-after"])).toBeGreaterThan(0);
    expect((await login(h.staff.RECEPTIONIST.email, h.password, from)).status).toBe(200);
    expect((await login(account, "a long password", freshIp())).status).toBe(200);
  });

  it("a success clears the pair's failures", async () => {
    const from = freshIp();
    const account = other.staff.ADMIN.email;
    for (let i = 0; i < LIMITS.loginAddress.points - 1; i++) await login(account, "wrong", from);
    expect((await login(account, "a long password", from)).status).toBe(200);
    for (let i = 0; i < LIMITS.loginAddress.points - 1; i++)
      expect((await login(account, "wrong", from)).status).toBe(401);
    expect((await login(account, "a long password", from)).status).toBe(200);
  });
});

describe("one email in several hospitals", () => {
  it("signs in to the account whose password matches, checking every account the same way", async () => {
    const email = `shared-${Date.now()}@test.local`;
    await addAccount(h.hospital.id, email, "first hospital pass");
    await addAccount(other.hospital.id, email, "second hospital pass");
    const from = freshIp();
    for (const [password, hospital] of [
      ["first hospital pass", h.hospital.name],
      ["second hospital pass", other.hospital.name],
    ] as const) {
      let reply: Awaited<ReturnType<typeof login>> | undefined;
      expect(await hashesOf(async () => (reply = await login(email, password, from)))).toBe(2);
      expect(reply!.status).toBe(200);
      const cookie = String(reply!.headers["set-cookie"]).split(";")[0]!;
      const me = await trpcHttp(server.url, "auth.me", "query", undefined, { cookie, from });
      expect(JSON.parse(me.text).result.data.json.hospital).toBe(hospital);
    }
    expect((await login(email, "neither of them", from)).status).toBe(401);
  });

  it("the same email AND password in two hospitals is a plain CONFLICT (a deactivated one does not count)", async () => {
    const email = `twin-${Date.now()}@test.local`;
    const first = await addAccount(h.hospital.id, email, "one password twice");
    await addAccount(other.hospital.id, email, "one password twice");
    const from = freshIp();
    const reply = await login(email, "one password twice", from);
    expect(reply.status).toBe(409);
    expect(trpcError(reply)).toMatchObject({
      reason: "ACCOUNT_AMBIGUOUS",
      message: expect.stringMatching(/more than one hospital/),
    });
    await getDb().staffUser.update({ where: { id: first.id }, data: { active: false } });
    expect((await login(email, "one password twice", from)).status).toBe(200);
  });
});
