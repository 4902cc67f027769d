import { defineConfig, devices } from "@playwright/test";

const PORT = Number(process.env.E2E_PORT ?? 8100);
/** A second server on an empty database (PQ_DEMO=false): the clinic's first run. */
export const EMPTY_PORT = PORT + 1;
export const EMPTY_SERVER_LOG = "test-results/e2e-empty-server.log";

export default defineConfig({
  testDir: "e2e",
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: process.env.CI ? [["list"], ["json", { outputFile: "test-results/e2e.json" }]] : "list",
  outputDir: "test-results/artifacts",
  use: {
    baseURL: `http://localhost:${PORT}`,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--disable-quic",
      ],
    },
  },
  projects: [{ name: "chromium", use: { ...devices["Desktop Chrome"], channel: undefined } }],
  webServer: [
    {
      // A fresh database (PostgreSQL when DATABASE_URL is set, else embedded), the demo data, the built server.
      command: "node --import tsx scripts/e2e-server.ts",
      url: `http://localhost:${PORT}/health`,
      reuseExistingServer: false,
      timeout: 120_000,
      env: { E2E_PORT: String(PORT), LOG_LEVEL: process.env.LOG_LEVEL ?? "warn" },
      stdout: "pipe",
      stderr: "pipe",
      // SIGTERM first (SIGKILL was the default): scripts/e2e-server.ts then drops its database.
      gracefulShutdown: { signal: "SIGTERM", timeout: 10_000 },
    },
    {
      // Another fresh database left empty: the journeys of a clinic setting itself up.
      command: "node --import tsx scripts/e2e-server.ts --empty",
      url: `http://localhost:${EMPTY_PORT}/health`,
      reuseExistingServer: false,
      timeout: 120_000,
      env: {
        E2E_PORT: String(EMPTY_PORT),
        E2E_SERVER_LOG: EMPTY_SERVER_LOG,
        LOG_LEVEL: process.env.LOG_LEVEL ?? "info",
      },
      stdout: "pipe",
      stderr: "pipe",
      // SIGTERM first (SIGKILL was the default): scripts/e2e-server.ts then drops its database.
      gracefulShutdown: { signal: "SIGTERM", timeout: 10_000 },
    },
  ],
});
