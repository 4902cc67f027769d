// Two server instances (processes) on one database and Redis: a change is pushed by the instance
// that made it, once; the other hears it on the bus and sends nothing. Both sign with the one key
// pair kept in the database.
import { afterAll, beforeAll, expect, it } from "vitest";
import { trackingTokenFor } from "../security/kit.ts";
import { createHospitalFixture } from "../test/fixtures.ts";
import { type Instance, startInstance } from "../test/instances.ts";
import { describeNeeding } from "../test/needs.ts";
import { type PushService, startPushService } from "../test/push-service.ts";
import type { PushPayload } from "./push.ts";
import { vapidKeys } from "./push-keys.ts";

let a: Instance;
let b: Instance;
let push: PushService;

describeNeeding(["pg", "redis"], "Web Push with two instances", () => {
  beforeAll(async () => {
    push = await startPushService();
    [a, b] = await Promise.all([startInstance(), startInstance()]);
  });
  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    await push?.close();
  });

  it("a change made through instance A is pushed once, by A; B pushes its own change", async () => {
    const fx = await createHospitalFixture({
      appointments: [{ at: "10:00", status: "CHECKED_IN" }, { at: "11:00" }],
    });
    const [first, second] = fx.appointments;
    for (const [appointment, name] of [
      [first!, "first"],
      [second!, "second"],
    ] as const) {
      const sub = push.subscriber(name);
      const res = await fetch(`${b.url}/api/appointments/track/${await trackingTokenFor(appointment)}/push`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ endpoint: sub.endpoint, keys: sub.keys }),
      });
      expect(res.status, await res.text()).toBe(200);
    }
    const day = { hospitalId: fx.hospital.id, doctorId: fx.doctor.id, date: fx.date };
    await a.call({ op: "callNext", args: day });
    await push.waitFor((p) => p.name === "first");
    // Then B makes a change of its own (after A's, under the queue's lock): a notice.
    await b.call({
      op: "emergency",
      args: { ...day, message: "Running late", priority: "normal", estimatedDelay: 15 },
    });
    await push.waitFor((p) => p.name === "second" && (p.payload as PushPayload).kind === "notice");
    await Promise.all([a.call({ op: "settlePushes" }), b.call({ op: "settlePushes" })]);

    const kinds = (name: string) =>
      push.received
        .filter((p) => p.name === name)
        .map((p) => (p.payload as PushPayload).kind)
        .sort();
    expect(kinds("first")).toEqual(["called"]);
    expect(kinds("second")).toEqual(["next", "notice"]);
    // One key pair for every instance: the one kept in the database.
    const { publicKey } = await vapidKeys();
    expect(new Set(push.received.map((p) => p.vapidKey))).toEqual(new Set([publicKey]));
    expect(push.problems).toEqual([]);
  });
});
