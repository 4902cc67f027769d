// Session tokens and display links we sign always carry an expiry; one without (only forgeable with
// the server's key, but then never expiring) is refused like any bad token.
import { decodeJwt, SignJWT } from "jose";
import { describe, expect, it } from "vitest";
import { now as clockNow, now } from "../clock.ts";
import { env } from "../env.ts";
import { addScreen, signDisplayToken, verifyDisplayToken } from "../services/display.ts";
import { createHospitalFixture } from "../test/fixtures.ts";
import { signSession, staffFromSessionToken } from "./session.ts";

const key = () => new TextEncoder().encode(env().JWT_SECRET);

describe("required claims", () => {
  it("refuses a display link without an expiry, and accepts a proper one", async () => {
    const fx = await createHospitalFixture();
    const { id: screenId } = await addScreen(fx.hospital.id, { doctorId: fx.doctor.id, name: "Lobby" });
    const claims = { doctorId: fx.doctor.id, hospitalId: fx.hospital.id, screenId };
    const proper = await signDisplayToken(claims, new Date(clockNow().getTime() + 60_000));
    await expect(verifyDisplayToken(proper)).resolves.toMatchObject(claims);
    const forever = await new SignJWT({ hid: fx.hospital.id, sid: screenId })
      .setProtectedHeader({ alg: "HS256" })
      .setSubject(fx.doctor.id)
      .setAudience("patient-queue:display")
      .setIssuer("patient-queue")
      .setIssuedAt()
      .sign(key());
    await expect(verifyDisplayToken(forever)).rejects.toMatchObject({ code: "BAD_REQUEST" });
  });

  it("refuses a staff session token without an expiry, for a staff member whose proper one works", async () => {
    const fx = await createHospitalFixture();
    const staff = fx.receptionist;
    // A live session record, so only the missing claim can be the reason for a refusal.
    const proper = await signSession(staff);
    const { sid } = decodeJwt(proper) as { sid: string };
    const session = (exp: boolean) => {
      // Issued at the server's (business) time, as every token the server signs is.
      const jwt = new SignJWT({ sv: staff.sessionVersion, sid })
        .setProtectedHeader({ alg: "HS256" })
        .setSubject(staff.id)
        .setAudience("patient-queue:staff")
        .setIssuedAt(Math.floor(now().getTime() / 1000));
      return (exp ? jwt.setExpirationTime(Math.floor(now().getTime() / 1000) + 3600) : jwt).sign(key());
    };
    expect(await staffFromSessionToken(await session(true))).toMatchObject({ id: staff.id });
    expect(await staffFromSessionToken(await session(false))).toBeNull();
  });
});
