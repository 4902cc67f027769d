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
    page.getByRole("region", { name: "By doctor" }).getByRole("button", { name: "Dr Samuel Chen" }),
  ).toBeVisible();

  // The live system figures poll: the socket count and the message rate appear.
  const system = page.getByTestId("system-figures");
  await expect(system.getByTestId("system-Open sockets")).toHaveText(/\d+/);
  await expect(system.getByTestId("system-Messages / s")).toHaveText(/\d+\.\d/, { timeout: 10_000 });
  await animationsSettled(page);
  await expectAccessible(page, "the statistics page");
  await shoot(page, "stats");

  // One doctor's statistics, picked from the table.
  await page
    .getByRole("region", { name: "By doctor" })
    .getByRole("button", { name: "Dr Samuel Chen" })
    .click();
  await expect(page.getByRole("combobox", { name: "Doctor" })).toHaveValue(doctorId);
  await expect(page.getByRole("region", { name: "By doctor" })).toHaveCount(0);
  await expect(page.getByTestId("figure-appointments")).toContainText(/Appointments\s*\d+/);
});

test("a doctor sees their own statistics only, and the header offers their screens", async ({ page }) => {
  await signIn(page, "doctor@demo.hospital", "/stats");
  await expect(page.getByRole("heading", { name: "Statistics" })).toBeVisible();
  const nav = page.getByRole("navigation", { name: "Staff screens" });
  await expect(nav.getByRole("link")).toHaveText(["Board", "My day", "Stats"]);
  await expect(page.getByRole("combobox", { name: "Doctor" }).locator("option")).toHaveText([
    "Dr Aroha Ngata",
  ]);
  await expect(page.getByTestId("figure-appointments")).toContainText(/Appointments\s*\d+/);
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/login/);
});
