import http from "node:http";
import type { AddressInfo } from "node:net";
import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { createLogger, requestIdOf, withRequestId } from "./log.ts";

function capture() {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk, _enc, done) {
      for (const line of String(chunk).split("\n").filter(Boolean)) lines.push(JSON.parse(line));
      done();
    },
  });
  return { lines, logger: createLogger("debug", stream) };
}

const flush = () => new Promise((r) => setImmediate(r));

describe("structured logs", () => {
  it("writes JSON lines carrying the current request's id, and none outside a request", async () => {
    const { lines, logger } = capture();
    logger.info("outside");
    await withRequestId("req-1", async () => {
      await new Promise((r) => setTimeout(r, 1));
      logger.info({ route: "/board" }, "inside, after an await");
    });
    await flush();
    expect(lines[0]).not.toHaveProperty("reqId");
    expect(lines[1]).toMatchObject({ reqId: "req-1", route: "/board", msg: "inside, after an await" });
    expect(lines[1]).toHaveProperty("time");
  });

  it("redacts tokens, passwords, cookies and patient names should one be logged by mistake", async () => {
    const { lines, logger } = capture();
    logger.warn(
      {
        token: "eyJhbGciOi.secret",
        input: { token: "eyJ.x.y", password: "hunter2", patientName: "Asha Verma" },
        headers: { cookie: "pq_session=abc", authorization: "Bearer t" },
      },
      "oops",
    );
    await flush();
    const text = JSON.stringify(lines[0]);
    for (const secret of [
      "eyJhbGciOi.secret",
      "eyJ.x.y",
      "hunter2",
      "Asha Verma",
      "pq_session=abc",
      "Bearer t",
    ])
      expect(text).not.toContain(secret);
    expect(text).toContain("[redacted]");
  });

  it("keeps a sane incoming X-Request-Id and replaces anything else", async () => {
    const server = http.createServer((req, res) => res.end(requestIdOf(req)));
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    try {
      const given = await (await fetch(url, { headers: { "X-Request-Id": "lb-7f3a.22" } })).text();
      expect(given).toBe("lb-7f3a.22");
      const hostile = await (
        await fetch(url, { headers: { "X-Request-Id": `x"; DROP ${"a".repeat(80)}` } })
      ).text();
      expect(hostile).toMatch(/^[0-9a-f-]{36}$/);
      const none = await (await fetch(url)).text();
      expect(none).toMatch(/^[0-9a-f-]{36}$/);
    } finally {
      server.close();
    }
  });
});
