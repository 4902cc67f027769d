// The patient page as patients meet it: on a phone, in their language, with the first paint
// already showing the place in line, live notices, the JS budget, and no serious a11y problems.
import fs from "node:fs";
import { gzipSync } from "node:zlib";
import { expect, request as playwrightRequest, test } from "@playwright/test";
import en from "../components/i18n/messages/en.json" with { type: "json" };
import es from "../components/i18n/messages/es.json" with { type: "json" };
import hi from "../components/i18n/messages/hi.json" with { type: "json" };
import { demoLinks, doctorIdOf, expectAccessible, shoot, staffApi } from "./screens-kit";

const PHONE = { width: 390, height: 844 };
const LANGUAGES = [
  { locale: "en", acceptLanguage: "en-NZ", messages: en },
  { locale: "hi", acceptLanguage: "hi-IN", messages: hi },
  { locale: "es", acceptLanguage: "es-MX", messages: es },
] as const;

/**
 * A patient still in line (booked or checked in), the later in the queue the better. Late in the
 * hospital's evening the demo's day may have run out of them (earlier journeys call patients in,
 * the sweeper marks the rest): then reception books a walk-in, as it would.
 */
async function waitingPatient(request: Parameters<typeof demoLinks>[0], doctorName?: string) {
  const links = (await demoLinks(request)).filter(
    (l) =>
      (l.status === "BOOKED" || l.status === "CHECKED_IN") && (!doctorName || l.doctorName === doctorName),
  );
  const found = links.at(-2) ?? links.at(-1);
  if (found) return found;
  const staff = await playwrightRequest.newContext({ baseURL: test.info().project.use.baseURL });
  try {
    const login = await staff.post("/api/trpc/auth.login", {
      data: { json: { email: "reception@demo.hospital", password: "demo-clinic-1234" } },
    });
    expect(login.ok(), await login.text()).toBeTruthy();
    const doctors = await staff.get("/api/trpc/queue.doctors");
    const doctor = ((await doctors.json()).result.data.json as { id: string; name: string }[]).find(
      (d) => d.name === (doctorName ?? "Dr Aroha Ngata"),
    );
    const walkIn = await staff.post("/api/trpc/queue.walkIn", {
      data: { json: { doctorId: doctor?.id, patientName: "Walk-in for the e2e run" } },
    });
    const body = await walkIn.json();
    expect(walkIn.ok(), JSON.stringify(body)).toBeTruthy();
    const booked = body.result.data.json as { trackingUrl: string; appointmentId: string };
    return { url: booked.trackingUrl, appointmentId: booked.appointmentId, doctorName: doctorName ?? "" };
  } finally {
    await staff.dispose();
  }
}

for (const { locale, acceptLanguage, messages } of LANGUAGES) {
  test(`patient page at 390x844 in ${locale}: position first, sentences in the browser's language`, async ({
    browser,
  }) => {
    const context = await browser.newContext({
      viewport: PHONE,
      locale: acceptLanguage,
      isMobile: true,
      hasTouch: true,
    });
    const page = await context.newPage();
    const target = await waitingPatient(page.request);

    // The server's first paint already has the place in line, in this language.
    const html = await (
      await page.request.get(target.url, { headers: { "accept-language": acceptLanguage } })
    ).text();
    expect(html).toContain('data-testid="position"');
    // The language, in the browser's regional form: times as that country writes them.
    expect(html).toContain(`lang="${acceptLanguage}"`);

    await page.goto(target.url);
    await expect(page.getByTestId("position")).toHaveText(/\d+/);
    await expect(page.getByTestId("live-indicator")).toHaveAttribute("data-mode", "live");
    await expect(page.getByText(messages.track.keepOpen)).toBeVisible();
    const sentence = (await page.getByTestId("status-message").textContent()) ?? "";
    const states = Object.values(messages.track.states).map((s) => s.split("{")[0]!.trim());
    expect(
      states.some((s) => sentence.startsWith(s)),
      `"${sentence}" is a ${locale} sentence`,
    ).toBe(true);
    await expect(page.getByTestId("people-ahead")).toBeVisible();
    if (acceptLanguage === "en-NZ") {
      // "around 2:30 pm", as New Zealand writes it, not America's "2:30 PM".
      const wait = (await page.getByTestId("wait").textContent()) ?? "";
      expect(wait).toMatch(/\d:\d\d\s(am|pm)/);
    }

    // Nothing overflows sideways on a small phone.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
    await expectAccessible(page, `the patient page (${locale})`);
    await shoot(page, `track-${locale}`);
    await context.close();
  });
}

