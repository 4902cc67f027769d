// One idempotency helper for the REST intake and the desk's walk-in: the same key and body gets the
// first answer; the same key with another body is a CONFLICT (never another patient's booking); a
// retry sent while the first is still running waits for it and gets its answer.
import { describe, expect, it } from "vitest";
import { getDb } from "../db/client.ts";
import { withIdempotency } from "./idempotency.ts";
import { queueWorld } from "./queue-test-kit.ts";

describe("the helper", () => {
  const hospitalId = "idempotency-test-hospital";
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

  it("a concurrent retry waits for the first request and gets its answer; the work runs once", async () => {
    const key = `wait-${Date.now()}`;
    let runs = 0;
    const work = async () => {
      runs++;
      await sleep(400);
      return { booked: runs, at: new Date("2026-06-04T10:00:00Z") };
    };
    const first = withIdempotency(hospitalId, key, "test.op", { a: 1 }, work);
    await sleep(50);
    const [one, two, three] = await Promise.all([
      first,
      withIdempotency(hospitalId, key, "test.op", { a: 1 }, work),
      withIdempotency(hospitalId, key, "test.op", { a: 1 }, work),
    ]);
    expect(runs).toBe(1);
    expect(two).toEqual(one);
    expect(three).toEqual(one);
    expect(two.at).toBeInstanceOf(Date);
  });

  it("the same key with another body is a CONFLICT, even while the first is running", async () => {
    const key = `conflict-${Date.now()}`;
    const work = async () => {
      await sleep(200);
      return 1;
    };
    const first = withIdempotency(hospitalId, key, "test.op", { a: 1 }, work);
    await sleep(50);
    await expect(withIdempotency(hospitalId, key, "test.op", { a: 2 }, work)).rejects.toMatchObject({
      code: "CONFLICT",
      message: expect.stringMatching(/different request/),
    });
    await first;
    await expect(withIdempotency(hospitalId, key, "test.other", { a: 1 }, work)).rejects.toMatchObject({
      code: "CONFLICT",
    });
  });

  it("a retry after the first failed runs the change itself", async () => {
    const key = `failed-${Date.now()}`;
    const failing = async () => {
      await sleep(100);
      throw new Error("database away");
    };
    const first = withIdempotency(hospitalId, key, "test.op", {}, failing);
    await sleep(20);
    const retry = withIdempotency(hospitalId, key, "test.op", {}, async () => "done");
    await expect(first).rejects.toThrow("database away");
    expect(await retry).toBe("done");
  });

  it("gives up waiting after its limit with a plain CONFLICT", async () => {
    const key = `slow-${Date.now()}`;
    const first = withIdempotency(hospitalId, key, "test.op", {}, async () => {
      await sleep(600);
      return 1;
    });
    await sleep(20);
    await expect(
      withIdempotency(hospitalId, key, "test.op", {}, async () => 2, { waitMs: 100 }),
    ).rejects.toMatchObject({ code: "CONFLICT", message: expect.stringMatching(/still being processed/) });
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
    ).rejects.toMatchObject({ code: "CONFLICT", message: expect.stringMatching(/different request/) });
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
