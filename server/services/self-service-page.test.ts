// The patient page's action forms without JavaScript: POST to the page itself, then back to it
// (303) saying what happened, in the patient's language; another site's form is refused.
import { NextRequest } from "next/server";
import { expect, it } from "vitest";
import { POST as trackForm, GET as trackPage } from "../../app/track/[token]/route.ts";
import { getDb } from "../db/client.ts";
import { trackingTokenFor } from "../security/kit.ts";
import { createHospitalFixture } from "../test/fixtures.ts";
import { describeNeeding } from "../test/needs.ts";
import { checkInCodeOf } from "./check-in-codes.ts";

const post = (token: string, fields: Record<string, string>, headers: Record<string, string> = {}) =>
  trackForm(
    new NextRequest(`http://localhost/track/${token}`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", ...headers },
      body: new URLSearchParams(fields).toString(),
    }),
    { params: Promise.resolve({ token }) },
  );

describeNeeding(["pg"], "the page's forms without JavaScript", () => {
  it("checks in, reports lateness and cancels (only when confirmed), each redirecting back", async () => {
    const fx = await createHospitalFixture({ appointments: [{ at: "10:00" }, { at: "10:00" }] });
    const [a, b] = fx.appointments as [(typeof fx.appointments)[0], (typeof fx.appointments)[0]];
    const tokenA = await trackingTokenFor(a);
    const tokenB = await trackingTokenFor(b);
    const code = checkInCodeOf({ hospitalId: fx.hospital.id, doctorId: fx.doctor.id, date: fx.date }).code;

    const wrong = await post(tokenA, { action: "check-in", code: code === "AAAAA" ? "CCCCC" : "AAAAA" });
    expect(wrong.status).toBe(303);
    expect(wrong.headers.get("location")).toBe(`/track/${tokenA}?refused=CHECK_IN_CODE_WRONG`);
    const here = await post(tokenA, { action: "check-in", code });
    expect(here.headers.get("location")).toBe(`/track/${tokenA}?done=check-in`);
    expect((await getDb().appointment.findUnique({ where: { id: a.id } }))!.checkedInBy).toBe("patient");

    // As a browser posts the page's form: its no-referrer policy makes the Origin "null", and
    // Sec-Fetch-Site says it is the page's own; an opaque Origin from another site is refused.
    const nullElsewhere = await post(
      tokenB,
      { action: "late", minutes: "20" },
      { origin: "null", "sec-fetch-site": "cross-site" },
    );
    expect(nullElsewhere.headers.get("location")).toBe(`/track/${tokenB}?refused=CROSS_SITE_REQUEST`);
    expect(
      (await post(tokenB, { action: "late", minutes: "20" }, { origin: "null" })).headers.get("location"),
    ).toBe(`/track/${tokenB}?refused=CROSS_SITE_REQUEST`);
    const late = await post(
      tokenB,
      { action: "late", minutes: "20" },
      { origin: "null", "sec-fetch-site": "same-origin" },
    );
    expect(late.headers.get("location")).toBe(`/track/${tokenB}?done=late`);
    const unconfirmed = await post(tokenB, { action: "cancel" });
    expect(unconfirmed.headers.get("location")).toBe(`/track/${tokenB}?refused=BAD_REQUEST`);
    expect((await getDb().appointment.findUnique({ where: { id: b.id } }))!.status).toBe("BOOKED");
    const crossSite = await post(
      tokenB,
      { action: "cancel", confirm: "yes" },
      { "sec-fetch-site": "cross-site" },
    );
    expect(crossSite.headers.get("location")).toBe(`/track/${tokenB}?refused=CROSS_SITE_REQUEST`);
    expect((await getDb().appointment.findUnique({ where: { id: b.id } }))!.status).toBe("BOOKED");
    const cancelled = await post(tokenB, { action: "cancel", confirm: "yes" });
    expect(cancelled.headers.get("location")).toBe(`/track/${tokenB}?done=cancel`);
    expect((await getDb().appointment.findUnique({ where: { id: b.id } }))!.status).toBe("CANCELLED");

    // The page it lands on says so, refreshes itself without JavaScript, and has its actions.
    const page = await trackPage(
      new NextRequest(`http://localhost/track/${tokenB}?done=cancel`, {
        headers: { accept: "text/html", "accept-language": "es" },
      }),
      { params: Promise.resolve({ token: tokenB }) },
    );
    const html = await page.text();
    expect(html).toContain("Su cita está cancelada");
    expect(html).toContain('<noscript><meta http-equiv="refresh" content="30"></noscript>');
    expect(html).toContain("Conectando…");
    const open = await (
      await trackPage(
        new NextRequest(`http://localhost/track/${tokenA}`, { headers: { accept: "text/html" } }),
        {
          params: Promise.resolve({ token: tokenA }),
        },
      )
    ).text();
    expect(open).toContain('data-act="cancel"');
    // Its time (10:00, the clock at 10:20 or later) has passed: no calendar entry is offered for it.
    expect(open).not.toContain(`/api/appointments/track/${tokenA}/calendar.ics`);
    expect(open).toMatch(/<h1[^>]*>/);
  });
});

describeNeeding(["pg"], "a link with a broken escape in it", () => {
  it.each(["%", "%E0", "%ZZ", "%C0%AE"])(
    "%s: the page for a link that is not valid, not a 500, GET or POST",
    async (raw) => {
      const page = await trackPage(
        new NextRequest(`http://localhost/track/${encodeURIComponent(raw)}`, {
          headers: { accept: "text/html" },
        }),
        { params: Promise.resolve({ token: raw }) },
      );
      expect(page.status).toBeLessThan(500);
      expect(await page.text()).toMatch(/not valid/i);
      const form = await post(raw, { action: "cancel", confirm: "yes" });
      expect(form.status).toBeLessThan(500);
    },
  );
});
