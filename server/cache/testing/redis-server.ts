// Test helper: a private redis-server on a spare port that a test can kill and restart on that port.
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { once } from "node:events";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";

// Without libfaketime's preload: `redis-server --version` hangs under it (see STACK-NOTES/README).
const { LD_PRELOAD: _preload, FAKETIME: _faketime, ...plainEnv } = process.env;
export const hasRedisServer =
  spawnSync("redis-server", ["--version"], { env: plainEnv, timeout: 10_000 }).status === 0;

export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((r) => server.close(r));
  return port;
}

export async function isListening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, "127.0.0.1");
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}

/** `persist`: an append-only file fsynced on every write, so data survives a kill -9 and restart. */
export async function startRedisServer(opts: { persist?: boolean } = {}) {
  const port = await freePort();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "pq-redis-"));
  const args = ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--dir", dir];
  args.push(...(opts.persist ? ["--appendonly", "yes", "--appendfsync", "always"] : ["--appendonly", "no"]));
  let proc: ChildProcess | null = null;

  const start = async () => {
    // Without a faked clock (a test run under libfaketime): Redis's own expiry must keep real time.
    const { LD_PRELOAD, FAKETIME, ...env } = process.env;
    proc = spawn("redis-server", args, { stdio: "ignore", env });
    const deadline = Date.now() + 5000;
    while (!(await isListening(port))) {
      if (Date.now() > deadline) throw new Error(`redis-server did not start on port ${port}`);
      await new Promise((r) => setTimeout(r, 25));
    }
  };
  const kill = async () => {
    const running = proc;
    proc = null;
    if (!running || running.exitCode !== null) return;
    running.kill("SIGKILL");
    await once(running, "exit");
  };

  await start();
  return {
    port,
    url: `redis://127.0.0.1:${port}`,
    start,
    kill,
    async stop() {
      await kill();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Waits until `check` holds, polling every 20 ms. */
export async function until(check: () => boolean | Promise<boolean>, timeoutMs = 10_000, what = "condition") {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
