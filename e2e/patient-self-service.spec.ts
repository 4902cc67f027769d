// The patient's phone (issue 13), at 390x844 with the reception board open beside it: self check-in
// with the code the board shows, running late, cancel (the board follows each live); why the place
// went up; a booking on another day with its calendar file; the page with JavaScript off; and
// "Notify me" with a push delivered while the page is closed.
//
// Push: headless Chromium cannot subscribe to a real push service here (no network: its
// `pushManager.subscribe` fails "Registration failed - permission denied"), so the page's
// PushManager is given a subscription to a local stand-in push service (server/test/push-service.ts)
// with keys made in this test. Everything else is real: the permission prompt (granted), the service
// worker, the page's POST, the server's VAPID-signed, aes128gcm-encrypted push (checked and decrypted
// by the stand-in as a browser would), and the service worker showing it (delivered over CDP).
import { type APIRequestContext, type Browser, expect, type Page, test } from "@playwright/test";
import en from "../components/i18n/messages/en.json" with { type: "json" };
import esMessages from "../components/i18n/messages/es.json" with { type: "json" };
import { startPushService } from "../server/test/push-service";
import { type StaffApi, shoot, signIn, staffApi } from "./screens-kit";

const PHONE = { width: 390, height: 844 };
const DOCTOR = "Dr Priya Raman";
const t = en.track;

type Suggest = { workingDay: boolean; suggestions: { label: string; start: string; hasRoom: boolean }[] };
type Booked = { appointmentId: string; ticket: number; trackingUrl: string; scheduledAt: string };

/** The server's business time and the hospital's date (the e2e clock: Wednesday 2026-03-11, 10:20 Auckland). */
async function businessNow(request: APIRequestContext): Promise<Date> {
  const body = (await (await request.get("/api/demo/links")).json()) as { now: string };
  return new Date(body.now);
}
const localDate = (at: Date) => new Intl.DateTimeFormat("en-CA", { timeZone: "Pacific/Auckland" }).format(at);

async function doctorId(api: StaffApi) {
  const doctors = await api.query<{ id: string; name: string }[]>("queue.doctors");
  return doctors.find((d) => d.name === DOCTOR)!.id;
}

/** Books a patient with the doctor at `at` (reception's API, as the booking dialog does). */
async function book(api: StaffApi, doctor: string, name: string, at: Date): Promise<Booked> {
  const made = await api.mutate<Booked>("appointments.create", {
    doctorId: doctor,
    patientName: name,
    scheduledAt: at.toISOString(),
    idempotencyKey: `e2e-self-${name}-${Date.now()}`,
  });
  expect(made.ok, made.error).toBeTruthy();
  return made.data;
}

/** A free time of the doctor on a later day (from the slot picker's API). */
async function freeTime(api: StaffApi, doctor: string, date: string): Promise<Date> {
  const s = await api.query<Suggest>("slots.suggest", { doctorId: doctor, date });
  const free = s.suggestions.find((x) => x.hasRoom);
  expect(free, `a free time on ${date}`).toBeTruthy();
  return new Date(free!.start);
}

async function phone(browser: Browser, opts: Parameters<Browser["newContext"]>[0] = {}) {
  const context = await browser.newContext({ viewport: PHONE, isMobile: true, hasTouch: true, ...opts });
  return { context, page: await context.newPage() };
}

async function boardOn(page: Page) {
  await page.setViewportSize({ width: 1280, height: 900 });
  await signIn(page, "reception@demo.hospital", "/board");
  await page.getByRole("tab", { name: new RegExp(DOCTOR) }).click();
}

