// Booking from the board for a later day through the slot picker, finding a patient from the
// header and acting on the match, and printing: the ticket slip (80 mm) and a doctor's day list.
// The business clock is fixed at Wed 2026-03-11 10:20 Pacific/Auckland: tomorrow is Thursday.
import { expect, type Page, test } from "@playwright/test";
import { doctorWorkingOn, shoot, signIn, staffApi } from "./screens-kit";

const TODAY = "2026-03-11";
const TOMORROW = "2026-03-12";

const toast = (page: Page, text: string | RegExp) =>
  page.locator("[data-sonner-toast]").filter({ hasText: text });

test("a patient is booked for tomorrow through the slot picker and the tracking link opens", async ({
  page,
  browser,
}) => {
  const api = await staffApi(browser);
  const doctor = await doctorWorkingOn(api, TOMORROW);
  await api.close();

  await page.setViewportSize({ width: 1440, height: 900 });
  await signIn(page, "reception@demo.hospital", "/board");
  await page.getByRole("button", { name: "Book", exact: true }).click();
  const dialog = page.getByRole("dialog", { name: "Book an appointment" });
  await dialog.getByLabel("Patient name").fill("Mere Tomorrow");
  await dialog.getByLabel("Phone (optional)").fill("021 555 0199");
  await dialog.getByLabel("Reason for the visit (optional)").fill("Follow-up on blood tests");
  await dialog.getByLabel("Doctor").selectOption(doctor.id);
  await dialog.getByLabel("Day").fill(TOMORROW);

  // In time order with the reason in words; the suggested one is chosen first, another can be picked.
  const picker = dialog.getByTestId("slot-picker");
  await expect(picker.getByText(/places? free/).first()).toBeVisible();
  const radios = picker.getByRole("radio");
  const values = await radios.evaluateAll((els) => els.map((e) => (e as HTMLInputElement).value));
  expect(values).toEqual([...values].sort());
  const suggested = picker.locator("label").filter({ hasText: "Suggested" }).getByRole("radio");
  await expect(suggested).toBeChecked();
  const other = picker.locator("label").filter({ hasNotText: "Suggested" }).filter({ hasNotText: "Full" });
  const second = other.first().getByRole("radio");
  const secondLabel = await second.getAttribute("value");
  expect(doctor.free.map((f) => f.label)).toContain(secondLabel);
  await second.check();
  await expect(second).toBeChecked();
  await shoot(page, "board-book-desktop", false);
  await page.screenshot({ path: "docs/screenshots/board-book-desktop.png" });

  await dialog.getByRole("button", { name: "Book", exact: true }).click();
  const booked = page.getByRole("dialog", { name: /^Ticket \d+ booked$/ });
  await expect(booked).toBeVisible();
  await expect(booked).toContainText("Mere Tomorrow");
  await expect(booked).toContainText(`Thursday 12 March · ${secondLabel}`);
  await expect(booked.getByTestId("tracking-qr")).toBeVisible();
  await expect(toast(page, /Booked: ticket \d+/)).toBeVisible();
  const url = await booked.getByTestId("tracking-url").inputValue();

  const patient = await page.context().newPage();
  await patient.goto(url);
  // The patient's page: their doctor and ticket (it reads times in the patient's own clock format).
  const ticket = (await booked.getByRole("heading").first().textContent())?.match(/Ticket (\d+)/)?.[1];
  await expect(patient.getByText(`${doctor.name} · Room`)).toBeVisible();
  await expect(patient.getByText(new RegExp(`\\bTicket ${ticket}\\b`)).first()).toBeVisible();
  await expect(patient.getByText(/Appointment at|Your appointment:/)).toBeVisible();
  await patient.close();

  // The day list of that doctor for tomorrow holds the booking, with its reason.
  await page.goto(`/board/print?date=${TOMORROW}&doctor=${doctor.id}`);
  const list = page.getByTestId("day-list");
  const row = list.getByRole("row").filter({ hasText: "Mere Tomorrow" });
  await expect(row).toContainText(secondLabel ?? "");
  await expect(row).toContainText("Follow-up on blood tests");
  await expect(page.getByRole("heading", { name: new RegExp(doctor.name) })).toBeVisible();
});

