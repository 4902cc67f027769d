// The machine's limit for bench:track: node:http answering every request with the same JSON body
// (a real tracking response, passed in by main.ts) and the same headers as the app (its security
// headers too, and a fresh X-Request-Id each time): the same bytes on the wire, so the ratio is
// the cost of our server, not of the headers it is required to send.
import { randomUUID } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";

process.once("message", (msg: { body: string; headers: [string, string][] }) => {
  const head = [
    "X-Request-Id",
    "",
    ...msg.headers.flat(),
    "Content-Length",
    String(Buffer.byteLength(msg.body)),
  ];
  const server = http.createServer((_req, res) => {
    head[1] = randomUUID();
    res.writeHead(200, head);
    res.end(msg.body);
  });
  server.listen(0, "127.0.0.1", () =>
    process.send?.({ type: "ready", port: (server.address() as AddressInfo).port }),
  );
});
process.on("disconnect", () => process.exit(0));