test("self check-in with the board's code, running late, cancel: the board follows live; the page says why the place went up", async ({
  browser,
  page: board,
}) => {
  const api = await staffApi(browser);
  const doctor = await doctorId(api);
  const now = await businessNow(api.request);
  // In the current hour, so check-in is open.
  const me = await book(api, doctor, "Ana Selfservice", new Date(now.getTime() + 15 * 60_000));

  await boardOn(board);
  const row = board.getByTestId(`entry-${me.ticket}`);
  await expect(row.getByTestId("status")).toHaveText("Booked");
  const code = ((await board.getByTestId("board-check-in-code").locator("span").textContent()) ?? "").trim();
  expect(code).toMatch(/^[A-Z0-9]{5}$/);

  const { context, page } = await phone(browser);
  await page.goto(me.trackingUrl);
  await expect(page.getByTestId("live-indicator")).toHaveAttribute("data-mode", "live");
  await page.evaluate(() => {
    (window as unknown as { __noReload: boolean }).__noReload = true;
  });
  const place = async () =>
    Number(
      await page
        .getByTestId("position")
        .textContent()
        .then((s) => s?.match(/\d+$/)?.[0]),
    );

  // Running late: the board shows it at once.
  await page.getByRole("button", { name: t.actions.lateBy.replace("{minutes}", "10") }).click();
  await expect(page.getByTestId("action-note")).toHaveText(t.actions.done.late);
  // The note takes the focus (the button pressed is redrawn away), so a screen reader reads it.
  await expect(page.getByTestId("action-note")).toBeFocused();
  await expect(row.getByText("Running ~10 min late")).toBeVisible();
  await shoot(page, "track-late");
  await page.screenshot({ path: "docs/screenshots/track-late.png", fullPage: true });

  // "I'm here" with the code on the board (and the waiting-room screen). Check-in is open: the page
  // does not say when it opens.
  await expect(page.getByTestId("check-in-opens")).toHaveCount(0);
  // A wrong code is refused, and looks it (an alert, not the confirmation's plain note).
  const wrong = code === "ZZZZZ" ? "YYYYY" : "ZZZZZ";
  await page.getByTestId("check-in-code").fill(wrong);
  await page.getByRole("button", { name: t.actions.hereSubmit }).click();
  const refusal = page.getByRole("alert").filter({ hasText: t.actions.refused.CHECK_IN_CODE_WRONG });
  await expect(refusal).toHaveAttribute("data-refused", "");
  await page.getByTestId("check-in-code").fill(code.toLowerCase());
  await page.getByRole("button", { name: t.actions.hereSubmit }).click();
  await expect(page.getByTestId("action-note")).toHaveText(t.actions.done["check-in"]);
  await expect(row.getByTestId("status")).toHaveText("Checked in");
  await expect(row.getByText("Checked in by the patient")).toBeVisible();
  await expect(page.getByTestId("status-message")).toContainText(/checked in|next/i);
  await page.screenshot({ path: "docs/screenshots/track-checked-in.png", fullPage: true });

  // A patient who needs urgent care walks in: the page says why the place went up, naming nobody.
  // (Now that this patient is here: while they were on their way, late, the doctor may well see the
  // newcomer before they arrive without their expected place changing, rule 9.)
  const before = await place();
  const urgent = await api.mutate<{ appointmentId: string }>("queue.walkIn", {
    doctorId: doctor,
    patientName: "Rawiri Urgent",
    priority: "URGENT",
  });
  expect(urgent.ok, urgent.error).toBe(true);
  await expect(page.getByTestId("place-change")).toHaveText(t.placeChange.urgent);
  expect(await place()).toBe(before + 1);
  await expect(page.getByTestId("place-change")).not.toContainText("Rawiri");
  await page.screenshot({ path: "docs/screenshots/track-place-change.png", fullPage: true });

  // Cancel, confirmed: the place is freed on the board.
  await page.locator("summary", { hasText: t.actions.cancelTitle }).click();
  await page.getByLabel(t.actions.cancelConfirm).check();
  await page.getByRole("button", { name: t.actions.cancelSubmit }).click();
  await expect(page.getByTestId("state-title")).toHaveText(t.titles.cancelled);
  // The board shows the visit as cancelled, or no longer lists it among the day's patients.
  await expect(async () => {
    const gone = (await row.count()) === 0;
    expect(gone || (await row.getByTestId("status").textContent()) === "Cancelled").toBe(true);
  }).toPass();
  expect(await page.evaluate(() => (window as unknown as { __noReload?: boolean }).__noReload)).toBe(true);
  await page.screenshot({ path: "docs/screenshots/track-cancelled.png", fullPage: true });

  await api.mutate("appointments.cancel", {
    appointmentId: urgent.data.appointmentId,
    reason: "e2e tidy-up",
  });
  await context.close();
  await api.close();
});

