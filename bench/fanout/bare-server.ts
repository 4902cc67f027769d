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
/** The app's message, split where its event id is ("<version>:<queue day>", templateOf). */
let template: { parts: string[]; rest: string } = {
  parts: ['{"id":1,"result":{"type":"data","id":', "}}"],
  rest: "",
};
let sendingSince = 0;
let loopMs = 0;

const message = (version: number) => template.parts.join(`"${version}${template.rest}"`);

/**
 * Splits a tRPC data message at its event id (`result.id`, and the same id in the data it carries):
 * the version in it is the one part that changes between versions. The rest is the sample's own
 * text, byte for byte (the app writes characters outside ASCII as JSON escapes, since a one-byte
 * string is cheaper to send: the bare server's copy keeps that).
 */
function templateOf(sample: string): typeof template {
  const id = String((JSON.parse(sample) as { result: { id: string } }).result.id);
  return { parts: sample.split(JSON.stringify(id)), rest: id.replace(/^\d+/, "") };
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
