// Reception's day (issue 12): a patient moved to tomorrow with another doctor while their page is
// open (the page follows them live), a no-show scheduled ahead on the row with its "Cancel no-show",
// and the appointments export downloaded with the desk's own session.
// The business clock starts at Wed 2026-03-11 10:20 Pacific/Auckland: tomorrow is Thursday.
import { type Browser, expect, type Page, test } from "@playwright/test";
import { doctorWorkingOn, shoot, signIn, staffApi } from "./screens-kit";

const TODAY = "2026-03-11";
const TOMORROW = "2026-03-12";
const TZ = "Pacific/Auckland";

const toast = (page: Page, text: string | RegExp) =>
  page.locator("[data-sonner-toast]").filter({ hasText: text });
const clock = (iso: string) =>
  new Intl.DateTimeFormat("en", { hour: "numeric", minute: "2-digit", timeZone: TZ }).format(new Date(iso));
/** "13:30", as the staff screens write times. */
const staffClock = (iso: string) =>
  new Intl.DateTimeFormat("en-GB", { hour: "2-digit", minute: "2-digit", timeZone: TZ }).format(
    new Date(iso),
  );
/** The server's business time (the e2e server's clock, not this machine's). */
async function serverNow(page: Page) {
  const res = await page.request.get("/api/demo/links");
  return Date.parse((await res.json()).now);
}

test("a patient rescheduled to tomorrow with another doctor: their open page shows the new day and time", async ({
  page,
  browser,
}) => {
  const api = await staffApi(browser);
  const today = await doctorWorkingOn(api, TODAY);
  const tomorrow = await doctorWorkingOn(api, TOMORROW, [today.id]);
  // A later hour of today, so the appointment is not marked a no-show meanwhile.
  const from = today.free.filter((f) => Date.parse(f.start) > Date.parse("2026-03-10T22:00:00Z"))[0]!;
  const made = await api.mutate<{ appointmentId: string; ticket: number; trackingToken: string }>(
    "appointments.create",
    {
      doctorId: today.id,
      patientName: "Tamati Rescheduled",
      scheduledAt: from.start,
      idempotencyKey: `e2e-reschedule-${Date.now()}`,
    },
  );
  expect(made.ok, made.error).toBeTruthy();
  await api.close();

  // The patient's page, open and live before the move.
  const patientContext = await browser.newContext({ viewport: { width: 390, height: 844 } });
  const patient = await patientContext.newPage();
  await patient.goto(`/track/${made.data.trackingToken}`);
  await expect(patient.getByTestId("live-indicator")).toHaveText(/Live/);
  await expect(patient.locator("body")).toContainText(`at ${clock(from.start)}`);
  await expect(patient.locator("body")).toContainText(today.name);
  // A marker that a reload would wipe: the new day must arrive over the socket.
  await patient.evaluate(() => {
    (window as unknown as { __noReload: boolean }).__noReload = true;
  });

  await page.setViewportSize({ width: 1440, height: 900 });
  await signIn(page, "reception@demo.hospital", "/board");
  const box = page.getByRole("combobox", { name: /Find a patient/ });
  await box.pressSequentially("Rescheduled");
  await expect(page.getByRole("option", { name: /Tamati Rescheduled/ })).toHaveAttribute(
    "aria-selected",
    "true",
  );
  await page.getByRole("button", { name: "Reschedule" }).click();
  const dialog = page.getByRole("dialog", { name: `Reschedule ticket ${made.data.ticket}` });
  await dialog.getByLabel("Day").fill(TOMORROW);
  await dialog.getByLabel("Doctor").selectOption(tomorrow.id);
  // The booking's slot picker, for the new doctor and day: the best is chosen, another can be.
  const picker = dialog.getByTestId("slot-picker");
  await expect(picker.getByText("Suggested")).toBeVisible();
  const target = tomorrow.free[1]!;
  await picker.locator(`input[value="${target.label}"]`).check();
  await shoot(page, "board-reschedule-other-day", false);
  await dialog.getByRole("button", { name: "Reschedule" }).click();
  await expect(dialog).toBeHidden();
  await expect(
    toast(page, new RegExp(`Tamati Rescheduled moved to ${tomorrow.name}, Thursday`)),
  ).toBeVisible();

  // The open page follows the appointment to Thursday, with the new doctor and time, without a reload.
  const body = patient.locator("body");
  await expect(body).toContainText(`at ${clock(target.start)}`);
  await expect(body).toContainText(tomorrow.name);
  await expect(body).toContainText("Thursday");
  await expect(patient.getByTestId("live-indicator")).toHaveText(/Live/);
  expect(await patient.evaluate(() => (window as unknown as { __noReload?: boolean }).__noReload)).toBe(true);
  await shoot(patient, "patient-rescheduled");
  await patientContext.close();
});