test("a booking on another day shows its date and the clinic, and its calendar file is right", async ({
  browser,
}) => {
  const api = await staffApi(browser);
  const admin = await staffApi(browser, "admin@demo.hospital");
  const hospital = await admin.query<{ address: string | null; phone: string | null }>("adminHospital.get");
  const address = "12 Harbour Road, Auckland 1010";
  const set = await admin.mutate("adminHospital.update", { address, phone: "09 555 0100" });
  expect(set.ok, set.error).toBe(true);
  const doctor = await doctorId(api);
  const tomorrow = localDate(new Date((await businessNow(api.request)).getTime() + 86_400_000));
  const booked = await book(api, doctor, "Sione Tomorrow", await freeTime(api, doctor, tomorrow));
  const { context, page } = await phone(browser);
  await page.goto(booked.trackingUrl);
  const day = new Intl.DateTimeFormat("en", { weekday: "long", timeZone: "Pacific/Auckland" }).format(
    new Date(booked.scheduledAt),
  );
  await expect(page.getByTestId("wait")).toContainText(day);
  await expect(page.getByTestId("check-in-code")).toHaveCount(0);
  // Another day: no place in a line not formed yet, no check-in time that would read as today's.
  await expect(page.getByTestId("check-in-opens")).toHaveCount(0);
  await expect(page.getByTestId("position")).toHaveCount(0);
  await expect(page.getByTestId("clinic-address")).toHaveText(address);
  const calendar = page.getByTestId("add-to-calendar");
  await expect(calendar).toHaveText(t.actions.calendar);
  await page.screenshot({ path: "docs/screenshots/track-future.png", fullPage: true });

  const ics = await page.request.get((await calendar.getAttribute("href"))!);
  expect(ics.headers()["content-type"]).toContain("text/calendar");
  // Unfold (RFC 5545 §3.1) and read the event's lines.
  const lines = (await ics.text()).replace(/\r\n[ \t]/g, "").split("\r\n");
  const field = (name: string) =>
    lines.find((l) => l.startsWith(`${name}:`) || l.startsWith(`${name};`))?.replace(/^[^:]*:/, "");
  const start = new Date(booked.scheduledAt)
    .toISOString()
    .replace(/[-:]/g, "")
    .replace(/\.\d{3}/, "");
  expect(field("DTSTART")).toBe(start);
  expect(field("LOCATION")?.replace(/\\,/g, ",")).toContain(address);
  expect(field("URL")).toBe(booked.trackingUrl);
  await admin.mutate("adminHospital.update", {
    address: hospital.address ?? "",
    phone: hospital.phone ?? "",
  });
  await context.close();
  await api.close();
  await admin.close();
});

test("with JavaScript off the page reads right and its forms work", async ({ browser }) => {
  const api = await staffApi(browser);
  const doctor = await doctorId(api);
  const now = await businessNow(api.request);
  const booked = await book(api, doctor, "Hemi Nojs", new Date(now.getTime() + 160 * 60_000));
  const { context, page } = await phone(browser, { javaScriptEnabled: false });
  await page.goto(booked.trackingUrl);
  await expect(page.getByTestId("position")).toHaveText(/\d+/);
  await expect(page.locator("noscript p")).toHaveText(t.actions.noscript);
  await expect(page.getByTestId("live-indicator")).toBeHidden();
  await page.getByRole("button", { name: t.actions.lateBy.replace("{minutes}", "20") }).click();
  await expect(page).toHaveURL(/done=late/);
  await expect(page.getByTestId("action-note")).toHaveText(t.actions.done.late);
  const board = await api.query<{
    queues: { snapshot: { entries: { appointmentId: string; lateMinutes: number | null }[] } | null }[];
  }>("queue.board", { date: localDate(now) });
  const entry = board.queues
    .flatMap((q) => q.snapshot?.entries ?? [])
    .find((e) => e.appointmentId === booked.appointmentId);
  expect(entry?.lateMinutes).toBe(20);
  await page.screenshot({ path: "docs/screenshots/track-nojs.png", fullPage: true });
  await api.mutate("appointments.cancel", { appointmentId: booked.appointmentId, reason: "e2e tidy-up" });
  await context.close();
  await api.close();
});