test("the booking dialog on a phone", async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await signIn(page, "reception@demo.hospital", "/board");
  const box = page.getByRole("combobox", { name: /Find a patient/ });
  await box.pressSequentially("Isla");
  await expect(page.getByRole("option", { name: /Isla Thompson/ })).toBeVisible();
  await shoot(page, "find-patient-phone", false);
  await box.press("Escape");
  await page.getByRole("button", { name: "Book", exact: true }).click();
  const dialog = page.getByRole("dialog", { name: "Book an appointment" });
  await dialog.getByLabel("Patient name").fill("Sione Phone");
  await dialog.getByLabel("Day").fill(TOMORROW);
  await expect(
    dialog.getByText(/places? free|is off on|does not work on|No free times/).first(),
  ).toBeVisible();
  await page.screenshot({ path: "docs/screenshots/board-book-phone.png" });
  // A refusal shows where the fix is: an empty name stops the booking before it is sent.
  await dialog.getByLabel("Patient name").fill("");
  await expect(dialog.getByRole("button", { name: "Book", exact: true })).toBeDisabled();
});

test("a patient is found by phone from the header and their payment is recorded", async ({
  page,
  browser,
}) => {
  const api = await staffApi(browser);
  const doctor = await doctorWorkingOn(api, TOMORROW);
  const phone = "027 481 3366";
  const made = await api.mutate<{ appointmentId: string; ticket: number }>("appointments.create", {
    doctorId: doctor.id,
    patientName: "Tama Searchable",
    phone,
    scheduledAt: doctor.free[0]!.start,
    idempotencyKey: `e2e-search-${Date.now()}`,
  });
  expect(made.ok, made.error).toBeTruthy();

  await page.setViewportSize({ width: 1440, height: 900 });
  await signIn(page, "reception@demo.hospital", "/board");
  // "/" focuses the search when no field has the focus.
  await page.locator("h1").click();
  await page.keyboard.press("/");
  const box = page.getByRole("combobox", { name: /Find a patient/ });
  await expect(box).toBeFocused();
  await box.pressSequentially("4813366");
  await expect(page.getByRole("status").filter({ hasText: "1 patient matches." })).toBeAttached();
  const option = page.getByRole("option", { name: /Tama Searchable/ });
  await expect(option).toBeVisible();
  await expect(option).toHaveAttribute("aria-selected", "true");
  await expect(option).toContainText(doctor.name);
  await expect(page.getByRole("group", { name: "Tomorrow" })).toBeVisible();
  await page.screenshot({ path: "docs/screenshots/find-patient-desktop.png" });

  await page.getByRole("button", { name: "Record payment" }).click();
  const dialog = page.getByRole("dialog", { name: "Record a payment" });
  await expect(dialog).toContainText("Tama Searchable");
  await page.screenshot({ path: "docs/screenshots/payment-dialog-desktop.png" });
  await dialog.getByRole("button", { name: "Record payment" }).click();
  await expect(dialog).toBeHidden();
  await expect(toast(page, "Payment recorded for Tama Searchable.")).toBeVisible();

  const after = await api.query<{ matches: { appointmentId: string; paid: boolean }[] }>(
    "appointments.search",
    {
      q: phone,
    },
  );
  expect(after.matches.find((m) => m.appointmentId === made.data.appointmentId)?.paid).toBe(true);

  // Edit from the same match: the reason for the visit.
  await box.click();
  await expect(page.getByRole("option", { name: /Tama Searchable/ })).toHaveAttribute(
    "aria-selected",
    "true",
  );
  await page.getByRole("button", { name: "Edit", exact: true }).click();
  const edit = page.getByRole("dialog", { name: /^Edit ticket \d+$/ });
  await expect(edit.getByLabel("Phone")).toHaveValue(phone);
  await edit.getByLabel("Reason for the visit").fill("Sore knee");
  await edit.getByRole("button", { name: "Save" }).click();
  await expect(edit).toBeHidden();
  await expect(toast(page, "Saved Tama Searchable's details.")).toBeVisible();
  const edited = await api.query<{ matches: { appointmentId: string; note: string | null }[] }>(
    "appointments.search",
    { q: phone },
  );
  expect(edited.matches.find((m) => m.appointmentId === made.data.appointmentId)?.note).toBe("Sore knee");

  // Enter on the match opens its day and doctor on the board.
  await box.fill("");
  await box.pressSequentially("Tama Searchable");
  await expect(page.getByRole("option", { name: /Tama Searchable/ })).toHaveAttribute(
    "aria-selected",
    "true",
  );
  await box.press("Enter");
  await expect(page).toHaveURL(
    new RegExp(`/board\\?date=${TOMORROW}&doctor=${doctor.id}&ticket=${made.data.ticket}$`),
  );
  // The focus lands on the patient's row, not the top of the page.
  await expect(page.getByRole("button", { name: `More for ticket ${made.data.ticket}` })).toBeFocused();
  await api.close();
});

