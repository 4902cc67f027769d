// A clinic sets itself up in the browser, on the second e2e server (an empty database, PQ_DEMO=false):
// the first run with the setup code from the server's log, hospital settings, two doctors with
// their hours, a receptionist; the receptionist books a patient whose page tracks live; a change of
// the check-in window reaches an open board and patient page; and every admin screen, photographed.
// The tests share that one installation, so they run in order.
import fs from "node:fs";
import { type Browser, expect, type Locator, type Page, test } from "@playwright/test";
import { EMPTY_PORT, EMPTY_SERVER_LOG } from "../playwright.config";
import { expectAccessible } from "./screens-kit";

const BASE = `http://localhost:${EMPTY_PORT}`;
test.use({ baseURL: BASE });
test.describe.configure({ mode: "serial" });

/** The hospital's zone, chosen here on purpose (the server's clock is an instant, not a zone). */
const ZONE = "Pacific/Auckland";
const HOSPITAL = "Harbourside Family Clinic";
const ADMIN = { name: "Aroha Admin", email: "aroha@harbourside.example", password: "Kauri-tree-setup-26" };
const RECEPTION = { name: "Rua Reception", email: "rua@harbourside.example", password: "Pohutukawa-desk-77" };
const LUNCH_DOCTOR = { name: "Dr Mere Tane", room: "3" };
const DAY_OFF_DOCTOR = { name: "Dr Ben Carter", room: "5" };
const PATIENT = "Hemi Walker";
const LATER_PATIENT = "Ana Lopez";
const WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];

const DESKTOP = { width: 1440, height: 900 };
const PHONE = { width: 390, height: 844 };

// ---- Business time: the server's clock (its pages carry it), read in the hospital's zone ----------

/** The server's business clock as the page was rendered (the layout's <meta name="pq-clock">). */
async function serverNow(page: Page): Promise<number> {
  const at = Number(await page.locator('meta[name="pq-clock"]').getAttribute("content"));
  expect(at, "the page carries the server's clock").toBeGreaterThan(0);
  return at;
}

function localDate(ms: number, timeZone: string): string {
  return new Intl.DateTimeFormat("en-CA", {
    timeZone,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
  }).format(ms);
}

function localMinutes(ms: number, timeZone: string): number {
  const parts = new Intl.DateTimeFormat("en-GB", {
    timeZone,
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  }).formatToParts(ms);
  const part = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  return part("hour") * 60 + part("minute");
}

/** ISO weekday (Monday 1) of a "YYYY-MM-DD" date. */
const isoWeekday = (date: string) => ((new Date(`${date}T12:00:00Z`).getUTCDay() + 6) % 7) + 1;

