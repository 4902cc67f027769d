// The machine's limit for bench:fanout: a bare `ws` server (same options as ours: no compression,
// same maxPayload) that sends every client one identical message per "change": a copy of a real
// message of the app's (tRPC's wire format, a patient's tracking data) with the change's version in
// it, so the clients parse the same structure on both sides. Forked by main.ts.
import type { AddressInfo } from "node:net";
import { WebSocketServer } from "ws";

const wss = new WebSocketServer({
  host: "127.0.0.1",
  port: 0,
  perMessageDeflate: false,
  maxPayload: 64 * 1024,
});
/** The app's message, split around its version (`result.id`). */
let template: { before: string; after: string } = {
  before: '{"id":1,"result":{"type":"data","id":"',
  after: '","data":{}}}',
};
let sendingSince = 0;
let loopMs = 0;

const message = (version: number) => `${template.before}${version}${template.after}`;

/**
 * Splits a tRPC data message at the version in its `result.id` ("<version>:<queue day>"): the one
 * part that changes between versions; what follows the version in the id stays, so the message
 * keeps the app's size.
 */
function templateOf(sample: string): typeof template {
  const m = JSON.parse(sample) as { result: { id: string } };
  const marker = "@@version@@";
  const rest = String(m.result.id).replace(/^\d+/, "");
  const text = JSON.stringify({ ...m, result: { ...m.result, id: `${marker}${rest}` } });
  const at = text.indexOf(marker);
  return { before: text.slice(0, at), after: text.slice(at + marker.length) };
}

wss.on("connection", (socket) => socket.send(message(0)));
wss.on("listening", () => process.send?.({ type: "ready", port: (wss.address() as AddressInfo).port }));

process.on(
  "message",
  (msg: {
    id: number;
    op: "sample" | "broadcast" | "memory" | "stats";
    sample?: string;
    version?: number;
  }) => {
    const at = performance.timeOrigin + performance.now();
    if (msg.op === "sample" && msg.sample) template = templateOf(msg.sample);
    if (msg.op === "memory") {
      const gc = (globalThis as { gc?: () => void }).gc;
      for (let i = 0; i < 3; i++) gc?.();
      process.send?.({ id: msg.id, ok: true, result: process.memoryUsage(), at });
      return;
    }
    process.send?.({
      id: msg.id,
      ok: true,
      result: msg.op === "stats" ? { sendingSince, loopMs } : null,
      at,
    });
    if (msg.op === "broadcast") {
      // Like the app: answer the change first, then fan out.
      setImmediate(() => {
        sendingSince = performance.timeOrigin + performance.now();
        const text = message(msg.version ?? 0);
        for (const client of wss.clients) client.send(text);
        loopMs = performance.timeOrigin + performance.now() - sendingSince;
      });
    }
  },
);
process.on("disconnect", () => process.exit(0));
