// Property: whatever mix of changes and dropped connections, a patient resuming with the last id it
// saw gets the missed state at once, never sees a version go backwards or twice, and ends current.
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signTrackingToken } from "../auth/tracking-token.ts";
import { until } from "../cache/testing/redis-server.ts";
import { checkIn } from "../services/queue-changes.ts";
import { createHospitalFixture } from "../test/fixtures.ts";
import { startTestServer, testClient } from "../test/server.ts";

let server: Awaited<ReturnType<typeof startTestServer>>;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.close();
});

type Step = { kind: "change" } | { kind: "drop"; changesWhileAway: number };

const step: fc.Arbitrary<Step> = fc.oneof(
  { weight: 3, arbitrary: fc.constant({ kind: "change" as const }) },
  {
    weight: 1,
    arbitrary: fc.integer({ min: 0, max: 3 }).map((n) => ({ kind: "drop" as const, changesWhileAway: n })),
  },
);

describe("resuming a patient's live updates", () => {
  it("gives the missed state at once, and versions only ever rise", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 8 }), async (steps) => {
        // A drop with no change while away is followed by one change (the signal that nothing came first).
        const changes = steps.reduce(
          (n, s) => n + (s.kind === "change" ? 1 : Math.max(1, s.changesWhileAway)),
          0,
        );
        const fx = await createHospitalFixture({
          appointments: Array.from({ length: changes + 1 }, (_, i) => ({
            at: `${String(Math.floor(i / 4)).padStart(2, "0")}:${String((i % 4) * 15).padStart(2, "0")}`,
          })),
        });
        const watched = fx.appointments[changes]!;
        const token = await signTrackingToken({
          appointmentId: watched.id,
          hospitalId: watched.hospitalId,
          doctorId: watched.doctorId,
          tokenVersion: 1,
        });
        let next = 0;
        let latest = 0;
        const change = async () => {
          latest = (
            await checkIn({ hospitalId: fx.hospital.id }, fx.appointments[next++]!.id, "staff:test", {
              force: true,
            })
          ).version;
        };
        const received: number[] = [];
        // The event ids as they came: a page resumes from the last one it got, as it got it.
        let lastId: string | null = null;
        const connect = (lastEventId: string | null) => {
          const c = testClient(server.url);
          const sub = c.client.tracking.onUpdate.subscribe(
            { token, lastEventId },
            {
              onData: (e) => {
                lastId = e.id;
                received.push(Number.parseInt(e.id, 10));
              },
            },
          );
          return () => {
            sub.unsubscribe();
            c.close();
          };
        };
        let disconnect = connect(null);
        try {
          await until(() => received.length === 1, 5_000, "the first event");
          for (const s of steps) {
            if (s.kind === "change") {
              await change();
              await until(() => received.at(-1) === latest, 5_000, "the change");
              continue;
            }
            disconnect();
            const seen = lastId;
            for (let i = 0; i < s.changesWhileAway; i++) await change();
            const before = received.length;
            disconnect = connect(seen);
            if (s.changesWhileAway > 0) {
              // The missed state arrives at once: the current version, nothing in between.
              await until(() => received.length > before, 5_000, "the missed state");
              expect(received[before]).toBe(latest);
            } else {
              // Nothing was missed: the next change is the first thing that arrives.
              await change();
              await until(() => received.at(-1) === latest, 5_000, "the next change");
              expect(received.slice(before)).toEqual([latest]);
            }
          }
          expect(received.at(-1)).toBe(latest);
          for (let i = 1; i < received.length; i++) expect(received[i]).toBeGreaterThan(received[i - 1]!);
        } finally {
          disconnect();
        }
      }),
      { numRuns: 6 },
    );
  }, 120_000);
});
