// Frames written by text-frame.ts, read by ws's own client over a real socket: every length form
// (7-bit, 16-bit, 64-bit), multi-byte characters, order with ws's own sends, and the fallback to
// ws.send where a frame of ours would not be what ws sends (a client socket: frames are masked).
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import WebSocket, { WebSocketServer } from "ws";
import { FrameWriter } from "./frame-writer.ts";
import { sendFrame, sendText } from "./text-frame.ts";
import { asciiJson } from "./tracking-body.ts";

let wss: WebSocketServer;
let url: string;
const serverSockets: WebSocket[] = [];

beforeAll(async () => {
  wss = new WebSocketServer({ host: "127.0.0.1", port: 0, perMessageDeflate: false });
  wss.on("connection", (socket) => serverSockets.push(socket));
  await new Promise<void>((resolve) => wss.once("listening", resolve));
  url = `ws://127.0.0.1:${(wss.address() as AddressInfo).port}`;
});
afterAll(async () => {
  for (const client of wss.clients) client.terminate();
  await new Promise((resolve) => wss.close(resolve));
});

/** A client connected to the server, with its server-side socket and everything it receives. */
async function pair() {
  const before = serverSockets.length;
  const client = new WebSocket(url, { perMessageDeflate: false });
  const received: { text: string; binary: boolean }[] = [];
  client.on("message", (data, binary) => received.push({ text: data.toString("utf8"), binary }));
  await new Promise((resolve) => client.once("open", resolve));
  await vi.waitFor(() => expect(serverSockets.length).toBeGreaterThan(before));
  const server = serverSockets[serverSockets.length - 1] as WebSocket;
  return { client, server, received };
}

const sizes = [0, 1, 125, 126, 127, 1000, 65_535, 65_536, 200_000];

describe("the frames sendText writes", () => {
  it("give each length its header form, with the UTF-8 bytes after it", () => {
    const textFrame = (message: string) => new FrameWriter().begin().ascii(message).end();
    expect([...textFrame("hi").subarray(0, 2)]).toEqual([0x81, 2]);
    const mid = textFrame("x".repeat(300));
    expect([mid[0], mid[1], mid.readUInt16BE(2), mid.length]).toEqual([0x81, 126, 300, 304]);
    const big = textFrame("x".repeat(70_000));
    expect([big[0], big[1], big.readUInt32BE(2), big.readUInt32BE(6), big.length]).toEqual([
      0x81, 127, 0, 70_000, 70_010,
    ]);
    // "é" is two bytes, "🙂" four: the length is the bytes', not the string's.
    const accented = textFrame("é🙂");
    expect([accented[1], accented.subarray(2).toString("utf8")]).toEqual([6, "é🙂"]);
  });
});

