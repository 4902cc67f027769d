// The one signer and checker behind sessions, tracking links and display links.
import { decodeJwt, jwtVerify, SignJWT } from "jose";
import { afterEach, describe, expect, it } from "vitest";
import { z } from "zod";
import { clockFrom, setClock } from "../clock.ts";
import { signHs256, type TokenKind, verifyHs256 } from "./hs256.ts";

const SECRET = "s".repeat(40);
const KIND: TokenKind = { audience: "patient-queue:test", issuer: "patient-queue" };
const claims = z.object({ sub: z.string(), n: z.number().int() });
const AT = new Date("2026-06-04T10:00:00Z");
const key = new TextEncoder().encode(SECRET);

const sign = (opts: { expiresAt?: Date; kind?: TokenKind; n?: unknown } = {}) =>
  signHs256(
    opts.kind ?? KIND,
    { n: opts.n ?? 7 },
    {
      subject: "a1",
      expiresAt: opts.expiresAt ?? new Date(AT.getTime() + 3_600_000),
      secret: SECRET,
    },
  );

/** A token built by hand, to say what our signer never would. */
const handMade = (build: (jwt: SignJWT) => SignJWT, alg = "HS256") =>
  build(new SignJWT({ n: 7 }).setProtectedHeader({ alg }).setSubject("a1").setAudience(KIND.audience))
    .setIssuer("patient-queue")
    .sign(key);

afterEach(() => setClock(null));

describe("signHs256 / verifyHs256", () => {
  it("round-trips the claims, with the expiry, at the server clock's time", async () => {
    setClock(clockFrom(AT, { frozen: true }));
    const token = await sign();
    await expect(verifyHs256(token, KIND, claims, SECRET)).resolves.toEqual({
      ok: true,
      claims: { sub: "a1", n: 7 },
      expiresAt: new Date(AT.getTime() + 3_600_000),
      issuedAt: AT,
    });
    expect(decodeJwt(token)).toMatchObject({
      iat: AT.getTime() / 1000,
      aud: KIND.audience,
      iss: "patient-queue",
    });
  });

  it("says an expired token expired, and only a genuine one", async () => {
    setClock(clockFrom(AT, { frozen: true }));
    const token = await sign({ expiresAt: new Date(AT.getTime() + 60_000) });
    setClock(clockFrom(new Date(AT.getTime() + 120_000), { frozen: true }));
    expect(await verifyHs256(token, KIND, claims, SECRET)).toEqual({ ok: false, expired: true });
    expect(await verifyHs256(token, KIND, claims, "t".repeat(40))).toEqual({ ok: false, expired: false });
  });

  it("refuses another audience, another issuer, another key, a tampered or malformed token", async () => {
    setClock(clockFrom(AT, { frozen: true }));
    const token = await sign();
    const refused = { ok: false, expired: false };
    expect(await verifyHs256(token, { ...KIND, audience: "patient-queue:other" }, claims, SECRET)).toEqual(
      refused,
    );
    expect(await verifyHs256(token, { ...KIND, issuer: "someone-else" }, claims, SECRET)).toEqual(refused);
    expect(await verifyHs256(token, KIND, claims, "t".repeat(40))).toEqual(refused);
    const [h, p, s] = token.split(".");
    const tampered = `${h}.${p!.slice(0, -2)}${p!.endsWith("A") ? "B" : "A"}${p!.slice(-1)}.${s}`;
    expect(await verifyHs256(tampered, KIND, claims, SECRET)).toEqual(refused);
    expect(await verifyHs256("not a token", KIND, claims, SECRET)).toEqual(refused);
    expect(await verifyHs256(`${token}${"x".repeat(2048)}`, KIND, claims, SECRET)).toEqual(refused);
  });

  it("verifies only the spelling it signed: the signature's spare bits spelt otherwise are refused", async () => {
    // 32 signature bytes are 43 base64url characters, the last holding 2 spare bits: 3 more
    // spellings jose accepts, which made per-token limits count each apart (an attacker's probe).
    setClock(clockFrom(AT, { frozen: true }));
    const token = await sign();
    const ABC = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    const last = ABC.indexOf(token.at(-1)!);
    const variants = [1, 2, 3].map((spare) => `${token.slice(0, -1)}${ABC[last ^ spare]}`);
    for (const variant of variants) {
      await expect(jwtVerify(variant, key, { currentDate: AT })).resolves.toBeTruthy(); // jose: the same bytes
      expect(await verifyHs256(variant, KIND, claims, SECRET)).toEqual({ ok: false, expired: false });
    }
    expect((await verifyHs256(token, KIND, claims, SECRET)).ok).toBe(true);
  });

  it("refuses claims the schema does not accept", async () => {
    setClock(clockFrom(AT, { frozen: true }));
    expect(await verifyHs256(await sign({ n: "7" }), KIND, claims, SECRET)).toEqual({
      ok: false,
      expired: false,
    });
  });

  it("requires an expiry and an issue time, refuses an issue time in the future and any other algorithm", async () => {
    setClock(clockFrom(AT, { frozen: true }));
    const iat = AT.getTime() / 1000;
    const exp = iat + 3600;
    const cases = {
      "no expiry": await handMade((j) => j.setIssuedAt(iat)),
      "no issue time": await handMade((j) => j.setExpirationTime(exp)),
      "issued in 2 minutes": await handMade((j) => j.setIssuedAt(iat + 120).setExpirationTime(exp)),
      HS512: await handMade((j) => j.setIssuedAt(iat).setExpirationTime(exp), "HS512"),
    };
    for (const [name, token] of Object.entries(cases)) {
      expect(await verifyHs256(token, KIND, claims, SECRET), name).toEqual({ ok: false, expired: false });
    }
    // The same hand-made token with both claims and an issue time within the skew is fine.
    const fine = await handMade((j) => j.setIssuedAt(iat + 30).setExpirationTime(exp));
    expect((await verifyHs256(fine, KIND, claims, SECRET)).ok).toBe(true);
  });
});
