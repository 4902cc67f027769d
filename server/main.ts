// The process: one HTTP server on PORT serving Next, tRPC over HTTP (/api/trpc), the REST
// aliases, /health, and tRPC subscriptions over WebSocket (/api/trpc-ws) on the same port;
// plus the hub that fans queue changes out to subscribers. Graceful shutdown on SIGTERM.
import next from "next";
import { now } from "./clock.ts";
import { startConfiguredClock } from "./clock-start.ts";
import { closeDb, databaseKind } from "./db/client.ts";
import { env } from "./env.ts";
import { withSetupRedirect } from "./http/first-run.ts";
import { createAppServer } from "./http/router.ts";
import { errorField, log } from "./log.ts";
import { getHub } from "./realtime/hub.ts";
import { closeRedis } from "./redis.ts";
import { prepareFirstRun } from "./services/setup.ts";
import { startSweeper } from "./services/sweeper.ts";
import { attachWebSocket } from "./ws/ws-server.ts";

async function main() {
  const config = env();
  const clockStart = startConfiguredClock();
  if (clockStart)
    log.warn(
      { clockStart: clockStart.toISOString() },
      "business time starts at PQ_CLOCK_START (demo or test)",
    );
  const dev = config.NODE_ENV !== "production";
  const started = Date.now();

  const app = next({ dev, hostname: "localhost", port: config.PORT, dir: process.cwd() });
  await app.prepare();
  const nextHandler = app.getRequestHandler();

  // A real clinic's first run: the one-time setup code is stored before the port opens, and
  // printed once in the log (every page leads to /setup until a hospital and its admin exist).
  let setupLine: string | null = null;
  try {
    await prepareFirstRun(now(), (line) => {
      setupLine = line;
    });
  } catch (err) {
    // The database is away: serve anyway (/health says so); a restart makes the code once it is back.
    log.error(errorField(err), "could not check whether the clinic still needs /setup");
  }
  const server = createAppServer(withSetupRedirect((req, res) => void nextHandler(req, res)));
  const ws = attachWebSocket(server, dev ? app.getUpgradeHandler() : null);
  getHub().start();
  const sweeper = startSweeper();

  server.listen(config.PORT, config.HOST, () => {
    const addr = server.address();
    const port = typeof addr === "object" && addr ? addr.port : config.PORT;
    log.info(
      { port, mode: dev ? "dev" : "production", ms: Date.now() - started, database: databaseKind() },
      `patient-queue ready on http://localhost:${port}`,
    );
    if (setupLine) console.info(`\n  ${setupLine}\n  http://localhost:${port}/setup\n`);
    else if (databaseKind() === "embedded" && config.PQ_DEMO) printDemoHelp(port);
  });

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, "telling clients to reconnect, then closing");
    const force = setTimeout(() => process.exit(1), 10_000);
    force.unref();
    sweeper.stop();
    await ws.drain(3_000);
    server.closeAllConnections?.();
    await new Promise<void>((r) => server.close(() => r()));
    await getHub().stop();
    await closeRedis();
    await closeDb();
    await app.close?.();
    process.exit(0);
  };
  process.on("SIGTERM", () => void shutdown("SIGTERM"));
  process.on("SIGINT", () => void shutdown("SIGINT"));
}

function printDemoHelp(port: number) {
  console.info(
    [
      "",
      `  patient-queue demo:  http://localhost:${port}`,
      `  Staff sign in:  http://localhost:${port}/login   (password demo-clinic-1234)`,
      "    reception@demo.hospital   receptionist",
      "    admin@demo.hospital       admin",
      "    doctor@demo.hospital      doctor",
      "  Patient links:  npm run demo:links",
      "",
    ].join("\n"),
  );
}

main().catch((err) => {
  if (err instanceof Error && err.name === "ConfigError") console.error(err.message);
  else log.fatal(errorField(err), "could not start");
  process.exit(1);
});
