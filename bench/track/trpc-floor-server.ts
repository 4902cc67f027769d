// Context for bench:track: tRPC's own HTTP adapter (as the app uses it: superjson, GET, zod input)
// answering a query with a constant body of the same size — the most a tRPC read can do here.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { initTRPC } from "@trpc/server";
import { createHTTPHandler } from "@trpc/server/adapters/standalone";
import superjson from "superjson";
import { z } from "zod";

process.once("message", (msg: { body: string }) => {
  const answer = JSON.parse(msg.body);
  const data = superjson.deserialize((Array.isArray(answer) ? answer[0] : answer).result.data);
  const t = initTRPC.create({ transformer: superjson });
  const router = t.router({
    tracking: t.router({ get: t.procedure.input(z.object({ token: z.string() })).query(() => data) }),
  });
  const handler = createHTTPHandler({ router, basePath: "/api/trpc/" });
  const server = http.createServer((req, res) => handler(req, res));
  server.listen(0, "127.0.0.1", () =>
    process.send?.({ type: "ready", port: (server.address() as AddressInfo).port }),
  );
});
process.on("disconnect", () => process.exit(0));
