// The walking skeleton's promise: the receptionist acts on the board and an already open patient
// page updates live, without a reload (how fast: npm run bench:fanout).
import { expect, type Page, test } from "@playwright/test";
import { demoLinks, shoot } from "./screens-kit";

async function signIn(page: Page) {
  await page.goto("/login");
  await page.getByLabel("Email").fill("reception@demo.hospital");
  await page.getByLabel("Password").fill("demo-clinic-1234");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/board/);
}

test("check-in and call next on the board reach an open patient page live", async ({ browser }) => {
  const staffContext = await browser.newContext();
  const patientContext = await browser.newContext({ viewport: { width: 390, height: 844 } });
  const staff = await staffContext.newPage();
  const patient = await patientContext.newPage();

  const links = await demoLinks(staff.request);
  const booked = links.find((l) => l.status === "BOOKED");
  expect(booked, "the demo has a booked patient").toBeTruthy();
  const target = booked!;

  await patient.goto(target.url);
  await expect(patient.getByTestId("status-message")).toBeVisible();
  await expect(patient.getByTestId("live-indicator")).toHaveText(/Live/);
  // A marker that a reload would wipe: the update must arrive over the socket.
  await patient.evaluate(() => {
    (window as unknown as { __noReload: boolean }).__noReload = true;
  });

  await signIn(staff);
  await staff.getByRole("tab", { name: new RegExp(target.doctorName) }).click();
  const row = staff.getByTestId(`entry-${target.ticket}`);
  await expect(row.getByTestId("status")).toHaveText("Booked");

  await row.getByRole("button", { name: "Check in" }).click();
  // A patient of a later slot is early: the board asks staff to confirm.
  const anyway = staff.getByRole("button", { name: "Check in anyway" });
  const checkedIn = row.getByTestId("status").filter({ hasText: /^Checked in$/ });
  await expect(anyway.or(checkedIn)).toBeVisible();
  if (await anyway.isVisible()) await anyway.click();
  await expect(row.getByTestId("status")).toHaveText("Checked in");
  await expect(patient.getByTestId("status-message")).toContainText(/checked in|you're next|your turn/i);

  // Call next until this patient is called (present patients ahead go first).
  for (let i = 0; i < 12; i++) {
    const status = await row.getByTestId("status").textContent();
    if (status === "Called") break;
    for (const action of ["Complete", "Start"]) {
      const button = staff.getByRole("button", { name: action }).first();
      if (await button.isVisible()) await button.click();
    }
    const callNext = staff.getByRole("button", { name: "Call next" });
    const answered = staff.waitForResponse((r) => r.url().includes("queue.callNext"));
    await callNext.click();
    await answered;
    await expect(callNext).toBeEnabled(); // the board has taken the answer in
  }
  await expect(row.getByTestId("status")).toHaveText("Called");
  await expect(patient.getByTestId("status-message")).toContainText(/your turn/i);
  await expect(patient.getByTestId("state-title")).toContainText("Room");
  // A screen reader is told at once, as an alert, and not by re-reading the whole card.
  await expect(patient.locator("#track-alert")).toHaveText(/^It's your turn\. Please go to room \S+ now\.$/);
  await expect(patient.locator("#track-card")).not.toHaveAttribute("aria-live", /./);
  expect(await patient.evaluate(() => (window as unknown as { __noReload?: boolean }).__noReload)).toBe(true);

  await shoot(patient, "track-called");
  await staff.screenshot({ path: "test-results/screenshots/board.png", fullPage: true });
  await staffContext.close();
  await patientContext.close();
});

test("a tampered or malformed link gets a clear message and HTTP 400", async ({ page }) => {
  const links = await demoLinks(page.request);
  const url = new URL(links[0]!.url);
  const token = url.pathname.split("/").pop()!;
  const tampered = `${token.slice(0, -3)}${token.slice(-3) === "AAA" ? "BBB" : "AAA"}`;

  const api = await page.request.get(`/api/appointments/track/${tampered}`);
  expect(api.status()).toBe(400);
  expect((await api.json()).success).toBe(false);
  expect((await page.request.get("/api/appointments/track/not-a-token")).status()).toBe(400);

  const pageAnswer = await page.goto(`/track/${tampered}`);
  expect(pageAnswer?.status()).toBe(400);
  await expect(page.getByRole("alert").filter({ hasText: /not valid/i })).toBeVisible();
});
