// One server instance as its own process, for failure tests and benchmarks: everything main.ts
// serves except Next (createAppServer + WebSocket + hub), with main.ts's shutdown on SIGTERM.
// Started with child_process.fork (IPC) under `node --import tsx`; env as main.ts, plus PORT=0 for
// any free port, PQ_WS_OPTIONS (JSON) for attachWebSocket and PQ_HUB_OPTIONS (JSON) for the hub's
// check intervals. It reports {type: "ready", port}, and runs queue changes for its parent
// ({id, op, args} → {id, ok, result | error, at}), so a test can say "this change was made through
// that instance".
import type { AddressInfo } from "node:net";
import { startConfiguredClock } from "../clock-start.ts";
import { closeDb } from "../db/client.ts";
import { createAppServer } from "../http/router.ts";
import { getHub } from "../realtime/hub.ts";
import { closeRedis } from "../redis.ts";
import { reissueTrackingLink } from "../services/links.ts";
import { settlePushes } from "../services/push.ts";
import { callNext, checkIn } from "../services/queue-changes.ts";
import { broadcastEmergency, type EmergencyInput } from "../services/queue-notices.ts";
import { getTrackingFeed } from "../ws/tracking-feed.ts";
import { attachWebSocket } from "../ws/ws-server.ts";

// The parent test run's business clock (PQ_CLOCK_START and its anchor), exactly.
startConfiguredClock();

export type InstanceOp =
  | { op: "checkIn"; args: { hospitalId: string; appointmentId: string } }
  | { op: "callNext"; args: { hospitalId: string; doctorId: string; date: string } }
  | { op: "emergency"; args: { hospitalId: string } & EmergencyInput }
  | { op: "reissue"; args: { hospitalId: string; appointmentId: string } }
  | { op: "settlePushes"; args?: undefined }
  | { op: "memory"; args?: undefined }
  | { op: "stats"; args?: undefined };

const ACTOR = "system:test-instance";

async function run(request: InstanceOp): Promise<unknown> {
  switch (request.op) {
    case "checkIn": {
      const { hospitalId, appointmentId } = request.args;
      return checkIn({ hospitalId }, appointmentId, ACTOR, { force: true });
    }
    case "callNext": {
      const { hospitalId, doctorId, date } = request.args;
      return callNext({ hospitalId }, doctorId, date, ACTOR);
    }
    case "emergency": {
      const { hospitalId, ...input } = request.args;
      return broadcastEmergency({ hospitalId }, input, ACTOR);
    }
    case "reissue":
      return reissueTrackingLink(request.args.hospitalId, request.args.appointmentId);
    case "settlePushes":
      return settlePushes();
    case "memory": {
      const gc = (globalThis as { gc?: () => void }).gc;
      for (let i = 0; i < 3; i++) gc?.();
      return process.memoryUsage();
    }
    case "stats":
      return { connections: ws.connections(), subscriptions: getTrackingFeed().size, hub: getHub().stats() };
  }
}

const server = createAppServer((_req, res) => res.writeHead(404).end());
const ws = attachWebSocket(server, null, JSON.parse(process.env.PQ_WS_OPTIONS ?? "{}"));
Object.assign(getHub().checks, JSON.parse(process.env.PQ_HUB_OPTIONS ?? "{}"));
getHub().start();
server.listen(Number(process.env.PORT ?? 0), "127.0.0.1", () => {
  const { port } = server.address() as AddressInfo;
  process.send?.({ type: "ready", port, pid: process.pid });
});

process.on("message", (msg: InstanceOp & { id: number }) => {
  void run(msg).then(
    (result) =>
      process.send?.({ id: msg.id, ok: true, result, at: performance.timeOrigin + performance.now() }),
    (err: Error) =>
      process.send?.({
        id: msg.id,
        ok: false,
        error: err.message,
        at: performance.timeOrigin + performance.now(),
      }),
  );
});

let stopping = false;
process.on("SIGTERM", () => {
  if (stopping) return;
  stopping = true;
  void (async () => {
    // PQ_DRAIN_MS: how long clients get to move after the reconnect notice (tests lengthen it).
    await ws.drain(Number(process.env.PQ_DRAIN_MS ?? 3_000));
    server.closeAllConnections();
    await new Promise<void>((r) => server.close(() => r()));
    await getHub().stop();
    await closeRedis();
    await closeDb();
    process.exit(0);
  })();
});
// The parent went away: do not outlive it.
process.on("disconnect", () => process.kill(process.pid, "SIGTERM"));
