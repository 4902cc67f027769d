// Staff screens: sign-in, the shared header, and the statistics with charts and live system figures.
import { expect, test } from "@playwright/test";
import {
  animationsSettled,
  demoLinks,
  doctorIdOf,
  expectAccessible,
  shoot,
  signIn,
  staffApi,
} from "./screens-kit";

test("the sign-in page is plain and accessible, and a wrong password says so", async ({ page }) => {
  await page.goto("/login");
  await expect(page.getByRole("heading", { name: "Staff sign in" })).toBeVisible();
  await expectAccessible(page, "the sign-in page");
  await shoot(page, "login");
  await page.getByLabel("Email").fill("reception@demo.hospital");
  await page.getByLabel("Password").fill("wrong-password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "incorrect" })).toBeVisible();
});

test("stats render charts with the day's data, and live system figures", async ({ browser, page }) => {
  // The charts grow in with a script-driven animation, which animationsSettled cannot see, and
  // every resize below starts it again: with reduced motion (which Recharts honours) the screenshots
  // show the bars at their real height.
  await page.emulateMedia({ reducedMotion: "reduce" });
  // A finished visit and an early arrival, so every chart has something to show.
  const staff = await staffApi(browser);
  const doctorId = await doctorIdOf(staff, "Dr Samuel Chen");
  const booked = (await demoLinks(staff.request)).filter(
    (l) => l.doctorName === "Dr Samuel Chen" && l.status === "BOOKED",
  );
  for (const l of booked.slice(0, 2))
    await staff.mutate("queue.checkIn", { appointmentId: l.appointmentId, force: true });
  const called = await staff.mutate<{ appointmentId: string }>("queue.callNext", { doctorId });
  if (called.ok) {
    await staff.mutate("queue.start", { appointmentId: called.data.appointmentId });
    await staff.mutate("queue.complete", { appointmentId: called.data.appointmentId });
  }
  await staff.close();

  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto("/stats");
  await expect(page).toHaveURL(/\/login\?next=/);
  await signIn(page, "admin@demo.hospital", "/stats");
  await expect(page.getByRole("heading", { name: "Statistics" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Stats" })).toHaveAttribute("aria-current", "page");
  await expect(page.getByText("Alex Admin")).toBeVisible();

  const appointments = page.getByTestId("figure-appointments");
  await expect(appointments).toContainText(/Appointments\s*\d+/);
  expect(Number((await appointments.textContent())?.match(/Appointments\s*(\d+)/)?.[1])).toBeGreaterThan(10);
  for (const title of ["Appointments by status", "Wait distribution", "Peak hours", "Early arrivals"]) {
    const panel = page.getByRole("region", { name: title });
    await expect(panel.locator(".recharts-surface").first()).toBeVisible();
    await expect(panel.locator(".recharts-rectangle, .recharts-line-curve").first()).toBeAttached();
  }
  await expect(
    page
      .getByRole("region", { name: "By doctor", exact: true })
      .getByRole("button", { name: "Dr Samuel Chen" }),
  ).toBeVisible();

  await expect(
    page
      .getByRole("region", { name: "Estimate accuracy by doctor and day" })
      .getByRole("rowheader", { name: "Dr Samuel Chen" }),
  ).toBeVisible();
  // The visit completed above was quoted at check-in: the estimate's error is measured at once.
  await expect(page.getByTestId("figure-estimate-error")).toContainText(/Estimate error\s*\d+(\.\d)? min/);
  await animationsSettled(page);
  await expectAccessible(page, "the statistics page");
  await shoot(page, "stats");

  // The live system figures poll, on the admin's System tab: the socket count and the message rate appear.
  await page.getByRole("tab", { name: "System" }).click();
  const system = page.getByTestId("system-figures");
  await expect(system.getByTestId("system-Open sockets")).toHaveText(/\d+/);
  await expect(system.getByTestId("system-Messages / s")).toHaveText(/\d+\.\d/, { timeout: 10_000 });
  // The line under the heading speaks of this server, not of the clinic's chosen period.
  await expect(page.getByText("This server, now: refreshed every few seconds")).toBeVisible();
  await expectAccessible(page, "the statistics page's System tab");
  await page.getByRole("tab", { name: "Clinic figures" }).click();

  // Desktop and phone: the page never scrolls sideways, the by-doctor figures are cards on a phone.
  await page.setViewportSize({ width: 1440, height: 900 });
  await animationsSettled(page);
  await page.screenshot({
    path: "docs/screenshots/stats-desktop.png",
    fullPage: true,
    animations: "disabled",
  });
  await page.setViewportSize({ width: 390, height: 844 });
  await expect(
    page.getByTestId("by-doctor-cards").getByRole("button", { name: "Dr Samuel Chen" }),
  ).toBeVisible();
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await animationsSettled(page);
  await page.screenshot({ path: "docs/screenshots/stats-phone.png", fullPage: true, animations: "disabled" });
  await page.setViewportSize({ width: 1280, height: 900 });

  // A reversed period is refused at the field, in words, and the figures stay on the last good period.
  const toField = page.getByLabel("To", { exact: true });
  await toField.fill("2020-01-01");
  await expect(toField).toHaveAttribute("aria-invalid", "true");
  await expect(page.getByText("The end date must be on or after the start date.")).toBeVisible();
  await expect(page.getByText(/Could not load the statistics/)).toHaveCount(0);
  await page.getByRole("button", { name: "7 days" }).click();
  await expect(toField).not.toHaveAttribute("aria-invalid", "true");

  // One doctor's statistics, picked from the table.
  await page
    .getByRole("region", { name: "By doctor", exact: true })
    .getByRole("button", { name: "Dr Samuel Chen" })
    .click();
  await expect(page.getByRole("combobox", { name: "Doctor" })).toHaveValue(doctorId);
  await expect(page.getByRole("region", { name: "By doctor", exact: true })).toHaveCount(0);
  await expect(page.getByTestId("figure-appointments")).toContainText(/Appointments\s*\d+/);
});

test("a doctor sees their own statistics only, and the header offers their screens", async ({ page }) => {
  await signIn(page, "doctor@demo.hospital", "/stats");
  await expect(page.getByRole("heading", { name: "Statistics" })).toBeVisible();
  const nav = page.getByRole("navigation", { name: "Staff screens" });
  await expect(nav.getByRole("link")).toHaveText(["Board", "My day", "Stats"]);
  // Their own name, not a list of one to choose from.
  await expect(page.getByRole("combobox", { name: "Doctor" })).toHaveCount(0);
  await expect(page.getByTestId("stats-own-doctor")).toHaveText("Dr Aroha Ngata");
  await expect(page.getByTestId("figure-appointments")).toContainText(/Appointments\s*\d+/);
  // The engineering figures are for admins only.
  await expect(page.getByRole("tab", { name: "System" })).toHaveCount(0);
  await expect(page.getByTestId("system-figures")).toHaveCount(0);
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/login/);
});