const addDays = (date: string, days: number) =>
  new Date(Date.parse(`${date}T12:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

/** The instant of a local date and "HH:MM" in a zone (two passes settle a DST offset). */
function zonedInstant(date: string, time: string, timeZone: string): Date {
  const wanted = Date.parse(`${date}T${time}:00Z`);
  let guess = wanted;
  for (let i = 0; i < 2; i++) {
    const shown = Date.parse(`${localDate(guess, timeZone)}T${hhmm(localMinutes(guess, timeZone))}:00Z`);
    guess += wanted - shown;
  }
  return new Date(guess);
}

const hhmm = (minutes: number) =>
  `${String(Math.floor(minutes / 60)).padStart(2, "0")}:${String(minutes % 60).padStart(2, "0")}`;

/** What the patient page shows for a clock time (its own format: the "en" locale). */
const shownTime = (at: Date) =>
  new Intl.DateTimeFormat("en", { hour: "numeric", minute: "2-digit", timeZone: ZONE }).format(at);

// ---- What the journeys share ------------------------------------------------------------------

type Shared = { today: string; tomorrow: string; nowMinutes: number; lunchDoctorId?: string };
const shared: Partial<Shared> = {};
function known(): Shared {
  expect(shared.today, "the first journey ran").toBeTruthy();
  return shared as Shared;
}

/** The setup code: the last line of the empty server's log that carries one. */
function setupCodeFromLog(): string {
  const log = fs.readFileSync(EMPTY_SERVER_LOG, "utf8");
  const codes = [...log.matchAll(/setup code: ([A-Z2-7]{4}(?:-[A-Z2-7]{4}){3})/g)];
  expect(codes.length, `a setup code in ${EMPTY_SERVER_LOG}`).toBeGreaterThan(0);
  return codes.at(-1)?.[1] ?? "";
}

async function signIn(page: Page, email: string, password: string, landing: RegExp) {
  await page.goto("/login");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(landing);
}

async function newSignedInPage(browser: Browser, email: string, password: string, landing: RegExp) {
  const context = await browser.newContext({ baseURL: BASE });
  const page = await context.newPage();
  await signIn(page, email, password, landing);
  return page;
}

/** Fills one weekday of the hours editor with the given periods (the day starts empty). */
async function setDay(dialog: Locator, day: string, periods: [string, string][]) {
  for (const [i, [start, end]] of periods.entries()) {
    await dialog.getByRole("button", { name: `Add period on ${day}` }).click();
    await dialog.getByLabel(`${day} period ${i + 1} from`).fill(start);
    await dialog.getByLabel(`${day} period ${i + 1} to`).fill(end);
  }
}

/** A doctor added through the dialog, then their week through the hours editor. */
async function addDoctor(
  page: Page,
  doctor: { name: string; room: string },
  periods: [string, string][],
  extraDays: string[],
  daysOff: string[],
) {
  await page.getByRole("button", { name: "Add a doctor" }).click();
  const add = page.getByRole("dialog", { name: "Add a doctor" });
  await add.getByLabel("Name").fill(doctor.name);
  await add.getByLabel("Room").fill(doctor.room);
  await add.getByLabel("Specialty (optional)").fill("General practice");
  await add.getByLabel("Consultation (min)").fill("15");
  await add.getByRole("button", { name: "Add doctor" }).click();
  await expect(add).toBeHidden();
  const row = page.getByRole("row").filter({ hasText: doctor.name });
  await expect(row).toContainText("No hours set");

  await page.getByRole("button", { name: `Hours of ${doctor.name}` }).click();
  const hours = page.getByRole("dialog", { name: `Hours of ${doctor.name}` });
  await setDay(hours, "Monday", periods);
  await hours.getByRole("button", { name: "Copy Monday to Tuesday–Friday" }).click();
  await expect(hours.getByLabel(`Friday period ${periods.length} to`)).toHaveValue(periods.at(-1)?.[1] ?? "");
  // The journeys run on the server's today and tomorrow, whatever weekday they are.
  for (const day of extraDays) await setDay(hours, day, periods);
  for (const date of daysOff) {
    await hours.getByLabel("Date").fill(date);
    await hours.getByRole("button", { name: "Add day off" }).click();
  }
  return { row, hours };
}

// ---- 1. From an empty database to the first patient tracked -----------------------------------

test("a clinic sets itself up from an empty database and tracks its first patient live", async ({ page }) => {
  test.setTimeout(180_000);
  // Every page leads to /setup while there is no hospital.
  await page.goto("/board");
  await expect(page).toHaveURL(/\/setup$/);
  await page.goto("/admin/doctors");
  await expect(page).toHaveURL(/\/setup$/);
  await expect(page.getByRole("heading", { name: "Set up the clinic" })).toBeVisible();

  const now = await serverNow(page);
  const today = localDate(now, ZONE);
  const tomorrow = addDays(today, 1);
  Object.assign(shared, { today, tomorrow, nowMinutes: localMinutes(now, ZONE) });
  // Weekend days the journeys need hours on (Monday's hours are copied to Tuesday–Friday).
  const weekendNeeded = [today, tomorrow]
    .map(isoWeekday)
    .filter((d) => d >= 6)
    .map((d) => WEEKDAYS[d - 1] ?? "");

  // The setup page, before it is used, at both widths.
  const form = page.getByRole("form", { name: "Set up the clinic" });
  const zone = form.getByLabel("Time zone");
  // Hydrated: the browser's own zone is the first guess.
  await expect(zone).not.toHaveValue("");
  for (const [width, size] of [
    ["phone", PHONE],
    ["desktop", DESKTOP],
  ] as const) {
    await page.setViewportSize(size);
    await expectAccessible(page, `the setup page (${width})`);
    await page.screenshot({
      path: `docs/screenshots/setup-${width}.png`,
      fullPage: true,
      animations: "disabled",
    });
  }

  // A wrong code is refused at its field.
  await form.getByLabel("Name", { exact: true }).fill(HOSPITAL);
  // The zone comes from a searchable list: typing part of a city finds the IANA name.
  const zoneListId = await zone.getAttribute("list");
  expect(
    await page
      .locator(`datalist[id="${zoneListId}"] option`)
      .evaluateAll((options) =>
        options.map((o) => (o as HTMLOptionElement).value).filter((v) => v.includes("Auckland")),
      ),
  ).toEqual([ZONE]);
  await zone.fill(ZONE);
  await form.getByLabel("Address (optional)").fill("12 Quay Street, Auckland");
  await form.getByLabel("Phone (optional)").fill("+64 9 555 0100");
  await form.getByLabel("Your name").fill(ADMIN.name);
  await form.getByLabel("Email").fill(ADMIN.email);
  await form.getByLabel("Password").fill(ADMIN.password);
  await form.getByLabel("Setup code").fill("AAAA-BBBB-CCCC-DDDD");
  await form.getByRole("button", { name: "Create the clinic and sign in" }).click();
  await expect(form.getByText("That setup code is not right.").first()).toBeVisible();

  // The right code: the admin lands signed in on /admin (the hospital settings).
  await form.getByLabel("Setup code").fill(setupCodeFromLog());
  await form.getByRole("button", { name: "Create the clinic and sign in" }).click();
  await expect(page).toHaveURL(/\/admin\/hospital$/);
  await expect(page.getByRole("heading", { name: "Administration" })).toBeVisible();
  await expect(page.getByText(ADMIN.name).first()).toBeVisible();

  // Setup is refused once done: the page says so, and the REST call answers 409.
  const again = await page.context().newPage();
  await again.goto("/setup");
  await expect(again.getByText("This clinic is already set up.")).toBeVisible();
  await expect(again.getByRole("form", { name: "Set up the clinic" })).toHaveCount(0);
  await again.close();
  const second = await page.request.post("/api/setup", {
    headers: { Origin: BASE },
    data: {
      setupCode: setupCodeFromLog(),
      hospital: { name: "Another clinic", timeZone: "Europe/London" },
      admin: { name: "Someone Else", email: "else@example.org", password: "Another-long-pass-42" },
    },
  });
  expect(second.status(), await second.text()).toBe(409);
  expect(JSON.stringify(await second.json())).toContain("already set up");

  // Hospital settings: the address and phone from setup, changed; a check-in window of 20 minutes.
  const settings = page.locator("form").filter({ has: page.getByRole("button", { name: "Save settings" }) });
  await expect(settings.getByLabel("Name", { exact: true })).toHaveValue(HOSPITAL);
  await expect(settings.getByLabel("Time zone")).toHaveValue(ZONE);
  await expect(settings.getByLabel("Address (optional)")).toHaveValue("12 Quay Street, Auckland");
  await settings.getByLabel("Address (optional)").fill("14 Quay Street, Auckland 1010");
  await settings.getByLabel("Phone (optional)").fill("+64 9 555 0199");
  await settings.getByLabel("Check-in window (min)").fill("20");
  await settings.getByRole("button", { name: "Save settings" }).click();
  await expect(page.getByText("Hospital settings saved.")).toBeVisible();
  await page.reload();
  await expect(settings.getByLabel("Address (optional)")).toHaveValue("14 Quay Street, Auckland 1010");
  await expect(settings.getByLabel("Phone (optional)")).toHaveValue("+64 9 555 0199");
  await expect(settings.getByLabel("Check-in window (min)")).toHaveValue("20");

  // Getting started says what is left before the clinic can take patients, doctors first.
  const steps = page.getByTestId("getting-started");
  await expect(steps.getByRole("listitem")).toHaveText([
    /To do: Add your doctors/,
    /To do: Set each doctor's working hours/,
    /To do: Add reception staff/,
  ]);

  // Two doctors, through the UI: one with a lunch break, one with a day off tomorrow.
  await steps.getByRole("link", { name: "Add your doctors" }).click();
  await expect(page).toHaveURL(/\/admin\/doctors$/);
  await expect(page.getByText("No doctors yet.")).toBeVisible();
  const lunch = await addDoctor(
    page,
    LUNCH_DOCTOR,
    [
      ["09:00", "12:00"],
      ["13:00", "17:00"],
    ],
    weekendNeeded,
    [],
  );
  // An overlap is refused at the field before anything is sent, and fixed.
  await lunch.hours.getByLabel("Monday period 2 from").fill("11:30");
  await lunch.hours.getByRole("button", { name: "Save hours" }).click();
  await expect(lunch.hours.getByText("Overlaps 09:00–12:00 on the same day.")).toBeVisible();
  await lunch.hours.getByLabel("Monday period 2 from").fill("13:00");
  await lunch.hours.getByRole("button", { name: "Save hours" }).click();
  await expect(lunch.hours).toBeHidden();
  await expect(lunch.row).toContainText("Mon–Fri 09:00–12:00, 13:00–17:00");

  // From the keyboard, removing a period leaves the focus on that day's "Add period", not the
  // dialog (an accessibility review, 2026-12-07); the change is then cancelled.
  await page.getByRole("button", { name: `Hours of ${LUNCH_DOCTOR.name}` }).click();
  await lunch.hours.getByRole("button", { name: "Remove Monday period 2" }).press("Enter");
  await expect(lunch.hours.locator(":focus")).toHaveAttribute("data-add-period", "Monday");
  // A lunch break in one step: the day's one long period split at 12:00-13:00.
  await lunch.hours.getByLabel("Monday period 1 to").fill("17:00");
  await lunch.hours.getByRole("button", { name: "Add lunch break on Monday" }).click();
  await expect(lunch.hours.getByLabel("Monday period 1 to")).toHaveValue("12:00");
  await expect(lunch.hours.getByLabel("Monday period 2 from")).toHaveValue("13:00");
  await expect(lunch.hours.getByLabel("Monday period 2 to")).toHaveValue("17:00");
  await lunch.hours.getByRole("button", { name: "Cancel" }).click();
  await expect(lunch.hours).toBeHidden();

  const off = await addDoctor(page, DAY_OFF_DOCTOR, [["08:00", "16:00"]], weekendNeeded, [tomorrow]);
  await expect(off.hours.getByRole("button", { name: /^Remove the day off on / })).toHaveCount(1);
  await off.hours.getByRole("button", { name: "Save hours" }).click();
  await expect(off.hours).toBeHidden();
  await expect(off.row).toContainText("Mon–Fri 08:00–16:00");
  await expect(off.row).toContainText("1 day(s) off ahead");

  // A receptionist, who sets a password through the one-time link the UI hands over.
  await expect(steps.getByRole("listitem")).toHaveText([
    /Done: Add your doctors/,
    /Done: Set each doctor's working hours/,
    /To do: Add reception staff/,
  ]);
  await page
    .getByRole("navigation", { name: "Administration sections" })
    .getByRole("link", { name: "Staff" })
    .click();
  await page.getByRole("button", { name: "Add a staff member" }).click();
  const addStaff = page.getByRole("dialog", { name: "Add a staff member" });
  await addStaff.getByLabel("Name").fill(RECEPTION.name);
  await addStaff.getByLabel("Email").fill(RECEPTION.email);
  await expect(addStaff.getByLabel("Role")).toHaveValue("RECEPTIONIST");
  await addStaff.getByRole("button", { name: "Add staff member" }).click();
  const added = page.getByRole("dialog", { name: `${RECEPTION.name} added` });
  const resetLink = await added.getByLabel("One-time link to set a password").inputValue();
  expect(resetLink).toMatch(/\/reset\/[\w.-]+/);
  await added.getByRole("button", { name: "Done" }).click();
  await expect(page.getByRole("row").filter({ hasText: RECEPTION.name })).toContainText("Reception");
  // With doctors, their hours and reception, the clinic can run a day: the list goes.
  await expect(steps).toHaveCount(0);

  // Sign out.
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/login/);

  await page.goto(resetLink);
  await page.getByLabel("New password", { exact: true }).fill(RECEPTION.password);
  await page.getByLabel("New password again").fill(RECEPTION.password);
  await page.getByRole("button", { name: "Set password" }).click();
  await expect(page.getByText("Your password is set")).toBeVisible();
  // Used once: opened again, the link says so at once, with no form to fill in for nothing.
  await page.goto(resetLink);
  await expect(page.getByTestId("reset-link-problem")).toContainText("This link cannot be used");
  await expect(page.getByLabel("New password", { exact: true })).toHaveCount(0);

  // The receptionist signs in and books a walk-in with the lunch-break doctor, now (the board's
  // walk-in dialog: the hour under way is booked for the present moment).
  await signIn(page, RECEPTION.email, RECEPTION.password, /\/board/);
  await page.getByRole("tab", { name: new RegExp(LUNCH_DOCTOR.name) }).click();
  const panel = page.getByRole("tabpanel");
  await expect(panel.getByRole("heading", { name: LUNCH_DOCTOR.name })).toBeVisible();
  await expect(panel).toContainText("works 09:00–12:00, 13:00–17:00");
  await panel.getByRole("button", { name: "Walk-in" }).click();
  const walkIn = page.getByRole("dialog", { name: "Book a walk-in" });
  await walkIn.getByLabel("Patient name").fill(PATIENT);
  await expect(walkIn.getByLabel("Doctor").locator("option:checked")).toHaveText(
    new RegExp(LUNCH_DOCTOR.name),
  );
  const slots = walkIn.getByRole("group", { name: "Slot" });
  // Working hours only: no slot in the lunch hour is offered.
  await expect(slots.getByRole("radio").first()).toBeVisible();
  await expect(slots.getByRole("radio", { name: /^12:00/ })).toHaveCount(0);
  const hourNow = `${hhmm(Math.floor(known().nowMinutes / 60) * 60)}`;
  await slots.getByRole("radio", { name: new RegExp(`^${hourNow}`) }).check();
  await walkIn.getByRole("button", { name: "Book walk-in" }).click();
  const booked = page.getByRole("dialog", { name: /^Ticket \d+ booked$/ });
  await expect(booked).toBeVisible();
  const ticket = Number((await booked.getByRole("heading").textContent())?.match(/\d+/)?.[0]);
  const trackingUrl = await booked.getByLabel("Tracking link").inputValue();
  expect(trackingUrl).toMatch(/\/track\/[\w-]+\.[\w-]+\.[\w-]+$/);
  await booked.getByRole("button", { name: "Done" }).click();
  const row = page.getByTestId(`entry-${ticket}`);
  await expect(row).toContainText(PATIENT);
  // A walk-in in the hour under way is at the desk: checked in on booking.
  await expect(row.getByTestId("status")).toHaveText("Checked in");

  // The patient's page, in another page: their place, live.
  const patient = await page.context().newPage();
  await patient.setViewportSize(PHONE);
  await patient.goto(trackingUrl);
  await expect(patient.getByTestId("live-indicator")).toHaveText(/Live/);
  await expect(patient.getByText(HOSPITAL)).toBeVisible();
  await expect(patient.getByTestId("position")).toContainText("1");
  await expect(patient.getByTestId("people-ahead")).toHaveText("Nobody ahead of you");
  await expect(patient.getByTestId("status-message")).toContainText("You're next");
  // A marker a reload would wipe: what follows must arrive over the live channel.
  await patient.evaluate(() => {
    (window as unknown as { __noReload: boolean }).__noReload = true;
  });

  // The desk calls them: it reaches the patient's page without a reload.
  await panel.getByRole("button", { name: "Call next" }).click();
  await expect(row.getByTestId("status")).toHaveText("Called");
  await expect(patient.getByTestId("status-message")).toContainText(`go to room ${LUNCH_DOCTOR.room}`);
  await expect(patient.getByTestId("state-title")).toHaveText(`Room ${LUNCH_DOCTOR.room}`);
  expect(await patient.evaluate(() => (window as unknown as { __noReload?: boolean }).__noReload)).toBe(true);
  await patient.close();
});

// ---- Refusals at booking: the lunch break and the day off ---------------------------------------

test("a booking in the lunch break or on a day off is refused with its message", async ({ browser }) => {
  const { today, tomorrow } = known();
  const page = await newSignedInPage(browser, RECEPTION.email, RECEPTION.password, /\/board/);
  const doctors = await page.request.get("/api/trpc/queue.doctors");
  expect(doctors.ok(), await doctors.text()).toBeTruthy();
  const list: { id: string; name: string }[] = (await doctors.json()).result.data.json;
  const lunchId = list.find((d) => d.name === LUNCH_DOCTOR.name)?.id;
  const offId = list.find((d) => d.name === DAY_OFF_DOCTOR.name)?.id;
  expect(lunchId && offId, "both doctors").toBeTruthy();
  shared.lunchDoctorId = lunchId;

  // Through the REST path other systems use, with the receptionist's session.
  const book = (doctorId: string, date: string, time: string) =>
    page.request.post("/api/appointments", {
      headers: { Origin: BASE },
      data: {
        doctorId,
        patientName: "Lunch Test",
        scheduledAt: zonedInstant(date, time, ZONE).toISOString(),
        idempotencyKey: `clinic-setup-${doctorId}-${date}-${time}`,
      },
    });
  const inLunch = await book(lunchId ?? "", today, "12:30");
  expect(inLunch.status(), await inLunch.text()).toBe(400);
  expect(JSON.stringify(await inLunch.json())).toContain(
    `12:30 is outside ${LUNCH_DOCTOR.name}'s working hours on ${today} (09:00–12:00, 13:00–17:00)`,
  );
  const dayOff = await book(offId ?? "", tomorrow, "10:00");
  expect(dayOff.status(), await dayOff.text()).toBe(400);
  expect(JSON.stringify(await dayOff.json())).toContain(`${DAY_OFF_DOCTOR.name} is off on ${tomorrow}`);
  // The same doctor on a working day, and the lunch doctor after lunch, take the booking.
  const afterLunch = await book(lunchId ?? "", tomorrow, "13:30");
  expect(afterLunch.status(), await afterLunch.text()).toBe(200);
  await page.context().close();
});

