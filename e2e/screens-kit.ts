// Helpers for the screen journeys: demo links, staff API calls over tRPC's HTTP protocol, the
// accessibility check and screenshots.
import fs from "node:fs";
import AxeBuilder from "@axe-core/playwright";
import { type APIRequestContext, type Browser, expect, type Page } from "@playwright/test";

export type DemoLink = {
  url: string;
  appointmentId: string;
  doctorName: string;
  ticket: number;
  /** As the server says, except "BOOKED_DUE" (see below). */
  status: string;
  scheduledAt: string;
};

/** Minutes after the appointment time that the sweeper marks a booked patient who never came (NO_SHOW_GRACE). */
const NO_SHOW_GRACE_MIN = 15;

/**
 * The demo's tracking links. A booked patient whose no-show falls due within the next 5 minutes is
 * listed as "BOOKED_DUE", so a journey that picks a "BOOKED" patient is never overtaken by the
 * sweeper marking them (what the hour of the run decides).
 */
export async function demoLinks(request: APIRequestContext): Promise<DemoLink[]> {
  const res = await request.get("/api/demo/links");
  expect(res.ok()).toBeTruthy();
  const body: { now: string; links: DemoLink[] } = await res.json();
  const { links } = body;
  // The server's business clock (the e2e server starts it at PQ_CLOCK_START), not this machine's.
  const soon = Date.parse(body.now) + 5 * 60_000;
  return links.map((l) =>
    l.status === "BOOKED" && Date.parse(l.scheduledAt) + NO_SHOW_GRACE_MIN * 60_000 < soon
      ? { ...l, status: "BOOKED_DUE" }
      : l,
  );
}

/** A signed-in API client for a demo staff account (its own browser context, so its own cookies). */
export async function staffApi(browser: Browser, email = "reception@demo.hospital") {
  const context = await browser.newContext();
  const request = context.request;
  const login = await request.post("/api/trpc/auth.login", {
    data: { json: { email, password: "demo-clinic-1234" } },
  });
  expect(login.ok(), await login.text()).toBeTruthy();
  const query = async <T>(path: string, input?: unknown): Promise<T> => {
    const qs = input === undefined ? "" : `?input=${encodeURIComponent(JSON.stringify({ json: input }))}`;
    const res = await request.get(`/api/trpc/${path}${qs}`);
    expect(res.ok(), `${path}: ${await res.text()}`).toBeTruthy();
    return (await res.json()).result.data.json as T;
  };
  const mutate = async <T>(
    path: string,
    input: unknown,
  ): Promise<{ ok: boolean; data: T; error?: string }> => {
    const res = await request.post(`/api/trpc/${path}`, { data: { json: input } });
    const body = await res.json();
    return { ok: res.ok(), data: body.result?.data?.json as T, error: body.error?.json?.message };
  };
  return { context, request, query, mutate, close: () => context.close() };
}
export type StaffApi = Awaited<ReturnType<typeof staffApi>>;

export async function doctorIdOf(api: StaffApi, name: string): Promise<string> {
  const doctors = await api.query<{ id: string; name: string }[]>("queue.doctors");
  const doctor = doctors.find((d) => d.name === name);
  expect(doctor, `doctor ${name}`).toBeTruthy();
  return doctor!.id;
}

type Suggest = {
  workingDay: boolean;
  suggestions: { label: string; start: string; hasRoom: boolean }[];
};

/** A doctor who works on `date` with free times, and those times (from the API the slot picker uses). */
export async function doctorWorkingOn(api: StaffApi, date: string, except: string[] = []) {
  const doctors = await api.query<{ id: string; name: string }[]>("queue.doctors");
  for (const d of doctors.filter((x) => !except.includes(x.id))) {
    const s = await api.query<Suggest>("slots.suggest", { doctorId: d.id, date });
    const free = s.suggestions.filter((x) => x.hasRoom);
    if (s.workingDay && free.length > 1) return { ...d, free };
  }
  throw new Error(`no doctor works on ${date} with free times`);
}

/** Signs in through the login form, as a person would. */
export async function signIn(page: Page, email: string, next = "/board") {
  await page.goto(`/login?next=${encodeURIComponent(next)}`);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill("demo-clinic-1234");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(new RegExp(next.replace(/[/?]/g, "\\$&")));
}

/** Waits until no finite CSS animation or transition is running (a fade, a toast sliding in). */
export async function animationsSettled(page: Page) {
  await page.waitForFunction(() =>
    document
      .getAnimations()
      .every(
        (a) =>
          a.playState !== "running" || a.effect?.getComputedTiming().iterations === Number.POSITIVE_INFINITY,
      ),
  );
}

/** No serious or critical accessibility violations (axe-core) on the page as it is now. */
export async function expectAccessible(page: Page, what: string) {
  const results = await new AxeBuilder({ page }).analyze();
  const bad = results.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.impact} ${v.id}: ${v.help} → ${v.nodes.map((n) => n.target.join(" ")).join(" | ")}`);
  expect(bad, `accessibility of ${what}`).toEqual([]);
}

export async function shoot(page: Page, name: string, fullPage = true) {
  fs.mkdirSync("test-results/screenshots", { recursive: true });
  const path = `test-results/screenshots/${name}.png`;
  await page.screenshot({ path, fullPage, animations: "disabled" });
  // The README shows these: every run keeps them as the app looks now.
  fs.copyFileSync(path, `docs/screenshots/${name}.png`);
}
