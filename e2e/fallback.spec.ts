// When the WebSocket cannot be held, the patient page polls over HTTP, says so, and still updates.
import { expect, test } from "@playwright/test";

test("with the socket blocked the patient page falls back to polling and still shows a check-in", async ({
  page,
  request,
}) => {
  const links: { url: string; appointmentId: string; status: string }[] = (
    await (await request.get("/api/demo/links")).json()
  ).links;
  const target = links.filter((l) => l.status === "BOOKED").at(-1)!;

  await page.routeWebSocket(/\/api\/trpc-ws/, (ws) => ws.close({ code: 1011, reason: "blocked by test" }));
  await page.goto(target.url);
  await expect(page.getByTestId("status-message")).toBeVisible();
  await expect(page.getByTestId("live-indicator")).toHaveAttribute("data-mode", "polling", {
    timeout: 15_000,
  });
  await expect(page.getByTestId("live-indicator")).toHaveText(/Updated \d+ s ago/);
  const before = await page.getByTestId("status-message").textContent();

  const login = await request.post("/api/trpc/auth.login", {
    data: { json: { email: "reception@demo.hospital", password: "demo1234" } },
  });
  expect(login.ok()).toBeTruthy();
  const checkIn = await request.post("/api/trpc/queue.checkIn", {
    data: { json: { appointmentId: target.appointmentId, force: true } },
  });
  expect(checkIn.ok()).toBeTruthy();

  await expect(page.getByTestId("status-message")).not.toHaveText(before ?? "", { timeout: 20_000 });
  await expect(page.getByTestId("status-message")).toContainText(/checked in|next/i);
});