// ---- 2. A settings change reaches an open board and patient page --------------------------------

test("a change of the check-in window reaches an open board and patient page without a reload", async ({
  browser,
}) => {
  const { today } = known();
  const board = await newSignedInPage(browser, RECEPTION.email, RECEPTION.password, /\/board/);
  await board.getByRole("tab", { name: new RegExp(LUNCH_DOCTOR.name) }).click();
  const panel = board.getByRole("tabpanel");
  await expect(panel.getByTestId("check-in-window")).toHaveText(
    "Check-in opens 20 min before the appointment's hour starts.",
  );

  // A patient this afternoon (booked through the walk-in dialog, in the 15:00 slot).
  await panel.getByRole("button", { name: "Walk-in" }).click();
  const walkIn = board.getByRole("dialog", { name: "Book a walk-in" });
  await walkIn.getByLabel("Patient name").fill(LATER_PATIENT);
  await walkIn
    .getByRole("group", { name: "Slot" })
    .getByRole("radio", { name: /^15:00/ })
    .check();
  await walkIn.getByRole("button", { name: "Book walk-in" }).click();
  const booked = board.getByRole("dialog", { name: /^Ticket \d+ booked$/ });
  const trackingUrl = await booked.getByLabel("Tracking link").inputValue();
  await booked.getByRole("button", { name: "Done" }).click();

  const at15 = zonedInstant(today, "15:00", ZONE);
  const patient = await board.context().newPage();
  await patient.goto(trackingUrl);
  await expect(patient.getByTestId("live-indicator")).toHaveText(/Live/);
  await expect(patient.getByTestId("check-in-opens")).toHaveText(
    `Check-in opens at ${shownTime(new Date(at15.getTime() - 20 * 60_000))}.`,
  );
  await patient.evaluate(() => {
    (window as unknown as { __noReload: boolean }).__noReload = true;
  });

  // The admin widens the window to an hour.
  const admin = await newSignedInPage(browser, ADMIN.email, ADMIN.password, /\/board|\/admin|\/stats/);
  await admin.goto("/admin/hospital");
  await admin.getByLabel("Check-in window (min)").fill("60");
  await admin.getByRole("button", { name: "Save settings" }).click();
  await expect(admin.getByText("Hospital settings saved.")).toBeVisible();

  await expect(panel.getByTestId("check-in-window")).toHaveText(
    "Check-in opens 60 min before the appointment's hour starts.",
  );
  await expect(patient.getByTestId("check-in-opens")).toHaveText(
    `Check-in opens at ${shownTime(new Date(at15.getTime() - 60 * 60_000))}.`,
  );
  expect(await patient.evaluate(() => (window as unknown as { __noReload?: boolean }).__noReload)).toBe(true);
  await admin.context().close();
  await board.context().close();
});