test("a no-show scheduled ahead shows on the row (desktop, phone) and the doctor's page, and is cancelled there", async ({
  page,
  browser,
}) => {
  // Urgent, so they are among the first few in line on the doctor's page.
  const { api, doctor, made } = await bookLaterToday(page, browser, "Hemi Maybe", { priority: "URGENT" });
  const marked = await api.mutate<{ scheduled: boolean; noShowDueAt: string }>("queue.markNoShow", {
    appointmentId: made.data.appointmentId,
    gracePeriod: 30,
  });
  expect(marked.ok, marked.error).toBeTruthy();
  expect(marked.data.scheduled).toBe(true);
  await api.close();
  const says = `No-show at ${staffClock(marked.data.noShowDueAt)} unless they check in`;

  const row = await rowOnBoard(page, doctor.name, made.data.ticket);
  await expect(row.getByTestId("scheduled-no-show")).toContainText(says);
  await expect(
    row.getByRole("button", { name: `Cancel no-show of ticket ${made.data.ticket}` }),
  ).toBeVisible();

  // The doctor's page says the same.
  const doctorPage = await page.context().newPage();
  await doctorPage.goto(`/doctor?doctor=${doctor.id}`);
  await expect(doctorPage.getByTestId(`next-${made.data.ticket}`)).toContainText(says);

  // On a phone the row is a card: the marker and the action are on it; cancelling takes it away.
  await page.setViewportSize({ width: 390, height: 844 });
  await expect(row.getByTestId("scheduled-no-show")).toBeVisible();
  await shoot(page, "board-scheduled-no-show-phone");
  await row.getByRole("button", { name: `Cancel no-show of ticket ${made.data.ticket}` }).click();
  await expect(toast(page, `The no-show of ticket ${made.data.ticket} at`)).toBeVisible();
  await expect(row.getByTestId("scheduled-no-show")).toHaveCount(0);
  // Live on the doctor's page too.
  await expect(
    doctorPage.getByTestId(`next-${made.data.ticket}`).getByTestId("scheduled-no-show"),
  ).toHaveCount(0);
  await doctorPage.close();
});

test("a patient phones to say they are running late: reception records it, the row says so and when they would be a no-show", async ({
  page,
  browser,
}) => {
  const { api, doctor, slot, made } = await bookLaterToday(page, browser, "Aroha Phoned");
  await api.close();
  const row = await rowOnBoard(page, doctor.name, made.data.ticket);
  await row.getByRole("button", { name: /More for ticket/ }).click();
  await page.getByRole("button", { name: "Running late…" }).click();
  const dialog = page.getByRole("dialog", { name: "Aroha is running late" });
  await dialog.getByRole("radio", { name: "30 min" }).check();
  await shoot(page, "board-running-late", false);
  await dialog.getByRole("button", { name: "Running late" }).click();
  await expect(dialog).toBeHidden();
  const due = staffClock(new Date(Date.parse(slot.start) + 45 * 60_000).toISOString());
  await expect(
    toast(
      page,
      `Ticket ${made.data.ticket} is running about 30 min late. Without an arrival they are marked a no-show at ${due}.`,
    ),
  ).toBeVisible();
  await expect(row.getByText("Running ~30 min late")).toBeVisible();
});

test("the appointments export downloads with the desk's session: a header, then one row per appointment", async ({
  page,
  browser,
}) => {
  await signIn(page, "admin@demo.hospital", "/board");
  const res = await page.request.get(`/api/stats/export.csv?from=${TODAY}&to=${TODAY}`);
  expect(res.status()).toBe(200);
  expect(res.headers()["content-type"]).toBe("text/csv; charset=utf-8");
  expect(res.headers()["content-disposition"]).toBe(
    `attachment; filename="appointments-${TODAY}-${TODAY}.csv"`,
  );
  const text = await res.text();
  const lines = text.split("\r\n").filter((l) => l !== "");
  expect(lines[0]).toBe(
    "date,time,doctor,ticket,patient,phone,status,priority,source,paid,booked at,checked in,called,started,ended,waited minutes,consultation minutes,note",
  );
  // As many rows as the day's appointments on the board (the demo's notes are one line each).
  const api = await staffApi(browser, "admin@demo.hospital");
  const board = await api.query<{ queues: { snapshot: { entries: unknown[] } | null }[] }>("queue.board", {
    date: TODAY,
  });
  await api.close();
  const count = board.queues.reduce((n, q) => n + (q.snapshot?.entries.length ?? 0), 0);
  expect(count).toBeGreaterThan(0);
  expect(lines).toHaveLength(count + 1);
  expect(lines.slice(1).every((l) => l.startsWith(`${TODAY},`))).toBe(true);
});

/** A doctor working today, with a patient booked into their next free slot after the server's now. */
async function bookLaterToday(
  page: Page,
  browser: Browser,
  patientName: string,
  extra: Record<string, unknown> = {},
) {
  const api = await staffApi(browser);
  const doctor = await doctorWorkingOn(api, TODAY);
  const now = await serverNow(page);
  const slot = doctor.free.find((f) => Date.parse(f.start) > now)!;
  const made = await api.mutate<{ appointmentId: string; ticket: number }>("appointments.create", {
    doctorId: doctor.id,
    patientName,
    scheduledAt: slot.start,
    idempotencyKey: `e2e-${patientName.replace(/\W+/g, "-")}-${Date.now()}`,
    ...extra,
  });
  expect(made.ok, made.error).toBeTruthy();
  return { api, doctor, slot, made };
}

/** Reception's board on a desktop, on `doctorName`'s tab: the row of `ticket`. */
async function rowOnBoard(page: Page, doctorName: string, ticket: number) {
  await page.setViewportSize({ width: 1440, height: 900 });
  await signIn(page, "reception@demo.hospital", "/board");
  await page.getByRole("tab", { name: new RegExp(doctorName) }).click();
  return page.getByTestId(`entry-${ticket}`);
}