test("the first paint shows the place in line without JavaScript, and fits 360 px", async ({ browser }) => {
  const context = await browser.newContext({
    viewport: { width: 360, height: 740 },
    javaScriptEnabled: false,
  });
  const page = await context.newPage();
  const target = await waitingPatient(page.request);
  await page.goto(target.url);
  await expect(page.getByTestId("position")).toHaveText(/^\D*\d+$/);
  await expect(page.getByTestId("status-message")).not.toBeEmpty();
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
  await context.close();
});

test("the language switcher changes the page's language and remembers it", async ({ browser }) => {
  const context = await browser.newContext({ viewport: PHONE, locale: "en-US" });
  const page = await context.newPage();
  const target = await waitingPatient(page.request);
  await page.goto(target.url);
  await expect(page.getByText(en.track.keepOpen)).toBeVisible();
  await page.getByLabel(en.track.language).selectOption("es");
  await expect(page.getByText(es.track.keepOpen)).toBeVisible();
  await expect(page.getByTestId("live-indicator")).toHaveText(es.track.live);
  // The page's main says the new language too, so a screen reader reads it in a Spanish voice.
  await expect(page.locator("main#track")).toHaveAttribute("lang", /^es/);
  await page.reload();
  await expect(page.getByText(es.track.keepOpen)).toBeVisible();
  await page.getByLabel(es.track.language).selectOption("en");
  await expect(page.getByText(en.track.keepOpen)).toBeVisible();
  await context.close();
});

test("an emergency broadcast reaches an open patient page at once", async ({ browser }) => {
  const context = await browser.newContext({
    viewport: PHONE,
    locale: "en-NZ",
    permissions: ["notifications"],
  });
  const page = await context.newPage();
  const target = await waitingPatient(page.request, "Dr Aroha Ngata");
  await page.goto(target.url);
  await expect(page.getByTestId("live-indicator")).toHaveText("Live");
  // Permission alone is not a push subscription: "Notify me" still offers one (patient-self-service.spec.ts).
  await expect(page.getByRole("button", { name: en.track.notifyMe })).toBeVisible();
  await expect(page.getByTestId("notice")).toHaveCount(0);
  await page.evaluate(() => {
    const w = window as unknown as { __noReload: boolean; __vibrations: unknown[] };
    w.__noReload = true;
    // Record the page's vibrations (the alert a patient feels with the phone in a pocket).
    w.__vibrations = [];
    navigator.vibrate = (pattern) => w.__vibrations.push(pattern) > 0;
  });

  const staff = await staffApi(browser);
  const doctorId = await doctorIdOf(staff, target.doctorName);
  const message = "Dr Ngata has been called to an emergency on the ward.";
  const sent = await staff.mutate("queue.emergency", {
    doctorId,
    message,
    priority: "high",
    estimatedDelay: 30,
  });
  expect(sent.ok, sent.error).toBe(true);

  const notice = page.getByTestId("notice");
  await expect(notice).toContainText(message);
  await expect(notice).toContainText("about 30 min");
  await expect(notice).toHaveAttribute("role", "alert");
  // The delay once, in the banner: the card's sentence does not repeat it.
  await expect(page.getByTestId("status-message")).not.toContainText("30 min");
  expect(await page.evaluate(() => (window as unknown as { __noReload?: boolean }).__noReload)).toBe(true);
  expect(
    await page.evaluate(() => (window as unknown as { __vibrations: unknown[] }).__vibrations.length),
    "the emergency notice vibrates the phone",
  ).toBeGreaterThan(0);
  await expectAccessible(page, "the patient page with a notice");
  await shoot(page, "track-notice");

  const cleared = await staff.mutate("queue.clearEmergency", { doctorId });
  expect(cleared.ok, cleared.error).toBe(true);
  await expect(notice).toHaveCount(0);
  await staff.close();
  await context.close();
});

test("a broken link says so plainly in the patient's language", async ({ browser }) => {
  const context = await browser.newContext({ viewport: PHONE, locale: "es-ES" });
  const page = await context.newPage();
  await page.goto("/track/not-a-real-link");
  await expect(page.getByRole("alert").filter({ hasText: es.track.problems.invalid })).toBeVisible();
  await expectAccessible(page, "the broken-link page");
  await shoot(page, "track-invalid");
  await context.close();
});

