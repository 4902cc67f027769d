// A server process for the first-run tests: what main.ts does before Next serves a page (the setup
// code at start, the /setup redirect in front of the page handler), with a page handler that just
// answers 200 "page". Forked with its own DATABASE_URL (an empty database); reports {type, port}.
import type { AddressInfo } from "node:net";
import { now } from "../clock.ts";
import { startConfiguredClock } from "../clock-start.ts";
import { closeDb } from "../db/client.ts";
import { withSetupRedirect } from "../http/first-run.ts";
import { createAppServer } from "../http/router.ts";
import { closeRedis } from "../redis.ts";
import { prepareFirstRun } from "../services/setup.ts";

startConfiguredClock();
await prepareFirstRun(now(), (line) => console.info(line));
const server = createAppServer(
  withSetupRedirect((_req, res) => res.writeHead(200, { "Content-Type": "text/plain" }).end("page")),
);
server.listen(0, "127.0.0.1", () => {
  process.send?.({ type: "ready", port: (server.address() as AddressInfo).port });
});
process.on("SIGTERM", () => {
  server.closeAllConnections();
  server.close(() => void Promise.all([closeRedis(), closeDb()]).finally(() => process.exit(0)));
});