// ---- Every admin screen, at desktop and phone width, accessible -------------------------------

test("every admin screen is accessible at desktop and phone width", async ({ browser }) => {
  test.setTimeout(120_000);
  const page = await newSignedInPage(browser, ADMIN.email, ADMIN.password, /\/board|\/admin|\/stats/);

  // Something on each list: a waiting-room screen and an API token, through their dialogs.
  await page.goto("/admin/screens");
  await page.getByRole("button", { name: "Add a screen" }).click();
  const screen = page.getByRole("dialog", { name: "Add a screen" });
  await screen
    .getByLabel("Doctor")
    .selectOption({ label: `${LUNCH_DOCTOR.name} · Room ${LUNCH_DOCTOR.room}` });
  await screen.getByLabel("Name").fill("Waiting room, ground floor");
  await screen.getByRole("button", { name: "Add screen" }).click();
  await page.getByRole("dialog", { name: /added/ }).getByRole("button", { name: "Done" }).click();
  await expect(page.getByRole("row").filter({ hasText: "Waiting room, ground floor" })).toBeVisible();

  await page.goto("/admin/tokens");
  await page.getByRole("button", { name: "Create a token" }).click();
  const token = page.getByRole("dialog", { name: "Create a token" });
  await token.getByLabel("Name").fill("Booking website");
  // "read" is offered ticked.
  await expect(
    token.getByRole("group", { name: "Scopes" }).getByRole("checkbox", { checked: true }),
  ).toHaveCount(1);
  await token.getByRole("button", { name: /^Create/ }).click();
  await page
    .getByRole("dialog", { name: /created/ })
    .getByRole("button", { name: "Done" })
    .click();
  await expect(page.getByRole("row").filter({ hasText: "Booking website" })).toBeVisible();

  const screens: { name: string; path: string; ready: (p: Page) => Promise<void> }[] = [
    {
      name: "hospital",
      path: "/admin/hospital",
      ready: (p) => expect(p.getByLabel("Check-in window (min)")).toHaveValue("60"),
    },
    {
      name: "doctors",
      path: "/admin/doctors",
      ready: (p) => expect(p.getByRole("row").filter({ hasText: DAY_OFF_DOCTOR.name })).toBeVisible(),
    },
    {
      name: "doctors-hours",
      path: "/admin/doctors",
      ready: async (p) => {
        await p.getByRole("button", { name: `Hours of ${LUNCH_DOCTOR.name}` }).click();
        await expect(p.getByLabel("Monday period 2 from")).toHaveValue("13:00");
      },
    },
    {
      name: "staff",
      path: "/admin/staff",
      ready: (p) => expect(p.getByRole("row").filter({ hasText: RECEPTION.name })).toBeVisible(),
    },
    {
      name: "tokens",
      path: "/admin/tokens",
      ready: (p) => expect(p.getByRole("row").filter({ hasText: "Booking website" })).toBeVisible(),
    },
    {
      name: "screens",
      path: "/admin/screens",
      ready: (p) =>
        expect(p.getByRole("row").filter({ hasText: "Waiting room, ground floor" })).toBeVisible(),
    },
  ];
  for (const s of screens) {
    for (const [width, size] of [
      ["desktop", DESKTOP],
      ["phone", PHONE],
    ] as const) {
      await page.setViewportSize(size);
      await page.goto(s.path);
      await expect(page.getByRole("heading", { name: "Administration" })).toBeVisible();
      await s.ready(page);
      await page.waitForFunction(() =>
        document
          .getAnimations()
          .every(
            (a) =>
              a.playState !== "running" ||
              a.effect?.getComputedTiming().iterations === Number.POSITIVE_INFINITY,
          ),
      );
      await expectAccessible(page, `admin ${s.name} (${width})`);
      // A dialog is photographed as it is seen (the viewport); a page whole.
      await page.screenshot({
        path: `docs/screenshots/admin-${s.name}-${width}.png`,
        fullPage: s.name !== "doctors-hours",
        animations: "disabled",
      });
    }
  }
  await page.context().close();
});