test("the ticket slip prints alone on an 80 mm page", async ({ page }) => {
  await page.setViewportSize({ width: 1440, height: 900 });
  await signIn(page, "reception@demo.hospital", "/board");
  const panel = page.getByRole("tabpanel");
  const row = panel.getByTestId(/^entry-\d+$/).first();
  await row.getByRole("button", { name: /More for ticket/ }).click();
  await page.getByRole("button", { name: "Tracking link & QR" }).click();
  const dialog = page.getByRole("dialog", { name: /Tracking link · ticket \d+/ });
  await expect(dialog.getByTestId("tracking-qr")).toBeVisible();
  await expect(dialog.getByRole("button", { name: "Print slip" })).toBeVisible();
  const slip = page.getByTestId("print-slip");
  await expect(slip).toBeHidden();

  await page.emulateMedia({ media: "print" });
  await expect(slip).toBeVisible();
  await expect(slip.locator("img")).toBeVisible();
  await expect(dialog).toBeHidden();
  await expect(page.getByRole("banner")).toBeHidden();
  await expect(page.locator("main")).toBeHidden();
  await shoot(page, "print-slip", false);
  const pdf = await page.pdf({ preferCSSPageSize: true });
  expect(pdf.byteLength).toBeGreaterThan(1000);
  await page.emulateMedia({ media: "screen" });
  await expect(slip).toBeHidden();
});

test("the day list is for staff only", async ({ page }) => {
  await page.goto(`/board/print?date=${TODAY}`);
  await expect(page).toHaveURL(/\/login\?next=/);
});

