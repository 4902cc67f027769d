// One idempotency helper for the REST intake and the desk's walk-in: the same key and body gets the
// first answer; the same key with another body is a CONFLICT (never another patient's booking); a
// retry sent while the first is still running waits for it and gets its answer.
import { AsyncLocalStorage } from "node:async_hooks";
import { describe, expect, it, vi } from "vitest";
import { until } from "../cache/testing/redis-server.ts";
import { getDb } from "../db/client.ts";
import { withIdempotency } from "./idempotency.ts";
import { queueWorld } from "./queue-test-kit.ts";

// Which named retry (see `asRetry`) has read its key's record while the first was still running.
const pendingSeenBy = vi.hoisted(() => new Set<string>());
const retryName = new AsyncLocalStorage<string>();
vi.mock("../db/intake-repo.ts", async (importOriginal) => {
  const repo = await importOriginal<typeof import("../db/intake-repo.ts")>();
  return {
    ...repo,
    findIdempotentRequest: async (hospitalId: string, key: string) => {
      const record = await repo.findIdempotentRequest(hospitalId, key);
      const name = retryName.getStore();
      if (name && record && "pending" in (record.response as object)) pendingSeenBy.add(name);
      return record;
    },
  };
});
const asRetry = <T>(name: string, call: () => Promise<T>) => retryName.run(name, call);

/** A change that runs until the test lets it finish: `running` once it has started (its key reserved). */
function heldChange<T>(outcome: () => T) {
  let started = () => {};
  const running = new Promise<void>((resolve) => {
    started = resolve;
  });
  let finish = () => {};
  const finished = new Promise<void>((resolve) => {
    finish = resolve;
  });
  let runs = 0;
  const run = async () => {
    runs++;
    started();
    await finished;
    return outcome();
  };
  return { run, running, finish, runs: () => runs };
}

describe("the helper", () => {
  const hospitalId = "idempotency-test-hospital";

  it("a concurrent retry waits for the first request and gets its answer; the work runs once", async () => {
    const key = `wait-${Date.now()}`;
    const work = heldChange(() => ({ booked: 1, at: new Date("2026-06-04T10:00:00Z") }));
    const first = withIdempotency(hospitalId, key, "test.op", { a: 1 }, work.run);
    await work.running;
    const retries = ["two", "three"].map((name) =>
      asRetry(name, () => withIdempotency(hospitalId, key, "test.op", { a: 1 }, work.run)),
    );
    await until(() => pendingSeenBy.has("two") && pendingSeenBy.has("three"), 10_000, "both retries waiting");
    work.finish();
    const [one, two, three] = await Promise.all([first, ...retries]);
    expect(work.runs()).toBe(1);
    expect(two).toEqual(one);
    expect(three).toEqual(one);
    expect(two!.at).toBeInstanceOf(Date);
  });

  it("the same key with another body is a CONFLICT, even while the first is running", async () => {
    const key = `conflict-${Date.now()}`;
    const held = heldChange(() => 1);
    const work = held.run;
    const first = withIdempotency(hospitalId, key, "test.op", { a: 1 }, work);
    await held.running;
    await expect(withIdempotency(hospitalId, key, "test.op", { a: 2 }, work)).rejects.toMatchObject({
      code: "CONFLICT",
      reason: "IDEMPOTENCY_KEY_REUSED",
    });
    held.finish();
    await first;
    await expect(withIdempotency(hospitalId, key, "test.other", { a: 1 }, work)).rejects.toMatchObject({
      code: "CONFLICT",
      reason: "IDEMPOTENCY_KEY_REUSED",
    });
  });

  it("a retry after the first failed runs the change itself", async () => {
    const key = `failed-${Date.now()}`;
    const failing = heldChange((): never => {
      throw new Error("database away");
    });
    const first = withIdempotency(hospitalId, key, "test.op", {}, failing.run);
    await failing.running;
    const retry = asRetry("after-failure", () =>
      withIdempotency(hospitalId, key, "test.op", {}, async () => "done"),
    );
    await until(() => pendingSeenBy.has("after-failure"), 10_000, "the retry waiting");
    failing.finish();
    await expect(first).rejects.toThrow("database away");
    expect(await retry).toBe("done");
  });

  it("gives up waiting after its limit with a plain CONFLICT", async () => {
    const key = `slow-${Date.now()}`;
    const held = heldChange(() => 1);
    const first = withIdempotency(hospitalId, key, "test.op", {}, held.run);
    await held.running;
    await expect(
      withIdempotency(hospitalId, key, "test.op", {}, async () => 2, { waitMs: 100 }),
    ).rejects.toMatchObject({ code: "CONFLICT", reason: "IDEMPOTENCY_KEY_IN_PROGRESS" });
    held.finish();
    expect(await first).toBe(1);
  });
});

describe("walk-in (tRPC)", () => {
  it("the same key with another patient is a CONFLICT, not the first patient's booking and link", async () => {
    const w = await queueWorld();
    const q = w.callers.reception.queue;
    const first = await q.walkIn({
      doctorId: w.doctor.id,
      patientName: "Ana First",
      idempotencyKey: "desk-key-77",
    });
    await expect(
      q.walkIn({ doctorId: w.doctor.id, patientName: "Bob Second", idempotencyKey: "desk-key-77" }),
    ).rejects.toMatchObject({ code: "CONFLICT", cause: { reason: "IDEMPOTENCY_KEY_REUSED" } });
    const again = await q.walkIn({
      doctorId: w.doctor.id,
      patientName: "Ana First",
      idempotencyKey: "desk-key-77",
    });
    expect(again).toMatchObject({
      appointmentId: first.appointmentId,
      trackingToken: first.trackingToken,
      duplicate: true,
      version: null,
    });
    expect(await getDb().appointment.count({ where: { hospitalId: w.hospital.id } })).toBe(1);
    expect((await w.facts()).events).toBe(1);
  });

  it("concurrent submits of one form all get the one booking (none is refused as busy)", async () => {
    const w = await queueWorld();
    const q = w.callers.reception.queue;
    const form = { doctorId: w.doctor.id, patientName: "Concurrent Carla", idempotencyKey: "desk-race-01" };
    const answers = await Promise.all(Array.from({ length: 5 }, () => q.walkIn(form)));
    expect(new Set(answers.map((a) => a.appointmentId)).size).toBe(1);
    expect(answers.filter((a) => !a.duplicate)).toHaveLength(1);
    expect(await getDb().appointment.count({ where: { hospitalId: w.hospital.id } })).toBe(1);
  });
});

describe("appointments.create (the REST intake's booking)", () => {
  it("concurrent retries with one key all get the one booking (none is refused as busy)", async () => {
    const w = await queueWorld();
    const caller = w.callers.reception.appointments;
    const body = {
      doctorId: w.doctor.id,
      patientName: "Rest Retry",
      scheduledAt: w.clock.at(2),
      idempotencyKey: "his-race-key-0001",
    };
    const answers = await Promise.allSettled(Array.from({ length: 6 }, () => caller.create(body)));
    expect(answers.map((a) => a.status)).toEqual(Array(6).fill("fulfilled"));
    const ids = answers.map(
      (a) => (a as PromiseFulfilledResult<{ appointmentId: string }>).value.appointmentId,
    );
    expect(new Set(ids).size).toBe(1);
  });
});