test("Notify me: pushes reach the phone's service worker while the page is closed", async ({
  browser,
  baseURL,
}) => {
  const push = await startPushService();
  const api = await staffApi(browser);
  try {
    const doctor = await doctorId(api);
    const now = await businessNow(api.request);
    const booked = await book(api, doctor, "Mele Notify", new Date(now.getTime() + 130 * 60_000));
    const sub = push.subscriber("e2e-phone");
    const { context, page } = await phone(browser, { locale: "es-MX" });
    await context.grantPermissions(["notifications"], { origin: baseURL });
    // The stand-in subscription (see the top of this file).
    await context.addInitScript(
      ({ endpoint, keys }) => {
        let current: unknown = null;
        const proto = PushManager.prototype as unknown as Record<string, unknown>;
        proto.subscribe = async (opts: PushSubscriptionOptionsInit) => {
          const key = opts.applicationServerKey as Uint8Array;
          current = {
            endpoint,
            expirationTime: null,
            options: { applicationServerKey: key.buffer, userVisibleOnly: true },
            toJSON: () => ({ endpoint, expirationTime: null, keys }),
            unsubscribe: async () => {
              current = null;
              return true;
            },
          };
          return current;
        };
        proto.getSubscription = async () => current;
      },
      { endpoint: sub.endpoint, keys: sub.keys },
    );
    await page.goto(booked.trackingUrl);
    const es = esMessages.track;
    await page.getByRole("button", { name: es.notifyMe }).click();
    await expect(page.getByTestId("notify-on")).toContainText(es.notifyOn);
    await page.screenshot({ path: "docs/screenshots/track-notify.png", fullPage: true });
    await page.close();

    // The page is closed. The doctor's notice goes out by push, signed and encrypted.
    const message = "Dr Raman is running late after an emergency";
    expect((await api.mutate("queue.emergency", { doctorId: doctor, message, estimatedDelay: 20 })).ok).toBe(
      true,
    );
    const received = await push.waitFor((p) => p.name === "e2e-phone");
    expect(received.jwt.aud).toBe(push.origin);
    expect(received.payload).toMatchObject({
      kind: "notice",
      message,
      tag: `appointment-${booked.appointmentId}`,
    });
    expect(push.problems).toEqual([]);

    // The phone's service worker shows it, in the page's language (Spanish here).
    const other = await context.newPage();
    await other.goto("/icon.svg");
    // This context's worker first, so the list below (sent when the domain is enabled) holds it.
    await expect
      .poll(() =>
        other.evaluate(async () => !!(await navigator.serviceWorker.getRegistration("/track/"))?.active),
      )
      .toBe(true);
    const cdp = await context.newCDPSession(other);
    const registrations: { registrationId: string; scopeURL: string; isDeleted: boolean }[] = [];
    cdp.on("ServiceWorker.workerRegistrationUpdated", (e) => registrations.push(...e.registrations));
    await cdp.send("ServiceWorker.enable");
    await expect
      .poll(() => registrations.some((r) => r.scopeURL.endsWith("/track/") && !r.isDeleted))
      .toBe(true);
    // The browser's service worker domain also lists the workers of this file's earlier tests (other
    // contexts, same origin and scope): the push goes to each, and this context's shows it. The list
    // grows as the domain reports registrations, so each delivery reads it again, and a delivery that
    // is not shown yet (this context's worker reported late, or still starting) is sent again: the
    // notification has one tag per appointment, so a repeat replaces it and cannot add a second.
    const registrationIds = () => [
      ...new Set(
        registrations
          .filter((r) => r.scopeURL.endsWith("/track/") && !r.isDeleted)
          .map((r) => r.registrationId),
      ),
    ];
    const deliver = async (payload: unknown) => {
      for (const registrationId of registrationIds())
        await cdp
          .send("ServiceWorker.deliverPushMessage", {
            origin: new URL(baseURL!).origin,
            registrationId,
            data: JSON.stringify(payload),
          })
          .catch(() => {}); // a worker of a closed context
    };
    const shown = () =>
      other.evaluate(async () => {
        const registration = await navigator.serviceWorker.getRegistration("/track/");
        const list = (await registration?.getNotifications()) ?? [];
        return list.map((n) => ({ title: n.title, body: n.body, tag: n.tag }));
      });
    const deliveredAndShown = (payload: unknown) => async () => {
      await deliver(payload);
      return shown();
    };
    await expect.poll(deliveredAndShown(received.payload)).toEqual([
      {
        title: es.noticeTitle,
        body: expect.stringContaining(message),
        tag: `appointment-${booked.appointmentId}`,
      },
    ]);

    // Cancelled by the clinic: pushed too, replacing the notification (one per appointment).
    expect(
      (
        await api.mutate("appointments.cancel", {
          appointmentId: booked.appointmentId,
          reason: "clinic closed",
        })
      ).ok,
    ).toBe(true);
    const cancelled = await push.waitFor(
      (p) => p.name === "e2e-phone" && (p.payload as { kind: string }).kind === "cancelled",
    );
    await expect
      .poll(deliveredAndShown(cancelled.payload))
      .toEqual([
        { title: es.titles.cancelled, body: es.states.cancelled, tag: `appointment-${booked.appointmentId}` },
      ]);
    // The visit is over: its subscription ended, and a new one is refused with the reason.
    const again = await other.request.post(
      `/api/appointments/track/${booked.trackingUrl.split("/track/")[1]}/push`,
      { data: { endpoint: sub.endpoint, keys: sub.keys } },
    );
    expect([again.status(), (await again.json()).error.code]).toEqual([409, "VISIT_OVER"]);
    await context.close();
  } finally {
    const doctor = await doctorId(api);
    await api.mutate("queue.clearEmergency", { doctorId: doctor });
    await api.close();
    await push.close();
  }
});
