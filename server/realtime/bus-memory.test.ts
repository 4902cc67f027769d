import { describe, expect, it, vi } from "vitest";
import { log } from "../log.ts";
import type { QueueUpdate } from "./bus.ts";
import { MemoryBus } from "./bus-memory.ts";

const update: QueueUpdate = { topic: "h1:q1", version: 3, reason: "CHECK_IN" };

describe("MemoryBus", () => {
  it("delivers synchronously to every subscriber until it unsubscribes", async () => {
    const bus = new MemoryBus();
    const a: QueueUpdate[] = [];
    const b: QueueUpdate[] = [];
    const stopA = bus.subscribe((m) => a.push(m));
    bus.subscribe((m) => b.push(m));
    const published = bus.publish(update);
    expect(a).toEqual([update]);
    await published;
    stopA();
    await bus.publish({ ...update, version: 4 });
    expect(a).toHaveLength(1);
    expect(b.map((m) => m.version)).toEqual([3, 4]);
  });

  it("keeps delivering to the others when one subscriber throws", async () => {
    const error = vi.spyOn(log, "error").mockImplementation(() => {});
    const bus = new MemoryBus();
    const got: number[] = [];
    bus.subscribe(() => {
      throw new Error("boom");
    });
    bus.subscribe((m) => got.push(m.version));
    await expect(bus.publish(update)).resolves.toBeUndefined();
    expect(got).toEqual([3]);
    expect(error).toHaveBeenCalledOnce();
    error.mockRestore();
  });

  it("treats the same function subscribed twice as two subscriptions", async () => {
    const bus = new MemoryBus();
    const handler = vi.fn();
    const stop = bus.subscribe(handler);
    bus.subscribe(handler);
    await bus.publish(update);
    expect(handler).toHaveBeenCalledTimes(2);
    stop();
    await bus.publish(update);
    expect(handler).toHaveBeenCalledTimes(3);
  });
});
