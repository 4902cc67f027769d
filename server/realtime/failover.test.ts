// Failure tests with real processes: server instances (server/test/instance-main.ts) on their own
// ports, sharing the run's PostgreSQL database and a Redis, with patients following one queue over
// wsLink as the browser does. Changes are made through a named instance.
import { createTRPCClient, createWSClient, wsLink } from "@trpc/client";
import superjson from "superjson";
import { afterEach, expect, it } from "vitest";
import WebSocket from "ws";
import { signTrackingToken } from "../auth/tracking-token.ts";
import { startRedisServer, until } from "../cache/testing/redis-server.ts";
import { createHospitalFixture } from "../test/fixtures.ts";
import { type Instance, startInstance } from "../test/instances.ts";
import { describeNeeding, itNeeding } from "../test/needs.ts";
import type { AppRouter } from "../trpc/root.ts";
import { WS_PATH } from "../ws/ws-server.ts";

type Fixture = Awaited<ReturnType<typeof createHospitalFixture>>;

async function queueWithPatients(n: number) {
  const fx = await createHospitalFixture({
    appointments: Array.from({ length: n }, (_, i) => ({
      at: `0${Math.floor(i / 4)}:${String((i % 4) * 15).padStart(2, "0")}`,
    })),
  });
  const tokens = await Promise.all(
    fx.appointments.map((a) =>
      signTrackingToken({
        appointmentId: a.id,
        hospitalId: a.hospitalId,
        doctorId: a.doctorId,
        tokenVersion: a.tokenVersion,
      }),
    ),
  );
  return { fx, tokens };
}

/** A patient's page: wsLink over a WebSocket that tries `urls` in turn on every (re)connect. */
function patient(urls: string[], token: string) {
  let attempt = 0;
  const events: { version: number; event: string; position: number | null }[] = [];
  const errors: { code?: string; message: string }[] = [];
  const wsClient = createWSClient({
    url: () => `${urls[attempt++ % urls.length]!.replace("http", "ws")}${WS_PATH}`,
    WebSocket: WebSocket as unknown as typeof globalThis.WebSocket,
    retryDelayMs: () => 100,
  });
  const client = createTRPCClient<AppRouter>({
    links: [wsLink({ client: wsClient, transformer: superjson })],
  });
  const sub = client.tracking.onUpdate.subscribe(
    { token, lastEventId: null },
    {
      onData: (e) =>
        events.push({
          version: Number.parseInt(e.id, 10),
          event: e.data.event,
          position: e.data.queue.position,
        }),
      onError: (err) => errors.push({ code: err.data?.code, message: err.message }),
    },
  );
  return {
    events,
    errors,
    versions: () => events.map((e) => e.version),
    last: () => events.at(-1)?.version ?? -1,
    close() {
      sub.unsubscribe();
      wsClient.close();
    },
  };
}

async function checkInThrough(instance: Instance, fx: Fixture, index: number): Promise<number> {
  const a = fx.appointments[index]!;
  const { result } = await instance.call<{ version: number }>({
    op: "checkIn",
    args: { hospitalId: a.hospitalId, appointmentId: a.id },
  });
  return result.version;
}

async function trackVersion(
  instance: Instance,
  token: string,
): Promise<{ status: number; version?: number }> {
  const res = await fetch(`${instance.url}/api/appointments/track/${token}`);
  const body = (await res.json().catch(() => null)) as { data?: { version?: number } } | null;
  return { status: res.status, version: body?.data?.version };
}

const strictlyRising = (xs: number[]) => xs.every((x, i) => i === 0 || x > xs[i - 1]!);

/** Whether the instance reports its Redis connections up. */
const healthy = async (i: Instance) =>
  ((await (await fetch(`${i.url}/health`)).json()) as { redis: string }).redis === "ok";