test("cancelling from a row asks first and says what the patient will see", async ({ page }) => {
  await page.setViewportSize({ width: 1440, height: 900 });
  await signIn(page, "reception@demo.hospital", "/board");
  const panel = page.getByRole("tabpanel");
  const row = panel
    .getByTestId(/^entry-\d+$/)
    .filter({ hasText: "Booked" })
    .first();
  await row.getByRole("button", { name: /More for ticket/ }).click();
  await page.getByRole("button", { name: "Cancel appointment…" }).click();
  const dialog = page.getByRole("dialog", { name: /^Cancel \S+'s \d\d:\d\d appointment\?$/ });
  await expect(dialog).toContainText("Their tracking link will say it was cancelled.");
  await shoot(page, "board-cancel-confirm", false);
  // The question names this row's patient (first name) and time.
  const [, first, time] =
    /^Cancel (\S+)'s (\d\d:\d\d)/.exec((await dialog.getByRole("heading").textContent()) ?? "") ?? [];
  await expect(row).toContainText(first ?? "?");
  await expect(row).toContainText(time ?? "?");
  await dialog.getByRole("button", { name: "Keep it" }).click();
  await expect(dialog).toBeHidden();
  await expect(row.getByTestId("status")).toHaveText("Booked");
});

test("a booked patient is rescheduled from a search match with the booking's slot picker", async ({
  page,
  browser,
}) => {
  const api = await staffApi(browser);
  const doctor = await doctorWorkingOn(api, TODAY);
  // A later hour of today, so the move has somewhere to go either way.
  const from = doctor.free.filter((f) => Date.parse(f.start) > Date.parse("2026-03-10T22:00:00Z"))[0]!;
  const made = await api.mutate<{ appointmentId: string; ticket: number }>("appointments.create", {
    doctorId: doctor.id,
    patientName: "Wiremu Movable",
    phone: "022 600 7788",
    scheduledAt: from.start,
    idempotencyKey: `e2e-move-${Date.now()}`,
  });
  expect(made.ok, made.error).toBeTruthy();

  await page.setViewportSize({ width: 1440, height: 900 });
  await signIn(page, "reception@demo.hospital", "/board");
  const box = page.getByRole("combobox", { name: /Find a patient/ });
  // "Movable", not "Wiremu": the demo has other patients called Wiremu.
  await box.pressSequentially("Movable");
  await expect(page.getByRole("option", { name: /Wiremu Movable/ })).toHaveAttribute("aria-selected", "true");
  await page.getByRole("button", { name: "Reschedule" }).click();
  const dialog = page.getByRole("dialog", { name: `Reschedule ticket ${made.data.ticket}` });
  const picker = dialog.getByTestId("slot-picker");
  await expect(picker.getByRole("radio", { checked: true })).toHaveCount(1);
  // Another hour that has not started (the hour under way books "now", not its start).
  const values = await picker
    .getByRole("radio")
    .evaluateAll((els) =>
      els.filter((e) => !(e as HTMLInputElement).disabled).map((e) => (e as HTMLInputElement).value),
    );
  const label = values.find((v) => v !== from.label && v > "10:59");
  expect(label, `another hour than ${from.label} in ${values}`).toBeTruthy();
  await picker.locator(`input[value="${label}"]`).check();
  await dialog.getByRole("button", { name: "Reschedule" }).click();
  await expect(dialog).toBeHidden();
  await expect(toast(page, /Wiremu Movable moved to/)).toBeVisible();

  const after = await api.query<{ matches: { appointmentId: string; scheduledAt: string }[] }>(
    "appointments.search",
    { q: "Wiremu" },
  );
  const moved = after.matches.find((m) => m.appointmentId === made.data.appointmentId);
  const hhmm = new Intl.DateTimeFormat("en-GB", {
    hour: "2-digit",
    minute: "2-digit",
    timeZone: "Pacific/Auckland",
  }).format(new Date(moved!.scheduledAt));
  expect(hhmm).toBe(label);
  await api.close();
});

test("a full hour can still be booked on purpose: it says Full, and the button says Book anyway", async ({
  page,
  browser,
}) => {
  const api = await staffApi(browser);
  const doctor = await doctorWorkingOn(api, TOMORROW);
  // Fill tomorrow's last free hour of this doctor (the picker's own count of what an hour takes).
  const target = doctor.free.at(-1)!;
  type Suggest = { suggestions: { label: string; hasRoom: boolean }[] };
  for (let i = 0; i < 12; i++) {
    const s = await api.query<Suggest>("slots.suggest", { doctorId: doctor.id, date: TOMORROW });
    if (!s.suggestions.find((x) => x.label === target.label)?.hasRoom) break;
    const made = await api.mutate("appointments.create", {
      doctorId: doctor.id,
      patientName: `Filler ${i + 1}`,
      scheduledAt: target.start,
      idempotencyKey: `e2e-full-${Date.now()}-${i}`,
    });
    expect(made.ok, made.error).toBeTruthy();
  }
  await api.close();

  await page.setViewportSize({ width: 1440, height: 900 });
  await signIn(page, "reception@demo.hospital", "/board");
  await page.getByRole("button", { name: "Book", exact: true }).click();
  const dialog = page.getByRole("dialog", { name: "Book an appointment" });
  await dialog.getByLabel("Patient name").fill("Wiremu Overbooked");
  await dialog.getByLabel("Doctor").selectOption(doctor.id);
  await dialog.getByLabel("Day").fill(TOMORROW);
  const picker = dialog.getByTestId("slot-picker");
  const full = picker.locator(`input[value="${target.label}"]`);
  const fullRow = picker.locator("label", { has: page.locator(`input[value="${target.label}"]`) });
  await expect(fullRow.getByText("Full", { exact: true })).toBeVisible();
  // The best free hour is chosen first; the full one is chosen on purpose.
  await expect(full).not.toBeChecked();
  await full.check();
  await dialog.getByRole("button", { name: "Book anyway (full hour)" }).click();
  const booked = page.getByRole("dialog", { name: /^Ticket \d+ booked$/ });
  await expect(booked).toContainText(`Thursday 12 March · ${target.label}`);
});

test("a patient found by name is checked in from the match, the desk's commonest errand", async ({
  page,
  browser,
}) => {
  const api = await staffApi(browser);
  const doctor = await doctorWorkingOn(api, TODAY);
  const made = await api.mutate<{ appointmentId: string; ticket: number }>("appointments.create", {
    doctorId: doctor.id,
    patientName: "Aperahama Arrives",
    scheduledAt: doctor.free[0]!.start,
    idempotencyKey: `e2e-find-check-in-${Date.now()}`,
  });
  expect(made.ok, made.error).toBeTruthy();
  await page.setViewportSize({ width: 1440, height: 900 });
  await signIn(page, "reception@demo.hospital", "/board");
  const box = page.getByRole("combobox", { name: /Find a patient/ });
  await box.click();
  await box.pressSequentially("Aperahama");
  await expect(page.getByRole("option", { name: /Aperahama Arrives/ })).toHaveAttribute(
    "aria-selected",
    "true",
  );
  const match = page.getByRole("region", { name: `Ticket ${made.data.ticket}, Aperahama Arrives` });
  await match.getByRole("button", { name: "Check in", exact: true }).click();
  // Its hour may not have opened yet: then the desk says when, and may check the patient in anyway.
  const anyway = page.getByRole("button", { name: "Check in anyway" });
  await expect(toast(page, /checked in|is early/)).toBeVisible();
  if (await anyway.isVisible()) await anyway.click();
  await expect(toast(page, `Ticket ${made.data.ticket} checked in`)).toBeVisible();
  const after = await api.query<{ matches: { appointmentId: string; status: string }[] }>(
    "appointments.search",
    {
      q: "Aperahama",
    },
  );
  expect(after.matches.find((m) => m.appointmentId === made.data.appointmentId)?.status).toBe("CHECKED_IN");
  await api.close();
});
