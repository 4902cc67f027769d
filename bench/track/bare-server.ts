// The machine's limit for bench:track: node:http answering every request with the same JSON body
// (a real tracking response, passed in by main.ts) and the same headers as the app.
import http from "node:http";
import type { AddressInfo } from "node:net";

process.once("message", (msg: { body: string }) => {
  const server = http.createServer((_req, res) => {
    res.writeHead(200, {
      "Content-Type": "application/json",
      "Content-Length": Buffer.byteLength(msg.body),
      "Cache-Control": "no-store",
    });
    res.end(msg.body);
  });
  server.listen(0, "127.0.0.1", () =>
    process.send?.({ type: "ready", port: (server.address() as AddressInfo).port }),
  );
});
process.on("disconnect", () => process.exit(0));