// Needs PostgreSQL (two processes cannot share the embedded database) and Redis (instances meet
// through it).
describeNeeding(["pg", "redis"], "instances as real processes", () => {
  const started: Instance[] = [];
  const patients: ReturnType<typeof patient>[] = [];
  const launch = async (env: Record<string, string | undefined> = {}) => {
    const instance = await startInstance({ env });
    started.push(instance);
    return instance;
  };
  const follow = (urls: string[], token: string) => {
    const p = patient(urls, token);
    patients.push(p);
    return p;
  };

  afterEach(async () => {
    for (const p of patients.splice(0)) p.close();
    await Promise.all(started.splice(0).map((i) => i.stop()));
  });

  it("a change made through one instance reaches a subscriber on the other", async () => {
    const { fx, tokens } = await queueWithPatients(3);
    const [a, b] = await Promise.all([launch(), launch()]);
    const onB = follow([b.url], tokens[2]!);
    await until(() => onB.events.length === 1, 10_000, "the first event on B");
    const version = await checkInThrough(a, fx, 0);
    await until(() => onB.last() === version, 5_000, "the change made on A to reach B");
    expect(strictlyRising(onB.versions())).toBe(true);
  });

  itNeeding(
    ["redis-server"],
    "Redis killed mid-run: no 5xx, same-instance delivery goes on, cross-instance delivery resumes, nothing stale after",
    async () => {
      const redis = await startRedisServer({ persist: true });
      try {
        const { fx, tokens } = await queueWithPatients(8);
        const env = { REDIS_URL: redis.url };
        const [a, b] = await Promise.all([launch(env), launch(env)]);
        const onA = follow([a.url], tokens[7]!);
        const onB = follow([b.url], tokens[6]!);
        await until(() => onA.events.length === 1 && onB.events.length === 1, 10_000, "first events");
        // Both instances read (and cache) the queue before the outage.
        expect((await trackVersion(a, tokens[5]!)).status).toBe(200);
        expect((await trackVersion(b, tokens[5]!)).status).toBe(200);
        const before = await checkInThrough(a, fx, 0);
        await until(() => onB.last() === before, 5_000, "cross-instance delivery before the outage");

        await redis.kill();
        const statuses: number[] = [];
        let during = before;
        for (let i = 1; i <= 3; i++) {
          during = await checkInThrough(a, fx, i);
          await until(() => onA.last() === during, 5_000, "same-instance delivery during the outage");
          for (const instance of [a, b])
            for (const t of [tokens[4]!, tokens[5]!]) statuses.push((await trackVersion(instance, t)).status);
        }
        expect(statuses.every((s) => s < 500)).toBe(true);
        expect(strictlyRising(onA.versions())).toBe(true);

        await redis.start();
        await until(
          async () => (await healthy(a)) && (await healthy(b)),
          15_000,
          "both instances back on Redis",
        );
        const after = await checkInThrough(a, fx, 4);
        await until(() => onB.last() === after, 10_000, "cross-instance delivery after Redis is back");
        expect(strictlyRising(onB.versions())).toBe(true);
        // Neither instance serves the snapshot Redis held from before the outage.
        for (const instance of [a, b])
          for (const t of tokens.slice(5))
            expect(await trackVersion(instance, t)).toEqual({ status: 200, version: after });
      } finally {
        await redis.stop();
      }
    },
    60_000,
  );

  itNeeding(
    ["redis-server"],
    "Redis down: a change made through one instance reaches a subscriber on the other within 5 s",
    async () => {
      const redis = await startRedisServer();
      try {
        const { fx, tokens } = await queueWithPatients(4);
        const env = { REDIS_URL: redis.url };
        const [a, b] = await Promise.all([launch(env), launch(env)]);
        const onB = follow([b.url], tokens[3]!);
        await until(() => onB.events.length === 1, 10_000, "the first event on B");
        await redis.kill();
        await until(async () => !(await healthy(b)), 5_000, "B to notice that Redis is gone");
        for (let i = 0; i < 2; i++) {
          const version = await checkInThrough(a, fx, i);
          await until(
            () => onB.last() === version,
            5_000,
            `change ${i + 1}, made on A while Redis is down, on B`,
          );
        }
        expect(strictlyRising(onB.versions())).toBe(true);
        expect(onB.errors).toEqual([]);
      } finally {
        await redis.stop();
      }
    },
    60_000,
  );

  itNeeding(
    ["redis-server"],
    "Redis back: every instance resyncs its subscribers at once (within 5 s), not at its next periodic check",
    async () => {
      const redis = await startRedisServer();
      try {
        const { fx, tokens } = await queueWithPatients(4);
        // The checks made while the bus is down are pushed out of the test's reach, so only the
        // resync on reconnecting can bring B the change.
        const env = { REDIS_URL: redis.url, PQ_HUB_OPTIONS: JSON.stringify({ downCheckMs: 120_000 }) };
        const [a, b] = await Promise.all([launch(env), launch(env)]);
        const onB = follow([b.url], tokens[3]!);
        await until(() => onB.events.length === 1, 10_000, "the first event on B");
        const first = onB.last();
        await redis.kill();
        await until(async () => !(await healthy(b)), 5_000, "B to notice that Redis is gone");
        const version = await checkInThrough(a, fx, 0);
        expect(version).toBeGreaterThan(first);
        await redis.start();
        await until(() => onB.last() === version, 5_000, "the change made while Redis was down, on B");
        expect(strictlyRising(onB.versions())).toBe(true);
        expect(onB.errors).toEqual([]);
      } finally {
        await redis.stop();
      }
    },
    60_000,
  );

  it("an instance killed with SIGKILL: its clients reconnect to the other and end at the right version with no gap", async () => {
    const { fx, tokens } = await queueWithPatients(6);
    const [a, b] = await Promise.all([launch(), launch()]);
    const watchers = [follow([a.url, b.url], tokens[5]!), follow([a.url, b.url], tokens[4]!)];
    await until(() => watchers.every((w) => w.events.length === 1), 10_000, "first events on A");
    const v1 = await checkInThrough(a, fx, 0);
    await until(() => watchers.every((w) => w.last() === v1), 5_000, "a change on A");

    expect(await a.kill("SIGKILL")).toBe(null);
    // Made while the patients are cut off: they must get it when they land on B.
    const v2 = await checkInThrough(b, fx, 1);
    await until(
      () => watchers.every((w) => w.last() === v2),
      10_000,
      "the missed change after reconnecting to B",
    );
    const v3 = await checkInThrough(b, fx, 2);
    await until(() => watchers.every((w) => w.last() === v3), 5_000, "the next change on B");
    for (const w of watchers) {
      const versions = w.versions();
      expect(versions.slice(-3)).toEqual([v1, v2, v3]);
      expect(strictlyRising(versions)).toBe(true);
      expect(w.errors).toEqual([]);
    }
  });

  it("SIGTERM: clients get a reconnect notice and move to the other instance, which then serves them", async () => {
    const { fx, tokens } = await queueWithPatients(4);
    // A would wait two minutes for its clients to leave before closing their sockets itself.
    const [a, b] = await Promise.all([launch({ PQ_DRAIN_MS: "120000" }), launch()]);
    const w = follow([a.url, b.url], tokens[3]!);
    await until(() => w.events.length === 1, 10_000, "first event on A");
    const v1 = await checkInThrough(a, fx, 0);
    await until(() => w.last() === v1, 5_000, "a change on A");
    const stats = async (i: Instance) => (await i.call<{ connections: number }>({ op: "stats" })).result;
    expect((await stats(a)).connections).toBe(1);

    // A exits (well within the test's time) only because the client left on the notice.
    expect(await a.kill("SIGTERM")).toBe(0);
    await until(async () => (await stats(b)).connections === 1, 5_000, "the client on B");
    const v2 = await checkInThrough(b, fx, 1);
    await until(() => w.last() === v2, 5_000, "a change on B");
    expect(w.versions().slice(-2)).toEqual([v1, v2]);
    expect(strictlyRising(w.versions())).toBe(true);
    expect(w.errors).toEqual([]);
  });
});
