// Every screen on any date, and a board that reads right on a tablet and a phone: a past day is read
// only on the board and the doctor's page, a bad `?date=` falls back to today, each role lands on its
// own home, the tab names the product, a tablet shows at least six patients and a phone shows cards.
// The demo's today is 2026-03-11 (the e2e clock); the demo data is shared with the other specs, so
// nothing here changes a queue.
import { expect, type Page, test } from "@playwright/test";
import { shoot, signIn } from "./screens-kit";

const TODAY = "2026-03-11";
const PAST = "2026-03-02";

async function signInFresh(page: Page, email: string) {
  await page.goto("/login");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill("demo-clinic-1234");
  await page.getByRole("button", { name: "Sign in" }).click();
}

/** The doctor with the most patients waiting today (the other specs call some of them). */
async function busiestTab(page: Page) {
  const tabs = page.getByRole("tab");
  await expect(tabs.first()).toBeVisible();
  let best = { i: 0, waiting: -1 };
  for (let i = 0; i < (await tabs.count()); i++) {
    const waiting = Number(((await tabs.nth(i).textContent()) ?? "").match(/(\d+) waiting/)?.[1] ?? 0);
    if (waiting > best.waiting) best = { i, waiting };
  }
  await tabs.nth(best.i).click();
  return best.waiting;
}

test("a past day is read only on the board: no call next, walk-in, notice, pause or check-in", async ({
  page,
}) => {
  await page.setViewportSize({ width: 1440, height: 900 });
  await signIn(page, "reception@demo.hospital", `/board?date=${PAST}`);
  const panel = page.getByRole("tabpanel");
  await expect(page.getByText(/Monday 2 March · read only/)).toBeVisible();
  await expect(panel.getByTestId("read-only")).toHaveText("This day is over: read only.");
  for (const name of [
    "Call next",
    "Walk-in",
    "Emergency notice",
    "Announce a delay",
    "Pause queue",
    "Check in",
    "Clinic-wide notice",
  ]) {
    await expect(page.getByRole("button", { name, exact: true })).toHaveCount(0);
  }
  await expect(panel.getByText("No patients on this day.")).toBeVisible();
  await expect(panel.getByText(/yet\./)).toHaveCount(0);

  // The day follows the controls and stays in the address; today drops it.
  await page.getByRole("button", { name: "Next day" }).click();
  await expect(page).toHaveURL(/\/board\?date=2026-03-03$/);
  await page.getByRole("button", { name: "Today", exact: true }).click();
  await expect(page).toHaveURL(/\/board$/);
  await expect(page.getByRole("button", { name: "Call next" })).toBeEnabled();
  await shoot(page, "board-desktop", false);
});

test("a later day takes bookings but nobody can be called; a bad date is today", async ({ page }) => {
  await page.setViewportSize({ width: 1440, height: 900 });
  await signIn(page, "reception@demo.hospital", "/board?date=2026-03-12");
  const panel = page.getByRole("tabpanel");
  await expect(panel.getByRole("button", { name: "Call next" })).toBeDisabled();
  await expect(panel.getByTestId("call-next-why")).toHaveText("Patients can be called on the day itself.");
  await expect(panel.getByRole("button", { name: "Emergency notice" })).toHaveCount(0);
  await expect(panel.getByRole("button", { name: "Announce a delay" })).toHaveCount(0);

  for (const bad of ["2026-02-30", "yesterday", "1999-01-01"]) {
    await page.goto(`/board?date=${bad}`);
    await expect(page.getByText(/Wednesday 11 March · today/)).toBeVisible();
  }
});

test("the doctor lands on their own day; a past day there is read only and the week links to each day", async ({
  page,
}) => {
  await page.setViewportSize({ width: 1440, height: 900 });
  await signInFresh(page, "doctor@demo.hospital");
  await expect(page).toHaveURL(/\/doctor$/);
  await expect(page).toHaveTitle("Doctor's day · Patient Queue");
  await expect(page.getByRole("heading", { name: "My day" })).toBeVisible();

  const week = page.getByTestId("week-overview");
  await expect(week.getByRole("link")).toHaveCount(7);
  await expect(week.getByRole("link", { name: /Wed 11 · today/ })).toHaveAttribute("aria-current", "date");
  await expect(week.getByRole("link", { name: /Wed 11/ })).toContainText(/\d+ booked · \d+ free/);
  await shoot(page, "doctor-week-desktop");

  await week.getByRole("link", { name: /Mon 9/ }).click();
  await expect(page).toHaveURL(/\/doctor\?date=2026-03-09$/);
  await expect(page.getByTestId("call-next-why")).toHaveText("This day is over: read only.");
  await expect(page.getByRole("button", { name: "Call next" })).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Announce a delay" })).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Pause queue" })).toHaveCount(0);
});

test("each role's home, and the tab names the product", async ({ page }) => {
  await signInFresh(page, "reception@demo.hospital");
  await expect(page).toHaveURL(/\/board$/);
  await expect(page).toHaveTitle("Reception board · Patient Queue");
  await page.goto("/");
  await expect(page).toHaveURL(/\/board$/);
  await page.context().clearCookies();

  await signInFresh(page, "admin@demo.hospital");
  await expect(page).toHaveURL(/\/admin(\/[a-z]+)?$/);
  await expect(page).not.toHaveTitle(/patient-queue/);

  // A safe `next` still wins.
  await page.context().clearCookies();
  await signIn(page, "admin@demo.hospital", `/board?date=${TODAY}`);
});

test("a tablet shows at least six patients of the queue without scrolling", async ({ page }) => {
  await page.setViewportSize({ width: 1024, height: 768 });
  await signIn(page, "reception@demo.hospital", "/board");
  const waiting = await busiestTab(page);
  expect(waiting, "the demo has a queue long enough to tell").toBeGreaterThanOrEqual(6);
  const rows = page.getByRole("tabpanel").locator('tr[data-testid^="entry-"]');
  await expect(rows.first()).toBeVisible();
  const inView = await rows.evaluateAll(
    (els) => els.filter((e) => e.getBoundingClientRect().bottom <= window.innerHeight).length,
  );
  expect(inView).toBeGreaterThanOrEqual(6);
  await shoot(page, "board-tablet", false);
});

test("a phone shows each patient as a card with its actions, never a table scrolling sideways", async ({
  page,
}) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await signIn(page, "reception@demo.hospital", "/board");
  await busiestTab(page);
  const row = page.getByRole("tabpanel").locator('tr[data-testid^="entry-"]').first();
  await expect(row).toBeVisible();
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  expect(await row.evaluate((e) => getComputedStyle(e).display)).toBe("grid");
  const box = await row.boundingBox();
  expect(box!.x).toBeGreaterThanOrEqual(0);
  expect(box!.x + box!.width).toBeLessThanOrEqual(390);
  // Its name and its actions are on screen inside the card.
  for (const inside of [row.locator("td").nth(3), row.getByRole("button", { name: /More for ticket/ })]) {
    const b = await inside.boundingBox();
    expect(b!.x + b!.width).toBeLessThanOrEqual(390);
  }
  await shoot(page, "board-phone", false);
});