describe("sendText", () => {
  it("is read by ws's client as the same text, in order with ws's own sends, for every length", async () => {
    const { client, server, received } = await pair();
    const sent: string[] = [];
    const send = vi.spyOn(server, "send");
    for (const n of sizes) {
      const text = `${n}:${"aé🙂".repeat(Math.ceil(n / 7)).slice(0, n)}`;
      sent.push(text);
      sendText(server, text);
    }
    expect(send).not.toHaveBeenCalled(); // written as our own frames
    server.send("last, by ws");
    sent.push("last, by ws");
    await vi.waitFor(() => expect(received).toHaveLength(sent.length));
    expect(received.map((m) => m.text)).toEqual(sent);
    expect(received.every((m) => !m.binary)).toBe(true);
    client.close();
  });

  it("keeps hundreds of frames in order across slabs, short and long, as written", async () => {
    const { client, server, received } = await pair();
    const sent = Array.from({ length: 400 }, (_, i) => `${i}:${"é-".repeat((i * 37) % 1500)}`);
    for (const text of sent) sendText(server, text);
    await vi.waitFor(() => expect(received).toHaveLength(sent.length));
    expect(received.map((m) => m.text)).toEqual(sent);
    client.close();
  });

  const frames = new FrameWriter();
  const senders = {
    sendText,
    sendFrame: (socket: WebSocket, text: string) => sendFrame(socket, frames.begin().ascii(text)),
  };
  it.each(Object.keys(senders) as (keyof typeof senders)[])(
    "%s gives a stalled socket's queued frames buffers of their own, not views of a shared slab",
    async (sender) => {
      const send = senders[sender];
      const { client, server, received } = await pair();
      const raw = (server as unknown as { _socket: import("node:net").Socket })._socket;
      const written: { queued: boolean; frame: Buffer }[] = [];
      const write = raw.write.bind(raw);
      raw.write = ((frame: Buffer) => {
        written.push({ queued: raw.writableLength > 0, frame });
        return write(frame);
      }) as typeof raw.write;
      // The client stops reading: once the kernel's buffers are full, Node queues the writes.
      (client as unknown as { _socket: import("node:net").Socket })._socket.pause();
      const sent: string[] = [];
      for (let i = 0; i < 200_000 && raw.writableLength < 256 * 1024; i++) {
        sent.push(`${i}:${"x".repeat(1000)}`);
        send(server, sent[i]!);
        if (i % 500 === 499) await new Promise((resolve) => setImmediate(resolve));
      }
      expect(raw.writableLength).toBeGreaterThanOrEqual(256 * 1024);
      const queued = written.filter((w) => w.queued);
      expect(queued.length).toBeGreaterThan(100);
      for (const { frame } of queued) expect(frame.buffer.byteLength).toBe(frame.length);
      expect(written.some((w) => !w.queued && w.frame.buffer.byteLength === 64 * 1024)).toBe(true);
      (client as unknown as { _socket: import("node:net").Socket })._socket.resume();
      await vi.waitFor(() => expect(received).toHaveLength(sent.length), { timeout: 30_000 });
      expect(received.map((m) => m.text)).toEqual(sent);
      client.close();
    },
    60_000,
  );

  it("leaves a client's socket to ws (its frames are masked)", async () => {
    const { client, server, received } = await pair();
    const send = vi.spyOn(client, "send");
    const heard: string[] = [];
    server.on("message", (data) => heard.push(data.toString("utf8")));
    sendText(client, "from the client");
    expect(send).toHaveBeenCalledOnce();
    await vi.waitFor(() => expect(heard).toEqual(["from the client"]));
    expect(received).toEqual([]);
    client.close();
  });

  it("sendFrame: frames from the frame writer are read as the same text, in order with the other sends", async () => {
    const { client, server, received } = await pair();
    const frames = new FrameWriter();
    const sent: string[] = [];
    for (const n of sizes) {
      const text = `${n}:${"aé🙂\n".repeat(Math.ceil(n / 8)).slice(0, n)}`;
      sent.push(asciiJson(JSON.stringify(text)), `text ${n}`);
      sendFrame(server, frames.begin().string(text));
      sendText(server, `text ${n}`);
    }
    server.send("last, by ws");
    sent.push("last, by ws");
    await vi.waitFor(() => expect(received).toHaveLength(sent.length));
    expect(received.map((m) => m.text)).toEqual(sent);
    expect(received.every((m) => !m.binary)).toBe(true);
    // A client's socket: ws sends it (masked), as text.
    const heard: string[] = [];
    server.on("message", (data) => heard.push(data.toString("utf8")));
    const send = vi.spyOn(client, "send");
    sendFrame(client, frames.begin().ascii('"from the client"'));
    expect(send).toHaveBeenCalledWith('"from the client"');
    await vi.waitFor(() => expect(heard).toEqual(['"from the client"']));
    client.close();
  });

  it("leaves a socket with compression negotiated to ws (its frames are compressed)", async () => {
    const deflating = new WebSocketServer({
      host: "127.0.0.1",
      port: 0,
      perMessageDeflate: { threshold: 0 },
    });
    await new Promise<void>((resolve) => deflating.once("listening", resolve));
    const accepted = new Promise<WebSocket>((resolve) => deflating.once("connection", resolve));
    const client = new WebSocket(`ws://127.0.0.1:${(deflating.address() as AddressInfo).port}`, {
      perMessageDeflate: true,
    });
    const received: string[] = [];
    client.on("message", (data) => received.push(data.toString("utf8")));
    await new Promise((resolve) => client.once("open", resolve));
    const server = await accepted;
    expect(Object.keys((server as unknown as { _extensions: object })._extensions)).toEqual([
      "permessage-deflate",
    ]);
    const send = vi.spyOn(server, "send");
    sendText(server, "by sendText");
    sendFrame(server, new FrameWriter().begin().ascii("by sendFrame"));
    expect(send.mock.calls.map((call) => call[0])).toEqual(["by sendText", "by sendFrame"]);
    await vi.waitFor(() => expect(received).toEqual(["by sendText", "by sendFrame"]));
    client.close();
    for (const c of deflating.clients) c.terminate();
    await new Promise((resolve) => deflating.close(resolve));
  });
});