test("without JavaScript the language switcher still works (a form)", async ({ browser }) => {
  const context = await browser.newContext({
    viewport: { width: 360, height: 740 },
    javaScriptEnabled: false,
  });
  const page = await context.newPage();
  const target = await waitingPatient(page.request);
  await page.goto(target.url);
  await page.getByLabel(en.track.language).selectOption("es");
  await page.getByRole("button", { name: en.track.languageApply }).click();
  await expect(page.getByLabel(es.track.language)).toBeVisible();
  // Without JavaScript the page says it refreshes itself (every 30 s) and how to refresh now. Its
  // <noscript> is not rendered by this emulation (Chromium still parses with scripting on), so the
  // served markup is what is checked.
  const html = await page.content();
  expect(html).toContain(es.track.actions.noscript);
  expect(html).toContain('<meta http-equiv="refresh" content="30">');
  expect(new URL(page.url()).search, "back on the plain link").toBe("");
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
  await context.close();
});

test("a link replaced while the page is open ends it with a plain message, without a reload", async ({
  browser,
}) => {
  const context = await browser.newContext({ viewport: PHONE, locale: "en-NZ" });
  const page = await context.newPage();
  const target = await waitingPatient(page.request);
  await page.goto(target.url);
  await expect(page.getByTestId("live-indicator")).toHaveText("Live");
  await page.evaluate(() => {
    (window as unknown as { __noReload: boolean }).__noReload = true;
  });
  const staff = await staffApi(browser);
  const reissued = await staff.mutate("links.reissue", { appointmentId: target.appointmentId });
  expect(reissued.ok, reissued.error).toBe(true);
  await expect(page.getByRole("alert")).toContainText(en.track.problems.replacedTitle, { timeout: 5_000 });
  expect(await page.evaluate(() => (window as unknown as { __noReload?: boolean }).__noReload)).toBe(true);
  await staff.close();
  await context.close();
});

// The budget: 120 KB gzip for all the JavaScript the page loads. The page is served without the
// Next/React client runtime (app/track/[token]/route.ts, one script of its own); the runtime's share
// (the build's rootMainFiles) is still reported, so a page that pulls it back in shows at once.
test("the patient page's JavaScript is measured and stays within 120 KB gzip", async ({ browser }) => {
  const context = await browser.newContext({ viewport: PHONE });
  const page = await context.newPage();
  const scripts = new Set<string>();
  page.on("response", (r) => {
    if (r.request().resourceType() === "script") scripts.add(r.url());
  });
  const target = await waitingPatient(page.request);
  await page.goto(target.url);
  await page.waitForLoadState("networkidle");
  await expect(page.getByTestId("live-indicator")).toHaveText("Live");
  const runtime = new Set<string>(
    JSON.parse(fs.readFileSync(".next/build-manifest.json", "utf8")).rootMainFiles.map(
      (f: string) => `/_next/${f}`,
    ),
  );
  const chunks: { url: string; gzipBytes: number; runtime: boolean }[] = [];
  for (const url of scripts) {
    const body = await (await page.request.get(url)).body();
    const path = new URL(url).pathname;
    chunks.push({ url: path, gzipBytes: gzipSync(body, { level: 9 }).length, runtime: runtime.has(path) });
  }
  const total = chunks.reduce((n, c) => n + c.gzipBytes, 0);
  const own = chunks.filter((c) => !c.runtime).reduce((n, c) => n + c.gzipBytes, 0);
  const kb = (n: number) => Number((n / 1024).toFixed(1));
  const report = { totalKb: kb(total), runtimeKb: kb(total - own), pageOwnKb: kb(own), chunks };
  fs.mkdirSync("test-results", { recursive: true });
  fs.writeFileSync("test-results/js-budget.json", JSON.stringify(report, null, 2));
  console.info(
    `[js-budget] /track/[token]: ${report.totalKb} KB gzip total = ${report.runtimeKb} KB Next/React runtime + ${report.pageOwnKb} KB page (${chunks.length} chunks)`,
  );
  expect(chunks.length, "the page loads its script").toBeGreaterThan(0);
  expect(total).toBeLessThanOrEqual(120 * 1024);
  await context.close();
});
