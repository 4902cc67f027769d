// Two RedisBus objects with their own connections and instance ids stand for two processes.
import { randomBytes } from "node:crypto";
import { afterEach, expect, it, vi } from "vitest";
import { until } from "../cache/testing/redis-server.ts";
import { log } from "../log.ts";
import { closeRedisConnection, createRedisConnection, type RedisClient } from "../redis.ts";
import { describeNeeding } from "../test/needs.ts";
import type { QueueUpdate } from "./bus.ts";
import { RedisBus } from "./bus-redis.ts";

const url = process.env.REDIS_URL;

describeNeeding(["redis"], "RedisBus on a real Redis", () => {
  const clients: RedisClient[] = [];
  const connect = (role: "commands" | "subscriber") => {
    const client = createRedisConnection(url!, { role });
    clients.push(client);
    return client;
  };
  const process = (instanceId: string) =>
    new RedisBus({ publisher: connect("commands"), subscriber: connect("subscriber"), instanceId });
  // Other test runs may share this Redis and channel: only count this run's topics.
  const run = randomBytes(6).toString("hex");
  const mine = (m: QueueUpdate) => m.topic.startsWith(run);
  const topic = `${run}:hospital:queue`;

  // Each test closes its own "processes", so earlier buses do not hear later messages.
  afterEach(async () => {
    await Promise.all(clients.splice(0).map(closeRedisConnection));
  });

  it("carries a message from one instance to the other on channel queue_updates, not back to its sender", async () => {
    const a = process("instance-a");
    const b = process("instance-b");
    const toA: QueueUpdate[] = [];
    const toB: QueueUpdate[] = [];
    a.subscribe((m) => mine(m) && toA.push(m));
    b.subscribe((m) => mine(m) && toB.push(m));
    const raw: string[] = [];
    const watcher = connect("subscriber");
    watcher.on(
      "message",
      (channel: string, message: string) => message.includes(run) && raw.push(`${channel} ${message}`),
    );
    await watcher.subscribe("queue_updates");
    await until(() => a.isUp() && b.isUp(), 5000, "Redis");
    await Promise.all([a.listen(), b.listen()]);

    await a.publish({ topic, version: 1, reason: "CHECK_IN", at: 1 });
    await until(() => toB.length > 0 && raw.length > 0, 5000, "delivery to b");
    expect(toB).toEqual([{ topic, version: 1, reason: "CHECK_IN", at: 1 }]);
    expect(raw).toHaveLength(1);
    expect(raw[0]!.startsWith("queue_updates ")).toBe(true);
    expect(JSON.parse(raw[0]!.slice("queue_updates ".length))).toEqual({
      topic,
      version: 1,
      reason: "CHECK_IN",
      at: 1,
      origin: "instance-a",
    });

    await b.publish({ topic, version: 100, reason: "CALL_NEXT", kind: "emergency" });
    await until(() => toA.some((m) => m.version === 100), 5000, "delivery to a");
    expect(toA.find((m) => m.version === 100)).toEqual({
      topic,
      version: 100,
      reason: "CALL_NEXT",
      kind: "emergency",
    });
    expect(toA.every((m) => m.version === 100)).toBe(true);
    expect(toB.some((m) => m.version === 100)).toBe(false);
  });

  it("ignores malformed messages", async () => {
    const warn = vi.spyOn(log, "warn").mockImplementation(() => {});
    const b = process("instance-b2");
    const got: QueueUpdate[] = [];
    b.subscribe((m) => mine(m) && got.push(m));
    const raw = connect("commands");
    await until(() => raw.status === "ready" && b.isUp(), 5000, "Redis");
    const bad = [
      "not json",
      JSON.stringify({ topic, version: "7", reason: "x", origin: "o" }),
      JSON.stringify({ topic, version: 7, reason: "x" }),
      JSON.stringify({ topic: "", version: 7, reason: "x", origin: "o" }),
    ];
    await b.listen();
    for (const message of bad) await raw.publish("queue_updates", message);
    await raw.publish("queue_updates", JSON.stringify({ topic, version: 8, reason: "ok", origin: "o" }));
    await until(() => got.length > 0, 5000, "the valid message");
    expect(got).toEqual([{ topic, version: 8, reason: "ok" }]);
    expect(b.dropped).toBe(bad.length);
    expect(warn).toHaveBeenCalledOnce();
    warn.mockRestore();
  });
});
