// The machine's limit for bench:fanout: a bare `ws` server (same options as ours: no compression,
// same maxPayload) that sends every client one message of a given size per "change". Forked by main.ts.
import type { AddressInfo } from "node:net";
import { WebSocketServer } from "ws";

const wss = new WebSocketServer({
  host: "127.0.0.1",
  port: 0,
  perMessageDeflate: false,
  maxPayload: 64 * 1024,
});
let size = 256;
let sendingSince = 0;

const message = (version: number) => {
  const head = `{"v":${version},"pad":"`;
  return `${head}${"x".repeat(Math.max(0, size - head.length - 2))}"}`;
};

wss.on("connection", (socket) => socket.send(message(0)));
wss.on("listening", () => process.send?.({ type: "ready", port: (wss.address() as AddressInfo).port }));

process.on(
  "message",
  (msg: { id: number; op: "size" | "broadcast" | "memory" | "stats"; size?: number; version?: number }) => {
    const at = performance.timeOrigin + performance.now();
    if (msg.op === "size") size = msg.size ?? size;
    if (msg.op === "memory") {
      const gc = (globalThis as { gc?: () => void }).gc;
      for (let i = 0; i < 3; i++) gc?.();
      process.send?.({ id: msg.id, ok: true, result: process.memoryUsage(), at });
      return;
    }
    process.send?.({ id: msg.id, ok: true, result: msg.op === "stats" ? { sendingSince } : null, at });
    if (msg.op === "broadcast") {
      // Like the app: answer the change first, then fan out.
      setImmediate(() => {
        sendingSince = performance.timeOrigin + performance.now();
        const text = message(msg.version ?? 0);
        for (const client of wss.clients) client.send(text);
      });
    }
  },
);
process.on("disconnect", () => process.exit(0));
