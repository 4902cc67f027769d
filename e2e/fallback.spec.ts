// When the WebSocket cannot be held, the patient page polls over HTTP, says so, and still updates;
// when it can again, the page goes back to it.
import { expect, test } from "@playwright/test";
import { demoLinks } from "./screens-kit";

test("with the socket blocked the patient page falls back to polling, still shows a check-in, and goes back", async ({
  page,
  request,
}) => {
  const links = await demoLinks(request);
  const target = links.filter((l) => l.status === "BOOKED").at(-1)!;

  let blocked = true;
  await page.routeWebSocket(/\/api\/trpc-ws/, (ws) => {
    if (blocked) ws.close({ code: 1011, reason: "blocked by test" });
    else ws.connectToServer();
  });
  await page.goto(target.url);
  await expect(page.getByTestId("status-message")).toBeVisible();
  await expect(page.getByTestId("live-indicator")).toHaveAttribute("data-mode", "polling", {
    timeout: 15_000,
  });
  await expect(page.getByTestId("live-indicator")).toHaveText(/Updated \d+ s ago/);
  const before = await page.getByTestId("status-message").textContent();

  const login = await request.post("/api/trpc/auth.login", {
    data: { json: { email: "reception@demo.hospital", password: "demo-clinic-1234" } },
  });
  expect(login.ok()).toBeTruthy();
  const checkIn = await request.post("/api/trpc/queue.checkIn", {
    data: { json: { appointmentId: target.appointmentId, force: true } },
  });
  expect(checkIn.ok()).toBeTruthy();

  await expect(page.getByTestId("status-message")).not.toHaveText(before ?? "", { timeout: 20_000 });
  await expect(page.getByTestId("status-message")).toContainText(/checked in|next/i);

  // Once the socket can be held again, the page goes back to it and stops polling.
  blocked = false;
  await expect(page.getByTestId("live-indicator")).toHaveAttribute("data-mode", "live", { timeout: 35_000 });
});
